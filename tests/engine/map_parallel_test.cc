// Map and Parallel: ordering, concurrency, failure propagation and aborting of siblings.
#include <gtest/gtest.h>

#include "common/json_text.h"
#include "tests/engine/engine_test_util.h"

namespace tern::engine::testing {
namespace {

TEST(Map, ResultsKeepItemOrderAndSelectorSeesContext) {
  const char* def = R"({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs",
    "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "k.$": "$.k"},
    "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
    "End": true}}})";
  RunResult run = RunMachine(def, R"({"xs": ["a", "b"], "k": 7})");
  ASSERT_EQ(run.outcome.status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(*run.outcome.output, Json::parse(R"([{"i":0,"v":"a","k":7},{"i":1,"v":"b","k":7}])"));
  EXPECT_EQ(run.Count("MapIterationStarted"), 2u);
  EXPECT_EQ(run.Count("MapIterationSucceeded"), 2u);
}

TEST(Map, MaxConcurrencyBoundsRunningIterations) {
  // Each iteration waits 10 s: with MaxConcurrency 2, 5 items take 3 rounds.
  const char* def = R"({"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 2,
    "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}},
    "End": true}}})";
  RunResult run = RunMachine(def, "[1, 2, 3, 4, 5]");
  ASSERT_EQ(run.outcome.status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(run.elapsed_ms, 30000);
  RunResult unbounded = RunMachine(
      R"({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "W",
      "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}}, "End": true}}})",
      "[1, 2, 3, 4, 5]");
  EXPECT_EQ(unbounded.elapsed_ms, 10000);
}

TEST(Map, FailingIterationAbortsTheOthersAndFailsTheMap) {
  const char* def = R"({"StartAt": "M", "States": {"M": {"Type": "Map",
    "ItemProcessor": {"StartAt": "C", "States": {
      "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "Soon"}],
            "Default": "W"},
      "W": {"Type": "Wait", "Seconds": 100, "End": true},
      "Soon": {"Type": "Wait", "Seconds": 1, "Next": "Bad"},
      "Bad": {"Type": "Fail", "Error": "ItemFailed", "Cause": "item 2"}}},
    "End": true}}})";
  RunResult run = RunMachine(def, "[1, 2, 3]");
  EXPECT_EQ(run.outcome.status, ExecutionStatus::kFailed);
  EXPECT_EQ(run.outcome.error, "ItemFailed");
  EXPECT_EQ(run.outcome.cause, "item 2");
  EXPECT_EQ(run.Count("MapIterationFailed"), 1u);
  EXPECT_EQ(run.Count("MapIterationAborted"), 2u);
  EXPECT_EQ(run.Count("WaitStateAborted"), 2u);
  EXPECT_EQ(run.Count("MapStateFailed"), 1u);
  EXPECT_EQ(run.elapsed_ms, 1000);  // nobody waited for the aborted Waits
}

TEST(Map, NonArrayItemsIsARuntimeError) {
  RunResult run = RunMachine(R"({"StartAt": "M", "States": {"M": {"Type": "Map",
    "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
    "End": true}}})",
                             R"({"not": "an array"})");
  EXPECT_EQ(run.outcome.status, ExecutionStatus::kFailed);
  EXPECT_EQ(run.outcome.error, "States.Runtime");
  EXPECT_EQ(run.outcome.cause, "Reference path \"$\" must point to array.");
}

TEST(Parallel, BranchOutputsInOrderAndBranchErrorPropagates) {
  const char* ok = R"({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [
      {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 5, "Next": "A2"},
                                  "A2": {"Type": "Pass", "Result": "a", "End": true}}},
      {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": "b", "End": true}}}],
    "ResultPath": "$.r", "End": true}}})";
  RunResult run = RunMachine(ok, R"({"x": 1})");
  ASSERT_EQ(run.outcome.status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(*run.outcome.output, Json::parse(R"({"x":1,"r":["a","b"]})"));

  const char* bad = R"({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [
      {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 5, "End": true}}},
      {"StartAt": "B", "States": {"B": {"Type": "Fail", "Error": "BranchBroke"}}}],
    "Catch": [{"ErrorEquals": ["BranchBroke"], "ResultPath": "$.e", "Next": "H"}],
    "End": true}, "H": {"Type": "Pass", "End": true}}})";
  RunResult caught = RunMachine(bad, "{}");
  ASSERT_EQ(caught.outcome.status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(*caught.outcome.output, Json::parse(R"({"e":{"Error":"BranchBroke"}})"));
  EXPECT_EQ(caught.Count("ParallelStateFailed"), 1u);
  EXPECT_EQ(caught.Count("WaitStateAborted"), 1u);
}

