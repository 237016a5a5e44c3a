// Checkpoints and resume: an execution interrupted between any two scheduler callbacks and
// resumed from its checkpoint in a fresh scheduler ends with the same output and the same
// history (types, ids, links) as one that ran uninterrupted.
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace tern::engine::testing {
namespace {

// Every kind of waiting a frame can do: a task (with a retried failure), a Wait, a Parallel
// whose branches wait and call tasks, a Map with limited concurrency, variables at every level.
constexpr const char* kWorkflow = R"({
  "StartAt": "Init",
  "States": {
    "Init": {"Type": "Pass", "Result": {"items": [1, 2, 3, 4, 5]}, "Assign": {"greeting": "hi"},
             "Next": "Flaky"},
    "Flaky": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
              "ResultPath": "$.flaky", "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 3}],
              "Next": "Pause"},
    "Pause": {"Type": "Wait", "Seconds": 10, "Next": "Both"},
    "Both": {"Type": "Parallel", "ResultPath": "$.both", "Next": "Each",
             "Branches": [
               {"StartAt": "B1", "States": {
                 "B1": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo",
                        "Parameters": {"branch": 1, "g.$": "$greeting"}, "Next": "B1Wait"},
                 "B1Wait": {"Type": "Wait", "Seconds": 5, "End": true}}},
               {"StartAt": "B2", "States": {
                 "B2": {"Type": "Wait", "Seconds": 2, "Next": "B2Task"},
                 "B2Task": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo",
                            "Parameters": {"branch": 2}, "End": true}}}]},
    "Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "ResultPath": "$.each",
             "ItemProcessor": {"StartAt": "Double", "States": {
               "Double": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo",
                          "Parameters": {"n.$": "$"}, "Assign": {"local.$": "$.echo.n"}, "Next": "Nap"},
               "Nap": {"Type": "Wait", "Seconds": 1, "End": true}}},
             "Next": "Done"},
    "Done": {"Type": "Pass", "Parameters": {"flaky.$": "$.flaky", "both.$": "$.both",
             "each.$": "$.each", "greeting.$": "$greeting"}, "End": true}
  }
})";

// Deterministic: `flaky` fails on its first attempt, everything else echoes its payload.
class EchoInvoker final : public Invoker {
 public:
  void Invoke(const TaskRequest& request, std::function<void(TaskResult)> done) override {
    ++calls;
    if (request.resource.ends_with(":flaky") && request.attempt == 0) {
      done(Unexpected(asl::Failure{"Boom", "first attempt"}));
      return;
    }
    done(Json{{"echo", request.payload}});
  }
  int calls = 0;
};

ExecutionOptions Options() {
  ExecutionOptions options;
  options.state_machine_name = "Test";
  options.execution_name = "exec";
  return options;
}

struct InterruptedRun {
  ExecutionOutcome outcome;
  EventList history;  // every event, across the interruption
  bool interrupted = false;
};

// Runs the workflow for `callbacks` scheduler callbacks, checkpoints, throws the execution and
// its scheduler away, and resumes it in new ones (a crash right after a checkpoint commit).
InterruptedRun RunInterrupted(const std::shared_ptr<const asl::StateMachine>& machine, int callbacks) {
  InterruptedRun run;
  Json input = Json::object();
  EchoInvoker invoker;
  VirtualClock clock(kStart);
  std::optional<Json> checkpoint;
  TimeMs start = 0;
  {
    Scheduler scheduler(clock);
    Execution execution(machine, input, Options(), invoker, scheduler);
    scheduler.Post([&] { execution.Start(); });
    int n = 0;
    scheduler.Run([&] { return execution.finished() || n++ >= callbacks; });
    if (execution.finished()) {
      run.outcome = execution.TakeOutcome();
      run.history = std::move(run.outcome.history);
      return run;
    }
    run.interrupted = true;
    run.history = execution.TakeNewEvents();
    checkpoint = execution.Checkpoint();
    start = execution.outcome().start;
  }
  // The checkpoint is plain JSON: it survives a round trip through text (the store).
  checkpoint = Json::parse(checkpoint->dump());
  Scheduler scheduler(clock);
  Execution execution(machine, input, Options(), invoker, scheduler);
  const int64_t last = run.history.empty() ? 0 : run.history.back().id;
  scheduler.Post([&] { execution.Resume(start, last, checkpoint); });
  scheduler.Run([&] { return execution.finished(); });
  run.outcome = execution.TakeOutcome();
  for (HistoryEvent& e : run.outcome.history) run.history.push_back(std::move(e));
  return run;
}

TEST(CheckpointResume, EveryInterruptionPointEndsLikeAnUninterruptedRun) {
  auto machine = Compile(kWorkflow);
  ASSERT_TRUE(machine);
  InterruptedRun baseline = RunInterrupted(machine, 1 << 30);
  ASSERT_FALSE(baseline.interrupted);
  ASSERT_EQ(baseline.outcome.status, ExecutionStatus::kSucceeded) << baseline.outcome.error << ": " << baseline.outcome.cause;
  ASSERT_TRUE(baseline.outcome.output);
  EXPECT_EQ((*baseline.outcome.output)["greeting"], "hi");
  EXPECT_EQ((*baseline.outcome.output)["each"].size(), 5u);

  int interrupted = 0;
  for (int callbacks = 1; callbacks < 400; ++callbacks) {
    InterruptedRun run = RunInterrupted(machine, callbacks);
    if (!run.interrupted) break;
    ++interrupted;
    SCOPED_TRACE("interrupted after " + std::to_string(callbacks) + " callbacks");
    ASSERT_EQ(run.outcome.status, ExecutionStatus::kSucceeded) << run.outcome.cause;
    EXPECT_EQ(*run.outcome.output, *baseline.outcome.output);
    ASSERT_EQ(run.history.size(), baseline.history.size());
    for (size_t i = 0; i < run.history.size(); ++i) {
      const HistoryEvent& got = run.history[i];
      const HistoryEvent& want = baseline.history[i];
      EXPECT_EQ(got.id, static_cast<int64_t>(i + 1));
      EXPECT_EQ(got.type, want.type) << "event " << got.id;
      EXPECT_EQ(got.previous_event_id, want.previous_event_id) << "event " << got.id;
      EXPECT_EQ(got.name, want.name) << "event " << got.id;
    }
  }
  // The workflow blocks at many points (task, retry backoff, waits, branches, iterations).
  EXPECT_GT(interrupted, 15);
  RecordProperty("interruption_points", interrupted);
}

