#include "tests/asl/validate/validate_test_util.h"

namespace tern::asl::testing {
namespace {

std::string Task(const std::string& fields) {
  return "{\n\"StartAt\": \"T\",\n\"States\": {\n\"T\": {\n\"Type\": \"Task\",\n" + fields +
         ",\n\"End\": true\n}\n}\n}";
}

TEST(TaskPass, ValidResources) {
  for (const char* resource :
       {"arn:aws:lambda:us-east-1:123456789012:function:fn",
        "arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST",
        "arn:aws:lambda:us-east-1:123456789012:function:fn:prod", "arn:aws:states:::lambda:invoke",
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "arn:aws:states:us-east-1:123456789012:activity:work", "${LambdaArn}"}) {
    ExpectValid(Task("\"Resource\": \"" + std::string(resource) + "\""));
  }
}

TEST(TaskPass, InvalidArn) {
  std::string def = Task(R"("Resource": "lambda:fn")");
  ExpectError(def, "INVALID_ARN", "/States/T/Resource", "\"Resource\"");
  ExpectError(Task(R"("Resource": "arn:aws:lambda:us-east-1:1:function:fn:bad*alias")"),
              "INVALID_ARN", "/States/T/Resource", "\"Resource\"");
  ValidateOptions no_arns;
  no_arns.check_arns = false;
  ExpectValid(def, no_arns);
}

TEST(TaskPass, TimeoutAndHeartbeat) {
  std::string def = Task(R"("Resource": "arn:aws:states:::lambda:invoke",
"TimeoutSeconds": 10,
"HeartbeatSeconds": 10)");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/T/HeartbeatSeconds",
              "\"HeartbeatSeconds\"");
  std::string pair = Task(R"("Resource": "arn:aws:states:::lambda:invoke",
"TimeoutSeconds": 10,
"TimeoutSecondsPath": "$.t")");
  ExpectError(pair, "MUTUALLY_EXCLUSIVE_PROPERTIES", "/States/T/TimeoutSecondsPath",
              "\"TimeoutSecondsPath\"");
  std::string zero = Task(R"("Resource": "arn:aws:states:::lambda:invoke",
"TimeoutSeconds": 0)");
  ExpectError(zero, "SCHEMA_VALIDATION_FAILED", "/States/T/TimeoutSeconds", "\"TimeoutSeconds\"");
}

TEST(TaskPass, JsonataTimeoutMayBeAnExpression) {
  ExpectValid(R"({
  "QueryLanguage": "JSONata",
  "StartAt": "T",
  "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "TimeoutSeconds": "{% $states.input.t %}", "End": true}}
})");
}

TEST(TaskPass, Credentials) {
  ExpectValid(Task(R"("Resource": "arn:aws:states:::lambda:invoke",
"Credentials": {"RoleArn.$": "$.role"})"));
  std::string null_credentials = Task(R"("Resource": "arn:aws:states:::lambda:invoke",
"Credentials": null)");
  ExpectError(null_credentials, "SCHEMA_VALIDATION_FAILED", "/States/T/Credentials",
              "\"Credentials\"");
  auto missing = Check(Task(R"("Resource": "arn:aws:states:::lambda:invoke",
"Credentials": {})"));
  ASSERT_FALSE(missing.empty());
  EXPECT_EQ(missing[0].message, "The field 'RoleArn' is required but was missing");
  EXPECT_EQ(missing[0].severity, Severity::kWarning);
}

TEST(TaskPass, ExpressRefusesCallbacksSyncAndActivities) {
  ValidateOptions express;
  express.express = true;
  std::string callback = Task(R"("Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken")");
  ExpectValid(callback);
  ExpectError(callback, "SCHEMA_VALIDATION_FAILED", "/States/T/Resource", "\"Resource\"", express);
  auto diagnostics = Check(callback, express);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].message,
            "Express state machine does not support '.waitForTaskToken' service integration ");
  ExpectError(Task(R"("Resource": "arn:aws:states:::states:startExecution.sync:2")"),
              "SCHEMA_VALIDATION_FAILED", "/States/T/Resource", "\"Resource\"", express);
  ExpectError(Task(R"("Resource": "arn:aws:states:us-east-1:123456789012:activity:a")"),
              "SCHEMA_VALIDATION_FAILED", "/States/T/Resource", "\"Resource\"", express);
}

}  // namespace
}  // namespace tern::asl::testing