TEST(Variables, BranchesReadOuterVariablesButDoNotLeakTheirOwn) {
  const char* def = R"({"StartAt": "S", "States": {
    "S": {"Type": "Pass", "Assign": {"outer": 1}, "Next": "P"},
    "P": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {
      "B": {"Type": "Pass", "Assign": {"inner": 2}, "Parameters": {"o.$": "$outer"}, "End": true}}}],
      "Next": "Check"},
    "Check": {"Type": "Pass", "Parameters": {"o.$": "$outer", "r.$": "$"}, "End": true}}})";
  RunResult run = RunMachine(def);
  ASSERT_EQ(run.outcome.status, ExecutionStatus::kSucceeded) << run.outcome.cause;
  EXPECT_EQ(*run.outcome.output, Json::parse(R"({"o":1,"r":[{"o":1}]})"));
}

TEST(Variables, AssignmentsSeeValuesFromBeforeTheState) {
  const char* def = R"({"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
    "B": {"Type": "Pass", "Assign": {"x": 2, "old.$": "$x"}, "Next": "C"},
    "C": {"Type": "Pass", "Parameters": {"x.$": "$x", "old.$": "$old"}, "End": true}}})";
  RunResult run = RunMachine(def);
  ASSERT_EQ(run.outcome.status, ExecutionStatus::kSucceeded) << run.outcome.cause;
  EXPECT_EQ(*run.outcome.output, Json::parse(R"({"x":2,"old":1})"));
  // History lists assigned variables as JSON text, names sorted.
  const HistoryEvent& exited = run.outcome.history[4];
  ASSERT_EQ(exited.type, "PassStateExited");
  EXPECT_EQ(exited.details()["assignedVariables"], Json::parse(R"({"old":"1","x":"2"})"));
}

// A Map's or Parallel's output text is put together from its children's texts (ResultText) when
// the output is the results array as is; otherwise it is written from the output. Either way the
// exited event's text is exactly the output written.
TEST(MapAndParallel, ExitedTextIsTheOutputWritten) {
  const std::string processor =
      R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "$"}, "End": true}}})";
  const std::vector<std::pair<std::string, std::string>> machines = {
      {"map as is", R"({"Type": "Map", "ItemProcessor": )" + processor + R"(, "End": true})"},
      {"map ResultPath", R"({"Type": "Map", "ItemsPath": "$.v", "ItemProcessor": )" + processor +
                             R"(, "ResultPath": "$.r", "End": true})"},
      {"map OutputPath", R"({"Type": "Map", "ItemsPath": "$.v", "ItemProcessor": )" + processor +
                             R"(, "OutputPath": "$[1]", "End": true})"},
      {"parallel as is", R"({"Type": "Parallel", "Branches": [)" + processor + "," + processor +
                             R"(], "End": true})"},
      {"parallel ResultSelector",
       R"({"Type": "Parallel", "Branches": [)" + processor +
           R"(], "ResultSelector": {"first.$": "$[0]"}, "End": true})"},
  };
  for (const auto& [what, state] : machines) {
    const bool is_map = what.starts_with("map");
    RunResult run = RunMachine(R"({"StartAt": "S", "States": {"S": )" + state + "}}",
                               is_map && what != "map as is" ? R"({"v": [1, "two", {"3": [3]}]})"
                                                             : R"([1, "two", {"3": [3]}])");
    ASSERT_EQ(run.outcome.status, ExecutionStatus::kSucceeded) << what;
    const std::string written = DumpCompact(*run.outcome.output);
    const HistoryEvent& succeeded = run.outcome.history.back();
    const HistoryEvent& exited = run.outcome.history[run.outcome.history.size() - 2];
    EXPECT_EQ(exited.type, is_map ? "MapStateExited" : "ParallelStateExited") << what;
    EXPECT_EQ(exited.output.view(), written) << what;
    EXPECT_EQ(succeeded.output.view(), written) << what;
  }
}

}  // namespace
}  // namespace tern::engine::testing
