#include "tests/asl/validate/validate_test_util.h"

namespace tern::asl::testing {
namespace {

std::string ChoiceWith(const std::string& choices) {
  return "{\n\"StartAt\": \"C\",\n\"States\": {\n\"C\": {\n\"Type\": \"Choice\",\n"
         "\"Choices\": " +
         choices + ",\n\"Default\": \"S\"\n},\n\"S\": {\"Type\": \"Succeed\"}\n}\n}";
}

TEST(ChoicePass, ValidRules) {
  ExpectValid(ChoiceWith(R"([
  {"Variable": "$.a", "NumericGreaterThan": 1, "Next": "S"},
  {"And": [{"Variable": "$.b", "StringMatches": "x*"},
           {"Not": {"Variable": "$$.Execution.Name", "IsPresent": true}}], "Next": "S"},
  {"Variable": "$.t", "TimestampLessThan": "2016-03-14T01:59:00Z", "Next": "S"},
  {"Variable": "$.t", "TimestampLessThanPath": "$.other", "Next": "S"}
])"));
}

TEST(ChoicePass, TopRuleNeedsNext) {
  std::string def = ChoiceWith(R"([
  {"Variable": "$.a", "IsNull": true}
])");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/C/Choices/0", "{\"Variable\"");
}

TEST(ChoicePass, NestedRuleMustNotHaveNext) {
  std::string def = ChoiceWith(R"([
  {"Not": {"Variable": "$.a", "IsNull": true, "Next": "S"},
   "Next": "S"}
])");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/C/Choices/0/Not/Next", "{\"Not\"");
}

TEST(ChoicePass, ExactlyOneOperator) {
  std::string def = ChoiceWith(R"([
  {"Variable": "$.a", "IsNull": true, "IsString": true, "Next": "S"},
  {"Variable": "$.a",
   "Next": "S"}
])");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/C/Choices/0", "\"IsString\"");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/C/Choices/1", "{\"Variable\": \"$.a\",\n");
}

TEST(ChoicePass, VariableMustBeAReferencePath) {
  std::string def = ChoiceWith(R"([
  {"Variable": "$.items[*].a", "IsNull": true, "Next": "S"}
])");
  ExpectError(def, "INVALID_REFERENCE_PATH", "/States/C/Choices/0/Variable", "$.items[*]");
}

TEST(ChoicePass, OperandTypes) {
  std::string def = ChoiceWith(R"([
  {"Variable": "$.a", "NumericEquals": "1", "Next": "S"},
  {"Variable": "$.a", "TimestampEquals": "2016-03-14 01:59:00Z", "Next": "S"},
  {"Variable": "$.a", "BooleanEquals": 1, "Next": "S"}
])");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/C/Choices/0/NumericEquals", "\"1\"");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/C/Choices/1/TimestampEquals",
              "2016-03-14 01");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/C/Choices/2/BooleanEquals",
              "\"BooleanEquals\"");
}

TEST(ChoicePass, EmptyAndIsInvalid) {
  std::string def = ChoiceWith(R"([
  {"And": [], "Next": "S"}
])");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/C/Choices/0/And", "\"And\"");
}

TEST(ChoicePass, JsonataRulesUseCondition) {
  const char* ok = R"({
  "QueryLanguage": "JSONata",
  "StartAt": "C",
  "States": {
    "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.a > 1 %}", "Next": "S",
          "Output": {"x": 1}}], "Default": "S"},
    "S": {"Type": "Succeed"}
  }
})";
  ExpectValid(ok);
  const char* bad = R"({
  "QueryLanguage": "JSONata",
  "StartAt": "C",
  "States": {
    "C": {"Type": "Choice", "Choices": [{
      "Variable": "$.a",
      "Next": "S"}], "Default": "S"},
    "S": {"Type": "Succeed"}
  }
})";
  ExpectError(bad, "SCHEMA_VALIDATION_FAILED", "/States/C/Choices/0/Variable", "\"Variable\"");
  ExpectError(bad, "SCHEMA_VALIDATION_FAILED", "/States/C/Choices/0", "{\n      \"Variable\"");
}

TEST(ChoicePass, DeepNestingIsRefusedNotCrashed) {
  std::string rule = R"({"Variable": "$.a", "IsNull": true})";
  for (int i = 0; i < 300; ++i) rule = "{\"Not\": " + rule + "}";
  auto diagnostics =
      Check(ChoiceWith("[" + rule.substr(0, rule.size() - 1) + ", \"Next\": \"S\"}]"));
  EXPECT_TRUE(HasErrors(diagnostics));
}

}  // namespace
}  // namespace tern::asl::testing
