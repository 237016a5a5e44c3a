// Execution-level behaviour: timeouts, history and payload limits, Wait, Stop, event ids.
#include <gtest/gtest.h>

#include "engine/history_builder.h"
#include "engine/scheduler.h"
#include "engine/timestamp.h"
#include "tests/engine/engine_test_util.h"

namespace tern::engine::testing {
namespace {

TEST(Execution, TimeoutSecondsTimesOutAWaitingExecution) {
  RunResult run = RunMachine(R"({"TimeoutSeconds": 30, "StartAt": "W", "States": {
    "W": {"Type": "Wait", "Seconds": 3600, "End": true}}})");
  EXPECT_EQ(run.outcome.status, ExecutionStatus::kTimedOut);
  EXPECT_EQ(run.outcome.error, "States.Timeout");
  EXPECT_EQ(run.elapsed_ms, 30000);
  EXPECT_EQ(run.types().back(), "ExecutionTimedOut");
}

TEST(Execution, InfiniteLoopStopsAtTheHistoryLimit) {
  RunResult run = RunMachine(R"({"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}})");
  EXPECT_EQ(run.outcome.status, ExecutionStatus::kFailed);
  EXPECT_EQ(run.outcome.error, "States.Runtime");
  EXPECT_LE(run.outcome.history.size(), kMaxHistoryEvents);
  EXPECT_GE(run.outcome.history.size(), kMaxHistoryEvents - 3);
}

TEST(Execution, OversizedStateOutputFailsWithDataLimitExceeded) {
  std::string big(300 * 1024, 'x');
  RunResult run = RunMachine(R"({"StartAt": "A", "States": {"A": {"Type": "Pass",
    "Parameters": {"a.$": "$.s", "b.$": "$.s"}, "End": true}}})",
                             Json{{"s", std::string(200 * 1024, 'x')}}.dump());
  EXPECT_EQ(run.outcome.status, ExecutionStatus::kFailed);
  EXPECT_EQ(run.outcome.error, "States.DataLimitExceeded");
  EXPECT_EQ(run.types(),
            (std::vector<std::string>{"ExecutionStarted", "PassStateEntered", "ExecutionFailed"}));
  RunResult input =
      RunMachine(R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}})",
                 Json{{"s", big}}.dump());
  EXPECT_EQ(input.outcome.error, "States.DataLimitExceeded");
}

TEST(Execution, EventIdsAreDenseAndFirstStateHasPreviousZero) {
  RunResult run = RunMachine(R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "Succeed"}}})");
  ASSERT_EQ(run.outcome.history.size(), 6u);
  for (size_t i = 0; i < run.outcome.history.size(); ++i) {
    EXPECT_EQ(run.outcome.history[i].id, static_cast<int64_t>(i + 1));
  }
  EXPECT_EQ(run.outcome.history[1].previous_event_id, 0);  // AWS quirk (verified)
  EXPECT_EQ(run.outcome.history[2].previous_event_id, 2);
}

TEST(Wait, TimestampInThePastDoesNotWaitAndBadSecondsPathFails) {
  RunResult past = RunMachine(R"({"StartAt": "W", "States": {"W": {"Type": "Wait",
    "Timestamp": "2001-01-01T00:00:00Z", "End": true}}})");
  EXPECT_EQ(past.outcome.status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(past.elapsed_ms, 0);
  RunResult negative = RunMachine(R"({"StartAt": "W", "States": {"W": {"Type": "Wait",
    "SecondsPath": "$.s", "End": true}}})",
                                  R"({"s": -1})");
  EXPECT_EQ(negative.outcome.error, "States.Runtime");
  EXPECT_NE(negative.outcome.cause.find("references a negative value: $.s == -1"),
            std::string::npos);
}

TEST(Execution, StopAbortsAWaitingExecution) {
  VirtualClock clock(kStart);
  Scheduler scheduler(clock);
  ScriptedInvoker invoker;
  Execution execution(Compile(R"({"StartAt": "W", "States": {"W": {"Type": "Wait",
    "Seconds": 100, "End": true}}})"),
                      Json::object(), {}, invoker, scheduler);
  scheduler.Post([&] { execution.Start(); });
  scheduler.At(kStart + 5000, [&] { execution.Stop("Stopped", "by the test"); });
  scheduler.Run([&] { return execution.finished(); });
  ExecutionOutcome outcome = execution.TakeOutcome();
  EXPECT_EQ(outcome.status, ExecutionStatus::kAborted);
  EXPECT_EQ(outcome.error, "Stopped");
  EXPECT_EQ(outcome.history.back().type, "ExecutionAborted");
}

TEST(Timestamp, ParsesTheRfc3339ProfileAndFormatsUtc) {
  EXPECT_EQ(ParseTimestamp("2016-03-14T01:59:00Z"), 1457920740000);
  EXPECT_EQ(ParseTimestamp("2016-03-14T01:59:00.5+01:00"), 1457920740000 - 3600000 + 500);
  for (const char* bad : {"2016-03-14 01:59:00Z", "2016-03-14T01:59:00", "2016-13-14T01:59:00Z",
                          "2016-02-30T01:59:00Z", "16-03-14T01:59:00Z", "2016-03-14t01:59:00z"}) {
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
  }
  EXPECT_EQ(FormatTimestamp(1457920740123), "2016-03-14T01:59:00.123Z");
}

}  // namespace
}  // namespace tern::engine::testing
