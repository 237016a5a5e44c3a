#include "tests/asl/validate/validate_test_util.h"

namespace tern::asl::testing {
namespace {

std::string JsonataPass(const std::string& output) {
  return "{\n\"QueryLanguage\": \"JSONata\",\n\"StartAt\": \"P\",\n\"States\": {\n\"P\": {\n"
         "\"Type\": \"Pass\",\n\"Output\": " +
         output + ",\n\"End\": true\n}\n}\n}";
}

TEST(JsonataPass, WellFormedExpressions) {
  ExpectValid(JsonataPass(R"({"sum": "{% $sum($states.input.n) %}", "lit": "plain",
"multi": "{% (\n  $a := 1;\n  $a + 1\n) %}"})"));
}

TEST(JsonataPass, SurroundSyntax) {
  ExpectError(JsonataPass(R"("{%1%}")"), "INVALID_JSONATA", "/States/P/Output", "\"Output\"");
  ExpectError(JsonataPass(R"("{% 1 %")"), "INVALID_JSONATA", "/States/P/Output", "\"Output\"");
  ExpectError(JsonataPass(R"("1 %}")"), "INVALID_JSONATA", "/States/P/Output", "\"Output\"");
  ExpectError(JsonataPass(R"("{%  %}")"), "INVALID_JSONATA", "/States/P/Output", "\"Output\"");
  ExpectError(JsonataPass(R"("{% \n1 %}")"), "INVALID_JSONATA", "/States/P/Output", "\"Output\"");
}

TEST(JsonataPass, ExpressionMustParse) {
  std::string def = JsonataPass(R"({
  "x": "{% $sum(1, %}"
})");
  ExpectError(def, "INVALID_JSONATA", "/States/P/Output/x", "\"x\"");
}

TEST(JsonataPass, JsonPathStatesTreatTheSyntaxAsALiteral) {
  ExpectValid(R"({
  "StartAt": "P",
  "States": {"P": {"Type": "Pass", "Result": {"x": "{% not parsed"}, "End": true}}
})");
}

TEST(JsonataPass, DynamicKeysAreJsonPathSyntax) {
  std::string def = JsonataPass(R"({
  "x.$": "$.a"
})");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/P/Output/x.$", "\"x.$\"");
}

TEST(JsonataPass, CheckPathsOffSkipsExpressions) {
  ValidateOptions no_paths;
  no_paths.check_paths = false;
  ExpectValid(JsonataPass(R"("{% 1 + %}")"), no_paths);
}

TEST(JsonataPass, CatcherAndChoiceExpressions) {
  const char* def = R"({
  "QueryLanguage": "JSONata",
  "StartAt": "C",
  "States": {
    "C": {"Type": "Choice", "Choices": [{
      "Condition": "{% ) %}",
      "Next": "S"}]},
    "S": {"Type": "Succeed"}
  }
})";
  ExpectError(def, "INVALID_JSONATA", "/States/C/Choices/0/Condition", "\"Condition\"");
}

}  // namespace
}  // namespace tern::asl::testing
