#include "tests/asl/validate/validate_test_util.h"

namespace tern::asl::testing {
namespace {

std::string TaskWith(const std::string& fields) {
  return "{\n\"StartAt\": \"T\",\n\"States\": {\n\"T\": {\n\"Type\": \"Task\",\n"
         "\"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:f\",\n" +
         fields + ",\n\"End\": true\n},\n\"H\": {\"Type\": \"Succeed\"}\n}\n}";
}

TEST(RetryCatchPass, ValidRetriersAndCatchers) {
  ExpectValid(TaskWith(R"("Retry": [
  {"ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 2, "MaxAttempts": 0,
   "BackoffRate": 1.5, "MaxDelaySeconds": 10, "JitterStrategy": "FULL"},
  {"ErrorEquals": ["States.ALL"]}
],
"Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H", "ResultPath": "$.error"}])"));
}

TEST(RetryCatchPass, StatesAllMustBeAlone) {
  std::string def = TaskWith(R"("Retry": [
  {"ErrorEquals": ["States.ALL", "States.Timeout"]}
])");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/T/Retry/0/ErrorEquals", "\"States.ALL\"");
}

TEST(RetryCatchPass, StatesAllMustBeLast) {
  std::string def = TaskWith(R"("Catch": [
  {"ErrorEquals": ["States.ALL"], "Next": "H"},
  {"ErrorEquals": ["States.Timeout"], "Next": "H"}
])");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/T/Catch/0/ErrorEquals", "\"States.ALL\"");
}

TEST(RetryCatchPass, ErrorEqualsNonEmptyStrings) {
  std::string def = TaskWith(R"("Retry": [
  {"ErrorEquals": []},
  {"ErrorEquals": [""]}
])");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/T/Retry/0/ErrorEquals", "[]");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/T/Retry/1/ErrorEquals/0", "[\"\"]");
}

TEST(RetryCatchPass, NumericRanges) {
  std::string def = TaskWith(R"("Retry": [
  {"ErrorEquals": ["E"],
   "IntervalSeconds": 0,
   "MaxAttempts": -1,
   "BackoffRate": 0.5,
   "JitterStrategy": "SOME"}
])");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/T/Retry/0/IntervalSeconds",
              "\"IntervalSeconds\"");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/T/Retry/0/MaxAttempts", "\"MaxAttempts\"");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/T/Retry/0/BackoffRate", "\"BackoffRate\"");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/T/Retry/0/JitterStrategy",
              "\"JitterStrategy\"");
}

TEST(RetryCatchPass, CatcherNeedsNext) {
  std::string def = TaskWith(R"("Catch": [
  {"ErrorEquals": ["E"]}
])");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/T/Catch/0", "{\"ErrorEquals\": [\"E\"]}");
}

TEST(RetryCatchPass, RetryOnlyOnTaskParallelMap) {
  const char* def = R"({
  "StartAt": "P",
  "States": {
    "P": {
      "Type": "Pass",
      "Retry": [{"ErrorEquals": ["States.ALL"]}],
      "End": true
    }
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/P/Retry", "\"Retry\"");
}

TEST(RetryCatchPass, UnknownStatesErrorIsAWarning) {
  auto diagnostics = Check(TaskWith(R"("Retry": [{"ErrorEquals": ["States.Tiemout"]}],
"Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}])"));
  EXPECT_FALSE(HasErrors(diagnostics)) << Describe(diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].severity, Severity::kWarning);
}

}  // namespace
}  // namespace tern::asl::testing
