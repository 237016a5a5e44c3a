// Redrive (engine/redrive.cc): an execution that failed, timed out or was aborted resumes from
// its redrive point; only the states that did not succeed run again.
#include <atomic>
#include <set>

#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace tern::engine::testing {
namespace {

constexpr const char* kFn = "arn:aws:lambda:us-east-1:123456789012:function:";

// Fails every call whose payload's "n" is in `failing` (or every call of `fail_resource`).
class SwitchableInvoker final : public Invoker {
 public:
  void Invoke(const TaskRequest& request, std::function<void(TaskResult)> done) override {
    calls.push_back(request.payload);
    bool fail = request.resource.ends_with(":" + fail_resource);
    if (request.payload.is_object() && request.payload.contains("n") &&
        failing.contains(request.payload["n"].get<int>())) {
      fail = true;
    }
    if (fail) {
      done(Unexpected(asl::Failure{"Boom", "broken"}));
      return;
    }
    done(wrap ? Json{{"ok", request.payload}} : request.payload);
  }
  bool wrap = true;  // false: answers with the payload itself
  std::string fail_resource;
  std::set<int> failing;
  std::vector<Json> calls;
};

struct Attempt {
  ExecutionOutcome outcome;
  Json redrive_point;
  int64_t last_event = 0;
};

ExecutionOptions Options(int64_t redrive_count = 0) {
  ExecutionOptions o;
  o.state_machine_name = "Test";
  o.execution_name = "exec";
  o.redrive_count = redrive_count;
  return o;
}

Attempt RunFirst(const std::shared_ptr<const asl::StateMachine>& machine, const Json& input,
                 Invoker& invoker, VirtualClock& clock) {
  Scheduler scheduler(clock);
  Execution execution(machine, input, Options(), invoker, scheduler);
  scheduler.Post([&] { execution.Start(); });
  scheduler.Run([&] { return execution.finished(); });
  Attempt a;
  a.redrive_point = execution.RedrivePoint();
  a.outcome = execution.TakeOutcome();
  a.last_event = a.outcome.history.empty() ? 0 : a.outcome.history.back().id;
  return a;
}

// The redrive: event `previous.last_event + 1` is ExecutionRedriven (the runner writes it).
Attempt Redrive(const std::shared_ptr<const asl::StateMachine>& machine, const Json& input,
                const Attempt& previous, Invoker& invoker, VirtualClock& clock) {
  Scheduler scheduler(clock);
  Execution execution(machine, input, Options(1), invoker, scheduler);
  scheduler.Post([&] {
    execution.Resume(previous.outcome.start, previous.last_event + 1, previous.redrive_point);
  });
  scheduler.Run([&] { return execution.finished(); });
  Attempt a;
  a.redrive_point = execution.RedrivePoint();
  a.outcome = execution.TakeOutcome();
  return a;
}

struct CrashedRun {
  Json checkpoint;  // taken once the top frame's Map held two finished children
  Attempt resumed;  // the run resumed from it, to its end
};

// Runs until the top Map has two finished children, checkpoints, throws the execution away
// (a kill -9 after that commit), and resumes it from the checkpoint in a fresh one.
CrashedRun CrashAfterTwoChildrenThenResume(const std::shared_ptr<const asl::StateMachine>& machine,
                                           const Json& input, Invoker& invoker,
                                           VirtualClock& clock) {
  CrashedRun run;
  int64_t last_event = 0;
  TimeMs start = 0;
  {
    Scheduler scheduler(clock);
    Execution execution(machine, input, Options(), invoker, scheduler);
    scheduler.Post([&] { execution.Start(); });
    scheduler.Run([&] {
      run.checkpoint = execution.Checkpoint();
      return run.checkpoint["top"]["group"]["results"].size() >= 2;
    });
    for (const HistoryEvent& e : execution.TakeNewEvents()) last_event = e.id;
    start = execution.outcome().start;
  }
  Scheduler scheduler(clock);
  Execution execution(machine, input, Options(), invoker, scheduler);
  scheduler.Post([&] { execution.Resume(start, last_event, run.checkpoint); });
  scheduler.Run([&] { return execution.finished(); });
  run.resumed.redrive_point = execution.RedrivePoint();
  run.resumed.outcome = execution.TakeOutcome();
  run.resumed.last_event =
      run.resumed.outcome.history.empty() ? last_event : run.resumed.outcome.history.back().id;
  return run;
}

std::vector<std::string> Types(const ExecutionOutcome& o) {
  std::vector<std::string> t;
  for (const auto& e : o.history) t.emplace_back(e.type);
  return t;
}

TEST(Redrive, FailedTaskIsEnteredAgainWithItsOriginalInput) {
  auto machine = Compile(std::string(R"({"StartAt": "Prepare", "States": {
    "Prepare": {"Type": "Pass", "Result": {"n": 7}, "ResultPath": "$.prep", "Next": "Call"},
    "Call": {"Type": "Task", "Resource": ")") +
                         kFn + R"(call", "Parameters": {"n.$": "$.prep.n",
             "redrives.$": "$$.Execution.RedriveCount"}, "Next": "Done"},
    "Done": {"Type": "Pass", "End": true}}})");
  VirtualClock clock(kStart);
  SwitchableInvoker invoker;
  invoker.failing = {7};
  Attempt first = RunFirst(machine, Json{{"id", 1}}, invoker, clock);
  ASSERT_EQ(first.outcome.status, ExecutionStatus::kFailed);
  ASSERT_FALSE(first.redrive_point.is_null());
  EXPECT_EQ(first.redrive_point["top"]["state"], "Call");
  EXPECT_EQ(first.redrive_point["top"]["blocked"], "reenter");

  invoker.failing.clear();  // the function is fixed
  Attempt second = Redrive(machine, Json{{"id", 1}}, first, invoker, clock);
  ASSERT_EQ(second.outcome.status, ExecutionStatus::kSucceeded) << second.outcome.cause;
  EXPECT_EQ((*second.outcome.output)["ok"], (Json{{"n", 7}, {"redrives", 1}}));
  // Prepare did not run again: the redrive starts at Call, linked to ExecutionRedriven.
  std::vector<std::string> types = Types(second.outcome);
  ASSERT_FALSE(types.empty());
  EXPECT_EQ(types.front(), "TaskStateEntered");
  EXPECT_EQ(second.outcome.history.front().id, first.last_event + 2);
  EXPECT_EQ(second.outcome.history.front().previous_event_id, first.last_event + 1);
  EXPECT_EQ(Json::parse(second.outcome.history.front().input.str()),
            (Json{{"id", 1}, {"prep", {{"n", 7}}}}));
  EXPECT_EQ(invoker.calls.size(), 2u);
  EXPECT_TRUE(second.redrive_point.is_null());  // succeeded: nothing to redrive
}