TEST(CheckpointResume, WaitKeepsItsOriginalDeadline) {
  auto machine = Compile(R"({"StartAt": "W", "States": {
      "W": {"Type": "Wait", "Seconds": 100, "End": true}}})");
  EchoInvoker invoker;
  VirtualClock clock(kStart);
  Json checkpoint;
  {
    Scheduler scheduler(clock);
    Execution execution(machine, Json::object(), Options(), invoker, scheduler);
    scheduler.Post([&] { execution.Start(); });
    scheduler.Run([&] { return true; });  // stop before anything runs
    scheduler.Run([&, n = 0]() mutable { return n++ >= 1; });
    checkpoint = execution.Checkpoint();
    ASSERT_EQ(checkpoint["top"]["blocked"], "wait");
    EXPECT_EQ(checkpoint["top"]["wake_at"], kStart + 100'000);
  }
  clock.AdvanceTo(kStart + 40'000);  // the process was down for 40 s
  Scheduler scheduler(clock);
  Execution execution(machine, Json::object(), Options(), invoker, scheduler);
  scheduler.Post([&] { execution.Resume(kStart, 2, checkpoint); });
  scheduler.Run([&] { return execution.finished(); });
  EXPECT_EQ(execution.outcome().status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(clock.Now(), kStart + 100'000);
}

TEST(CheckpointResume, NoCheckpointStartsAfterExecutionStarted) {
  auto machine = Compile(R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})");
  EchoInvoker invoker;
  VirtualClock clock(kStart);
  Scheduler scheduler(clock);
  Execution execution(machine, Json{{"a", 1}}, Options(), invoker, scheduler);
  scheduler.Post([&] { execution.Resume(kStart, 1, std::nullopt); });
  scheduler.Run([&] { return execution.finished(); });
  ExecutionOutcome outcome = execution.TakeOutcome();
  ASSERT_EQ(outcome.history.size(), 3u);
  EXPECT_EQ(outcome.history[0].id, 2);
  EXPECT_EQ(outcome.history[0].type, "PassStateEntered");
  EXPECT_EQ(outcome.history[2].type, "ExecutionSucceeded");
  EXPECT_EQ(*outcome.output, (Json{{"a", 1}}));
}

// Keeps every request and never answers (a function still running, a token not yet answered).
class HoldingInvoker final : public Invoker {
 public:
  void Invoke(const TaskRequest& request, std::function<void(TaskResult)> done) override {
    requests.push_back(request);
    answers.push_back(std::move(done));
  }
  std::vector<TaskRequest> requests;
  std::vector<std::function<void(TaskResult)>> answers;
};

// A token task checkpointed before its function returned is invoked again on resume; one
// checkpointed after the token was handed over only waits for the answer.
TEST(CheckpointResume, ATokenTaskIsInvokedAgainUnlessItsTokenWasHandedOver) {
  auto machine = Compile(R"({"StartAt": "Ask", "States": {
    "Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "approve", "Payload": {"token.$": "$$.Task.Token"}},
            "End": true}}})");
  VirtualClock clock(kStart);
  Json before, after;
  size_t delivered = 9;
  {
    HoldingInvoker invoker;
    Scheduler scheduler(clock);
    Execution execution(machine, Json::object(), Options(), invoker, scheduler);
    scheduler.Post([&] { execution.Start(); });
    scheduler.Run([&] { return invoker.requests.size() == 1; });
    before = execution.Checkpoint();
    execution.PendingTokens(nullptr, &delivered);
    EXPECT_EQ(delivered, 0u);
    invoker.requests[0].on_delivered();  // the function returned
    scheduler.Run([&] { return execution.Checkpoint()["top"]["delivered"] == true; });
    after = execution.Checkpoint();
    execution.PendingTokens(nullptr, &delivered);
    EXPECT_EQ(delivered, 1u);
  }
  ASSERT_EQ(before["top"]["blocked"], "task");
  EXPECT_EQ(before["top"]["delivered"], false);
  EXPECT_EQ(after["top"]["delivered"], true);
  EXPECT_EQ(before["top"]["token"], after["top"]["token"]);
  for (const auto& [checkpoint, resumed] : {std::pair{before, false}, std::pair{after, true}}) {
    HoldingInvoker invoker;
    Scheduler scheduler(clock);
    Execution execution(machine, Json::object(), Options(), invoker, scheduler);
    scheduler.Post([&] { execution.Resume(kStart, 3, checkpoint); });
    scheduler.Run([&] { return invoker.requests.size() == 1; });
    EXPECT_EQ(invoker.requests[0].resumed, resumed);
    EXPECT_EQ(invoker.requests[0].task_token, checkpoint["top"]["token"].get<std::string>());
  }
}

}  // namespace
}  // namespace tern::engine::testing
