#include "tests/asl/validate/validate_test_util.h"

namespace tern::asl::testing {
namespace {

std::string PassWith(const std::string& fields) {
  return "{\n\"StartAt\": \"P\",\n\"States\": {\n\"P\": {\n\"Type\": \"Pass\",\n" + fields +
         ",\n\"End\": true\n}\n}\n}";
}

TEST(PathsPass, ValidPathsAndTemplates) {
  ExpectValid(PassWith(R"js("InputPath": "$.a[*].b",
"OutputPath": null,
"ResultPath": "$.result['x'][0]",
"Parameters": {"a.$": "$.x", "ctx.$": "$$.Execution.Id", "f.$": "States.Format('{}', $.y)",
               "lit": "$.not.evaluated", "nested": [{"b.$": "$..c"}]})js"));
}

TEST(PathsPass, InputPathSyntax) {
  std::string def = PassWith(R"js("InputPath": "$.a[",
"OutputPath": "$")js");
  ExpectError(def, "INVALID_JSON_PATH", "/States/P/InputPath", "\"InputPath\"");
}

TEST(PathsPass, ResultPathMustBeAReferencePathIntoTheInput) {
  std::string def = PassWith(R"js("ResultPath": "$.a[*]",
"Parameters": {})js");
  ExpectError(def, "INVALID_REFERENCE_PATH", "/States/P/ResultPath", "\"ResultPath\"");
  std::string context = PassWith(R"js("ResultPath": "$$.Execution")js");
  ExpectError(context, "INVALID_REFERENCE_PATH", "/States/P/ResultPath", "\"ResultPath\"");
}

TEST(PathsPass, DynamicKeyNeedsAPathOrIntrinsic) {
  std::string def = PassWith(R"js("Parameters": {
  "ok.$": "$.a",
  "bad.$": "a.b",
  "call.$": "States.Nope(1)",
  "num.$": 5
})js");
  ExpectError(def, "INVALID_JSON_PATH", "/States/P/Parameters/bad.$", "\"bad.$\"");
  ExpectError(def, "INVALID_INTRINSIC", "/States/P/Parameters/call.$", "\"call.$\"");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/P/Parameters/num.$", "\"num.$\"");
}

TEST(PathsPass, KeysThatCollideOnceTheSuffixIsStripped) {
  std::string def = PassWith(R"js("Parameters": {
  "a": 1,
  "a.$": "$.x"
})js");
  ExpectError(def, "DUPLICATE_KEY", "/States/P/Parameters/a.$", "\"a.$\"");
}

TEST(PathsPass, IntrinsicLiteralArgumentTypes) {
  std::string def = PassWith(R"js("Parameters": {
  "sum.$": "States.MathAdd($.a, 'one')"
})js");
  ExpectError(def, "INVALID_INTRINSIC", "/States/P/Parameters/sum.$", "\"sum.$\"");
  ExpectValid(PassWith(R"js("Parameters": {"sum.$": "States.MathAdd($.a, -1)"})js"));
}

TEST(PathsPass, CheckPathsOffSkipsSyntaxButNotTypes) {
  ValidateOptions no_paths;
  no_paths.check_paths = false;
  ExpectValid(PassWith(R"js("InputPath": "not a path")js"), no_paths);
  ExpectError(PassWith(R"js("Parameters": {
  "n.$": 1
})js"),
              "SCHEMA_VALIDATION_FAILED", "/States/P/Parameters/n.$", "\"n.$\"", no_paths);
}

TEST(PathsPass, TaskPathFieldsAreReferencePaths) {
  const char* def = R"js({
  "StartAt": "T",
  "States": {
    "T": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "TimeoutSecondsPath": "$.t[0:2]",
      "End": true
    }
  }
})js";
  ExpectError(def, "INVALID_REFERENCE_PATH", "/States/T/TimeoutSecondsPath",
              "\"TimeoutSecondsPath\"");
}

TEST(PathsPass, FailErrorPathMayBeAnIntrinsic) {
  ExpectValid(R"js({
  "StartAt": "F",
  "States": {"F": {"Type": "Fail", "ErrorPath": "$.error",
                   "CausePath": "States.Format('bad {}', $.x)"}}
})js");
}

}  // namespace
}  // namespace tern::asl::testing