TEST(Redrive, MapRerunsOnlyTheFailedIterations) {
  auto machine = Compile(std::string(R"({"StartAt": "Each", "States": {
    "Each": {"Type": "Map", "MaxConcurrency": 3, "ItemProcessor": {"StartAt": "Work", "States": {
      "Work": {"Type": "Task", "Resource": ")") +
                         kFn + R"(work", "Parameters": {"n.$": "$"},
               "End": true}}}, "End": true}}})");
  Json items = Json::array();
  for (int i = 0; i < 10; ++i) items.push_back(i);
  VirtualClock clock(kStart);
  SwitchableInvoker invoker;
  invoker.failing = {3, 8};
  Attempt first = RunFirst(machine, items, invoker, clock);
  ASSERT_EQ(first.outcome.status, ExecutionStatus::kFailed);
  const size_t first_calls = invoker.calls.size();

  invoker.failing.clear();
  invoker.calls.clear();
  Attempt second = Redrive(machine, items, first, invoker, clock);
  ASSERT_EQ(second.outcome.status, ExecutionStatus::kSucceeded) << second.outcome.cause;
  // The first attempt stopped at the first failure: iterations that had not succeeded then
  // (failed, aborted or never launched) run now, each once; none that succeeded runs again.
  std::set<int> succeeded;
  for (const auto& e : first.outcome.history) {
    if (e.type == "MapIterationSucceeded") succeeded.insert(static_cast<int>(e.index));
  }
  ASSERT_FALSE(succeeded.empty());
  std::set<int> rerun;
  for (const Json& c : invoker.calls) rerun.insert(c["n"].get<int>());
  EXPECT_EQ(invoker.calls.size(), rerun.size());
  EXPECT_EQ(rerun.size() + succeeded.size(), 10u);
  for (int n : succeeded) EXPECT_FALSE(rerun.contains(n)) << n;
  EXPECT_LT(first_calls, 10u + 1);
  Json expected = Json::array();
  for (int i = 0; i < 10; ++i) expected.push_back(Json{{"ok", {{"n", i}}}});
  EXPECT_EQ(*second.outcome.output, expected);
  EXPECT_EQ(Types(second.outcome).back(), "ExecutionSucceeded");
}

