// Retry timing (on the virtual clock), retrier selection and Catch behaviour.
#include <gtest/gtest.h>

#include "tests/engine/engine_test_util.h"

namespace tern::engine::testing {
namespace {

asl::Failure Fail(const std::string& error, const std::string& cause = "boom") {
  return {error, cause};
}

const char* kRetryingTask = R"({
  "StartAt": "T",
  "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 3}],
    "End": true}}})";

TEST(Retry, BacksOffExponentiallyThenSucceeds) {
  ScriptedInvoker invoker;
  invoker.Add(Unexpected(Fail("Flaky")));
  invoker.Add(Unexpected(Fail("Flaky")));
  invoker.Add(Json{{"ok", true}});
  RunResult run = RunMachine(kRetryingTask, "{}", invoker);
  EXPECT_EQ(run.outcome.status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(*run.outcome.output, (Json{{"ok", true}}));
  EXPECT_EQ(run.elapsed_ms, 2000 + 6000);  // 2 s, then 2 * 3 s
  ASSERT_EQ(invoker.requests.size(), 3u);
  EXPECT_EQ(invoker.requests[2].attempt, 2);
  EXPECT_EQ(run.Count("TaskScheduled"), 3u);
  EXPECT_EQ(run.Count("TaskStateEntered"), 1u);  // retries do not re-enter the state
}

TEST(Retry, ExhaustedRetrierFailsWithTheLastError) {
  ScriptedInvoker invoker;
  for (int i = 0; i < 4; ++i) invoker.Add(Unexpected(Fail("Flaky", "try " + std::to_string(i))));
  RunResult run = RunMachine(kRetryingTask, "{}", invoker);
  EXPECT_EQ(run.outcome.status, ExecutionStatus::kFailed);
  EXPECT_EQ(run.outcome.error, "Flaky");
  EXPECT_EQ(run.outcome.cause, "try 3");
  EXPECT_EQ(invoker.requests.size(), 4u);  // first try + MaxAttempts 3
}

TEST(Retry, MaxDelayCapsAndMaxAttemptsZeroNeverRetries) {
  const char* def = R"({"StartAt": "T", "States": {"T": {"Type": "Task",
    "Resource": "arn:aws:states:::lambda:invoke",
    "Retry": [{"ErrorEquals": ["Never"], "MaxAttempts": 0},
              {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "BackoffRate": 10,
               "MaxDelaySeconds": 15, "MaxAttempts": 2}],
    "End": true}}})";
  ScriptedInvoker invoker;
  invoker.Add(Unexpected(Fail("Other")));
  invoker.Add(Unexpected(Fail("Other")));
  invoker.Add(Json(1));
  RunResult run = RunMachine(def, "{}", invoker);
  EXPECT_EQ(run.outcome.status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(run.elapsed_ms, 10000 + 15000);  // second delay 100 s capped at 15 s

  ScriptedInvoker never;
  never.Add(Unexpected(Fail("Never")));
  RunResult no_retry = RunMachine(def, "{}", never);
  EXPECT_EQ(no_retry.outcome.error, "Never");
  EXPECT_EQ(never.requests.size(), 1u);
}

TEST(Retry, FirstMatchingRetrierDecidesEvenWhenExhausted) {
  // AWS docs: once the matching retrier is exhausted, later retriers are not consulted.
  const char* def = R"({"StartAt": "T", "States": {"T": {"Type": "Task",
    "Resource": "arn:aws:states:::lambda:invoke",
    "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 1, "IntervalSeconds": 1},
              {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5, "IntervalSeconds": 1}],
    "End": true}}})";
  ScriptedInvoker invoker;
  for (int i = 0; i < 5; ++i) invoker.Add(Unexpected(Fail("E")));
  RunResult run = RunMachine(def, "{}", invoker);
  EXPECT_EQ(run.outcome.status, ExecutionStatus::kFailed);
  EXPECT_EQ(invoker.requests.size(), 2u);
}

TEST(Catch, ResultPathKeepsInputAndAddsErrorOutput) {
  const char* def = R"({"StartAt": "T", "States": {
    "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.err", "Next": "H"}],
          "End": true},
    "H": {"Type": "Pass", "End": true}}})";
  ScriptedInvoker invoker;
  invoker.Add(Unexpected(Fail("Custom", "why")));
  RunResult run = RunMachine(def, R"({"a": 1})", invoker);
  EXPECT_EQ(run.outcome.status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(*run.outcome.output, Json::parse(R"({"a":1,"err":{"Error":"Custom","Cause":"why"}})"));
  EXPECT_EQ(run.types(), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered",
                                                   "TaskScheduled", "TaskStarted", "TaskFailed",
                                                   "TaskStateExited", "PassStateEntered",
                                                   "PassStateExited", "ExecutionSucceeded"}));
}

TEST(Catch, StatesRuntimeIsNeverCaught) {
  const char* def = R"({"StartAt": "T", "States": {
    "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.missing",
          "Catch": [{"ErrorEquals": ["States.Runtime"], "Next": "H"},
                    {"ErrorEquals": ["States.ALL"], "Next": "H"}],
          "End": true},
    "H": {"Type": "Pass", "End": true}}})";
  ScriptedInvoker invoker;
  invoker.Add(Json::object());
  RunResult run = RunMachine(def, "{}", invoker);
  EXPECT_EQ(run.outcome.status, ExecutionStatus::kFailed);
  EXPECT_EQ(run.outcome.error, "States.Runtime");
  EXPECT_NE(run.outcome.cause.find("An error occurred while executing the state 'T'"),
            std::string::npos);
}

TEST(Catch, TaskFailedDoesNotMatchTimeout) {
  const char* def = R"({"StartAt": "T", "States": {
    "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 1,
          "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "H"}], "End": true},
    "H": {"Type": "Pass", "End": true}}})";
  ScriptedInvoker invoker;
  invoker.Never();
  RunResult run = RunMachine(def, "{}", invoker);
  EXPECT_EQ(run.outcome.status, ExecutionStatus::kFailed);
  EXPECT_EQ(run.outcome.error, "States.Timeout");
  EXPECT_EQ(run.elapsed_ms, 1000);
  EXPECT_EQ(run.Count("TaskTimedOut"), 1u);
}

}  // namespace
}  // namespace tern::engine::testing
