// JitterStrategy FULL: each retry waits a uniform draw between 0 and the backoff it would have
// waited, from a generator seeded per execution (options.random_seed, else the execution's
// name). A checkpoint carries how far the generator got, so a resumed execution's retries wait
// what the uninterrupted execution's would have.
#include <gtest/gtest.h>

#include "tests/engine/engine_test_util.h"

namespace tern::engine::testing {
namespace {

// Fails five times, then succeeds: five jittered backoffs of 100 s * 2^k.
constexpr const char* kJittered = R"({
  "StartAt": "T",
  "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 100, "BackoffRate": 2,
               "MaxAttempts": 5, "JitterStrategy": "FULL"}],
    "End": true}}})";
constexpr int kFailures = 5;

class FlakyInvoker final : public Invoker {
 public:
  void Invoke(const TaskRequest& request, std::function<void(TaskResult)> done) override {
    if (request.attempt < kFailures) {
      done(Unexpected(asl::Failure{"Flaky", "attempt " + std::to_string(request.attempt)}));
    } else {
      done(Json{{"ok", true}});
    }
  }
};

ExecutionOptions Options(uint64_t seed) {
  ExecutionOptions options;
  options.state_machine_name = "Test";
  options.execution_name = "exec";
  options.random_seed = seed;
  return options;
}

// The waits between consecutive TaskScheduled events (the invoker answers at once, so each is
// the backoff before that attempt), in ms.
std::vector<TimeMs> Backoffs(const EventList& history) {
  std::vector<TimeMs> scheduled;
  for (const HistoryEvent& e : history) {
    if (e.type == "TaskScheduled") scheduled.push_back(e.timestamp);
  }
  std::vector<TimeMs> waits;
  for (size_t i = 1; i < scheduled.size(); ++i) waits.push_back(scheduled[i] - scheduled[i - 1]);
  return waits;
}

std::vector<TimeMs> RunOnce(uint64_t seed) {
  FlakyInvoker invoker;
  VirtualClock clock(kStart);
  ExecutionOutcome outcome =
      RunExecution(Compile(kJittered), Json::object(), Options(seed), invoker, clock);
  EXPECT_EQ(outcome.status, ExecutionStatus::kSucceeded) << outcome.cause;
  return Backoffs(outcome.history);
}

TEST(RetryJitter, EachBackoffIsADrawBetweenZeroAndTheFullBackoff) {
  const std::vector<TimeMs> waits = RunOnce(7);
  ASSERT_EQ(waits.size(), static_cast<size_t>(kFailures));
  bool any_shortened = false;
  for (size_t k = 0; k < waits.size(); ++k) {
    const TimeMs full = 100'000 << k;
    EXPECT_GE(waits[k], 0) << "retry " << k;
    EXPECT_LE(waits[k], full) << "retry " << k;
    any_shortened |= waits[k] < full;
  }
  EXPECT_TRUE(any_shortened) << "no backoff was jittered";
}

TEST(RetryJitter, TheSameSeedWaitsTheSameAndAnotherSeedDoesNot) {
  EXPECT_EQ(RunOnce(7), RunOnce(7));
  EXPECT_NE(RunOnce(7), RunOnce(8));
}

TEST(RetryJitter, AResumedExecutionWaitsWhatTheUninterruptedOneWould) {
  auto machine = Compile(kJittered);
  ASSERT_TRUE(machine);
  const std::vector<TimeMs> baseline = RunOnce(7);
  int interrupted = 0;
  for (int callbacks = 1; callbacks < 50; ++callbacks) {
    SCOPED_TRACE("interrupted after " + std::to_string(callbacks) + " callbacks");
    FlakyInvoker invoker;
    VirtualClock clock(kStart);
    EventList history;
    std::optional<Json> checkpoint;
    TimeMs start = 0;
    {
      Scheduler scheduler(clock);
      Execution execution(machine, Json::object(), Options(7), invoker, scheduler);
      scheduler.Post([&] { execution.Start(); });
      int n = 0;
      scheduler.Run([&] { return execution.finished() || n++ >= callbacks; });
      if (execution.finished()) break;
      history = execution.TakeNewEvents();
      checkpoint = Json::parse(execution.Checkpoint().dump());  // through text, as stored
      start = execution.outcome().start;
    }
    ++interrupted;
    Scheduler scheduler(clock);
    Execution execution(machine, Json::object(), Options(7), invoker, scheduler);
    const int64_t last = history.empty() ? 0 : history.back().id;
    scheduler.Post([&] { execution.Resume(start, last, checkpoint); });
    scheduler.Run([&] { return execution.finished(); });
    ExecutionOutcome outcome = execution.TakeOutcome();
    ASSERT_EQ(outcome.status, ExecutionStatus::kSucceeded) << outcome.cause;
    for (HistoryEvent& e : outcome.history) history.push_back(std::move(e));
    EXPECT_EQ(Backoffs(history), baseline);
  }
  EXPECT_GE(interrupted, kFailures);  // at least once in every backoff
}

}  // namespace
}  // namespace tern::engine::testing