TEST(Redrive, MapWhereTwoOfTenItemsFailedRerunsOnlyThoseTwo) {
  // A distributed Map tolerating one failure: item 4 fails and is tolerated, item 9 (the last
  // to finish) exceeds the threshold, so 8 of the 10 succeeded.
  auto machine = Compile(std::string(R"({"StartAt": "Each", "States": {
    "Each": {"Type": "Map", "ToleratedFailureCount": 2,
             "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
               "StartAt": "Work", "States": {
               "Work": {"Type": "Task", "Resource": ")") +
                         kFn + R"(work", "Parameters": {"n.$": "$"},
                        "End": true}}}, "End": true}}})");
  Json items = Json::array();
  for (int i = 0; i < 10; ++i) items.push_back(i);
  VirtualClock clock(kStart);
  SwitchableInvoker invoker;
  invoker.failing = {4, 9};
  Attempt first = RunFirst(machine, items, invoker, clock);
  ASSERT_EQ(first.outcome.status, ExecutionStatus::kSucceeded);  // 2 failures tolerated
  EXPECT_TRUE(first.redrive_point.is_null());

  // Tolerating only one, the same run fails.
  auto strict = Compile(std::string(R"({"StartAt": "Each", "States": {
    "Each": {"Type": "Map", "ToleratedFailureCount": 1,
             "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
               "StartAt": "Work", "States": {
               "Work": {"Type": "Task", "Resource": ")") +
                        kFn + R"(work", "Parameters": {"n.$": "$"},
                        "End": true}}}, "End": true}}})");
  invoker.calls.clear();
  Attempt failed = RunFirst(strict, items, invoker, clock);
  ASSERT_EQ(failed.outcome.status, ExecutionStatus::kFailed);
  ASSERT_EQ(invoker.calls.size(), 10u);
  invoker.failing.clear();
  invoker.calls.clear();
  Attempt second = Redrive(strict, items, failed, invoker, clock);
  ASSERT_EQ(second.outcome.status, ExecutionStatus::kSucceeded) << second.outcome.cause;
  ASSERT_EQ(invoker.calls.size(), 2u);
  std::set<int> rerun{invoker.calls[0]["n"].get<int>(), invoker.calls[1]["n"].get<int>()};
  EXPECT_EQ(rerun, (std::set<int>{4, 9}));
  EXPECT_EQ((*second.outcome.output)[4], (Json{{"ok", {{"n", 4}}}}));
  EXPECT_EQ((*second.outcome.output)[9], (Json{{"ok", {{"n", 9}}}}));
  EXPECT_EQ((*second.outcome.output)[0], (Json{{"ok", {{"n", 0}}}}));
}

TEST(Redrive, ParallelRerunsOnlyTheFailedBranch) {
  auto machine = Compile(std::string(R"({"StartAt": "Both", "States": {
    "Both": {"Type": "Parallel", "End": true, "Branches": [
      {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": ")") +
                         kFn +
                         R"(a", "Parameters": {"n": 1}, "End": true}}},
      {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 5, "Next": "B"},
                                   "B": {"Type": "Task", "Resource": ")" +
                         kFn + R"(b", "Parameters": {"n": 2}, "End": true}}}]}}})");
  VirtualClock clock(kStart);
  SwitchableInvoker invoker;
  invoker.failing = {2};
  Attempt first = RunFirst(machine, Json::object(), invoker, clock);
  ASSERT_EQ(first.outcome.status, ExecutionStatus::kFailed);
  ASSERT_EQ(invoker.calls.size(), 2u);
  invoker.failing.clear();
  invoker.calls.clear();
  const TimeMs before = clock.Now();
  Attempt second = Redrive(machine, Json::object(), first, invoker, clock);
  ASSERT_EQ(second.outcome.status, ExecutionStatus::kSucceeded) << second.outcome.cause;
  ASSERT_EQ(invoker.calls.size(), 1u);  // branch A kept its result; the Wait did not rerun
  EXPECT_EQ(invoker.calls[0], (Json{{"n", 2}}));
  EXPECT_EQ(clock.Now(), before);
  EXPECT_EQ(*second.outcome.output,
            (Json::array({Json{{"ok", {{"n", 1}}}}, Json{{"ok", {{"n", 2}}}}})));
  std::vector<std::string> types = Types(second.outcome);
  EXPECT_EQ(types.front(), "TaskStateEntered");
  EXPECT_EQ(types[types.size() - 3], "ParallelStateSucceeded");
}

TEST(Redrive, TimedOutExecutionRestartsItsWaitAndGetsItsTimeoutAgain) {
  auto machine = Compile(R"({"StartAt": "Nap", "TimeoutSeconds": 10, "States": {
    "Nap": {"Type": "Wait", "SecondsPath": "$.seconds", "End": true}}})");
  VirtualClock clock(kStart);
  SwitchableInvoker invoker;
  Attempt first = RunFirst(machine, Json{{"seconds", 8}}, invoker, clock);
  ASSERT_EQ(first.outcome.status, ExecutionStatus::kSucceeded);
  Attempt late = RunFirst(machine, Json{{"seconds", 30}}, invoker, clock);
  ASSERT_EQ(late.outcome.status, ExecutionStatus::kTimedOut);
  ASSERT_EQ(late.redrive_point["top"]["blocked"], "reenter");
}

TEST(Redrive, SucceededExecutionHasNoRedrivePoint) {
  VirtualClock clock(kStart);
  SwitchableInvoker invoker;
  auto machine = Compile(R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})");
  Attempt a = RunFirst(machine, Json::object(), invoker, clock);
  ASSERT_EQ(a.outcome.status, ExecutionStatus::kSucceeded);
  EXPECT_TRUE(a.redrive_point.is_null());
}

TEST(Redrive, RedrivePointSurvivesACheckpointBeforeTheStateIsEntered) {
  // A crash right after the redrive was recorded: the checkpoint then still holds the
  // "reenter" frames, and resuming from it is the same redrive.
  auto machine = Compile(std::string(R"({"StartAt": "Call", "States": {
    "Call": {"Type": "Task", "Resource": ")") +
                         kFn + R"(call", "End": true}}})");
  VirtualClock clock(kStart);
  SwitchableInvoker invoker;
  invoker.fail_resource = "call";
  Attempt first = RunFirst(machine, Json{{"x", 1}}, invoker, clock);
  ASSERT_EQ(first.outcome.status, ExecutionStatus::kFailed);
  Json checkpoint;
  {
    Scheduler scheduler(clock);
    Execution execution(machine, Json{{"x", 1}}, Options(1), invoker, scheduler);
    execution.Resume(first.outcome.start, first.last_event + 1, first.redrive_point);
    checkpoint = execution.Checkpoint();  // before the posted re-entry ran
  }
  EXPECT_EQ(checkpoint["top"]["blocked"], "reenter");
  invoker.fail_resource.clear();
  Attempt crashed = first;
  crashed.redrive_point = checkpoint;
  Attempt second = Redrive(machine, Json{{"x", 1}}, crashed, invoker, clock);
  ASSERT_EQ(second.outcome.status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(second.outcome.history.front().previous_event_id, first.last_event + 1);
}

TEST(Redrive, AMapThatFailedAfterAllItsIterationsSucceededIsEnteredAgain) {
  // The iterations all succeed, then ResultSelector fails on what they returned: a redrive has
  // no iteration left to run, so it enters the Map again (it used to wait forever).
  auto machine = Compile(std::string(R"({"StartAt": "Each", "States": {
    "Each": {"Type": "Map", "ItemProcessor": {"StartAt": "Work", "States": {
      "Work": {"Type": "Task", "Resource": ")") +
                         kFn + R"(work", "Parameters": {"n.$": "$"}, "End": true}}},
             "ResultSelector": {"first.$": "$[0].ok.n"}, "End": true}}})");
  VirtualClock clock(kStart);
  SwitchableInvoker invoker;
  invoker.wrap = false;
  Attempt first = RunFirst(machine, Json::array({1, 2, 3}), invoker, clock);
  ASSERT_EQ(first.outcome.status, ExecutionStatus::kFailed);
  ASSERT_EQ(invoker.calls.size(), 3u);
  ASSERT_EQ(first.redrive_point["top"]["blocked"], "reenter");

  invoker.wrap = true;  // the function is fixed
  invoker.calls.clear();
  Attempt second = Redrive(machine, Json::array({1, 2, 3}), first, invoker, clock);
  ASSERT_EQ(second.outcome.status, ExecutionStatus::kSucceeded) << second.outcome.cause;
  EXPECT_EQ(invoker.calls.size(), 3u);
  EXPECT_EQ(*second.outcome.output, (Json{{"first", 1}}));
}

TEST(Redrive, IterationsFinishedBeforeACrashAreKeptByALaterRedrive) {
  // Items run one at a time, each after a 10 s Wait. The process stops (checkpoint) after two
  // have finished; the resumed execution fails on item 3; the redrive reruns item 3 only.
  auto machine = Compile(std::string(R"({"StartAt": "Each", "States": {
    "Each": {"Type": "Map", "MaxConcurrency": 1, "ItemProcessor": {"StartAt": "Nap", "States": {
      "Nap": {"Type": "Wait", "Seconds": 10, "Next": "Work"},
      "Work": {"Type": "Task", "Resource": ")") +
                         kFn + R"(work", "Parameters": {"n.$": "$"}, "End": true}}},
             "End": true}}})");
  const Json items = Json::array({0, 1, 2, 3});
  VirtualClock clock(kStart);
  SwitchableInvoker invoker;
  invoker.failing = {3};
  CrashedRun run = CrashAfterTwoChildrenThenResume(machine, items, invoker, clock);
  ASSERT_EQ(run.checkpoint["top"]["group"]["results"].size(), 2u);
  const Attempt& resumed = run.resumed;
  ASSERT_EQ(resumed.outcome.status, ExecutionStatus::kFailed);
  EXPECT_EQ(resumed.redrive_point["top"]["group"]["results"].size(), 3u)
      << "items 0 and 1 (restored) and 2 (run after the crash) are kept";

  invoker.failing.clear();
  invoker.calls.clear();
  Attempt redriven = Redrive(machine, items, resumed, invoker, clock);
  ASSERT_EQ(redriven.outcome.status, ExecutionStatus::kSucceeded) << redriven.outcome.cause;
  ASSERT_EQ(invoker.calls.size(), 1u);
  EXPECT_EQ(invoker.calls[0], (Json{{"n", 3}}));
  Json expected = Json::array();
  for (int i = 0; i < 4; ++i) expected.push_back(Json{{"ok", {{"n", i}}}});
  EXPECT_EQ(*redriven.outcome.output, expected);
}

TEST(Redrive, AToleratedFailureRestoredFromACheckpointReRunsTheWholeMap) {
  // Item 0 fails and is tolerated before the crash; after the resume item 3 fails past the
  // threshold. The checkpoint kept item 0's error but not the state it failed in, so the
  // redrive runs the Map again (it used to write a frame with no state and fail to resume).
  auto machine = Compile(std::string(R"({"StartAt": "Each", "States": {
    "Each": {"Type": "Map", "MaxConcurrency": 1, "ToleratedFailureCount": 1,
             "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
               "StartAt": "Nap", "States": {
               "Nap": {"Type": "Wait", "Seconds": 10, "Next": "Work"},
               "Work": {"Type": "Task", "Resource": ")") +
                         kFn + R"(work", "Parameters": {"n.$": "$"}, "End": true}}},
             "End": true}}})");
  const Json items = Json::array({0, 1, 2, 3});
  VirtualClock clock(kStart);
  SwitchableInvoker invoker;
  invoker.failing = {0, 3};
  CrashedRun run = CrashAfterTwoChildrenThenResume(machine, items, invoker, clock);
  ASSERT_EQ(run.checkpoint["top"]["group"]["failed"], Json::array({0}));
  const Attempt& resumed = run.resumed;
  ASSERT_EQ(resumed.outcome.status, ExecutionStatus::kFailed);
  EXPECT_EQ(resumed.redrive_point["top"]["blocked"], "reenter");

  invoker.failing.clear();
  invoker.calls.clear();
  Attempt redriven = Redrive(machine, items, resumed, invoker, clock);
  ASSERT_EQ(redriven.outcome.status, ExecutionStatus::kSucceeded) << redriven.outcome.cause;
  EXPECT_EQ(invoker.calls.size(), 4u);
}

TEST(Redrive, AStateThatFailedBeforeStartingItsChildrenDoesNotTakeAnEarlierGroup) {
  // P1's branch fails and is caught; P2 fails on its InputPath before making a group of its
  // own. The frame still holds P1's group: the redrive must enter P2 again, not restore P1's
  // branches inside it.
  auto machine = Compile(R"({"StartAt": "P1", "States": {
    "P1": {"Type": "Parallel", "Branches": [
             {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom"}}}],
           "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.caught", "Next": "P2"}],
           "End": true},
    "P2": {"Type": "Parallel", "InputPath": "$.nope", "Branches": [
             {"StartAt": "Fine", "States": {"Fine": {"Type": "Pass", "End": true}}}],
           "End": true}}})");
  VirtualClock clock(kStart);
  SwitchableInvoker invoker;
  Attempt first = RunFirst(machine, Json::object(), invoker, clock);
  ASSERT_EQ(first.outcome.status, ExecutionStatus::kFailed);
  EXPECT_EQ(first.redrive_point["top"]["state"], "P2");
  EXPECT_EQ(first.redrive_point["top"]["blocked"], "reenter");
  Attempt second = Redrive(machine, Json::object(), first, invoker, clock);
  ASSERT_EQ(second.outcome.status, ExecutionStatus::kFailed);  // the path is still missing
  EXPECT_EQ(second.outcome.error, "States.Runtime");
  EXPECT_EQ(Types(second.outcome).front(), "ParallelStateEntered");
}

}  // namespace
}  // namespace tern::engine::testing
