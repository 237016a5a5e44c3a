// A redriven Map keeps its MaxConcurrency: the iterations it reruns (tolerated failures, the
// failure that ended it, the ones aborted with it) run no more at once than the limit allows,
// the rest wait for a slot ahead of the iterations never launched, and a crash in the middle of
// the redrive keeps that queue.
#include <algorithm>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace tern::engine::testing {
namespace {

// A distributed Map of 10 items, 2 at a time, tolerating 3 failures. An iteration calls its
// task, then waits 10 s: while it waits it holds its slot, so on the virtual clock the tasks
// that start at one instant are the iterations running at once (when none fails).
constexpr const char* kMap = R"({"StartAt": "Each", "States": {
  "Each": {"Type": "Map", "MaxConcurrency": 2, "ToleratedFailureCount": 3,
           "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
             "StartAt": "Work", "States": {
             "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
                      "Parameters": {"n.$": "$"}, "ResultSelector": {"n.$": "$.n"}, "Next": "Nap"},
             "Nap": {"Type": "Wait", "Seconds": 10, "End": true}}},
           "End": true}}})";

// Answers at once, failing the items in `failing`; records each call's item and time.
class RecordingInvoker final : public Invoker {
 public:
  void Invoke(const TaskRequest& request, std::function<void(TaskResult)> done) override {
    const int n = request.payload.at("n").get<int>();
    invoked.push_back(n);
    ++at_time[clock->Now()];
    if (failing.contains(n)) {
      done(Unexpected(asl::Failure{"Boom", "item " + std::to_string(n)}));
    } else {
      done(Json{{"n", n}});
    }
  }
  // The most tasks that started at one instant.
  int MostAtOnce() const {
    int most = 0;
    for (const auto& [time, count] : at_time) most = std::max(most, count);
    return most;
  }
  void Clear() {
    invoked.clear();
    at_time.clear();
  }
  const Clock* clock = nullptr;
  std::set<int> failing;
  std::vector<int> invoked;
  std::map<TimeMs, int> at_time;
};

ExecutionOptions Options() {
  ExecutionOptions o;
  o.state_machine_name = "Test";
  o.execution_name = "exec";
  return o;
}

Json Items() {
  Json items = Json::array();
  for (int i = 0; i < 10; ++i) items.push_back(i);
  return items;
}

struct Ended {
  ExecutionOutcome outcome;
  Json redrive_point;
  int64_t last_event = 0;
};

// Runs (or, with `point`, redrives after event `after`) until the end, or until `stop` says so:
// then `checkpoint` holds the execution's checkpoint, taken there.
Ended RunUntil(const std::shared_ptr<const asl::StateMachine>& machine, RecordingInvoker& invoker,
               VirtualClock& clock, const Json* point, int64_t after,
               const std::function<bool(const Execution&)>& stop = nullptr,
               Json* checkpoint = nullptr) {
  Scheduler scheduler(clock);
  invoker.clock = &clock;
  Execution execution(machine, Items(), Options(), invoker, scheduler);
  scheduler.Post([&] {
    if (point) {
      execution.Resume(kStart, after, *point);
    } else {
      execution.Start();
    }
  });
  scheduler.Run([&] {
    if (execution.finished()) return true;
    if (stop && stop(execution)) {
      *checkpoint = execution.Checkpoint();
      return true;
    }
    return false;
  });
  Ended e;
  if (execution.finished()) e.redrive_point = execution.RedrivePoint();
  e.outcome = execution.TakeOutcome();
  e.last_event = e.outcome.history.empty() ? after : e.outcome.history.back().id;
  return e;
}

Json Expected() {
  Json out = Json::array();
  for (int i = 0; i < 10; ++i) out.push_back(Json{{"n", i}});
  return out;
}

TEST(RedriveConcurrency, RerunIterationsRunNoMoreAtOnceThanMaxConcurrency) {
  auto machine = Compile(kMap);
  ASSERT_TRUE(machine);
  VirtualClock clock(kStart);
  RecordingInvoker invoker;
  invoker.failing = {1, 3, 5, 7};  // the fourth failure exceeds the three tolerated
  Ended first = RunUntil(machine, invoker, clock, nullptr, 0);
  ASSERT_EQ(first.outcome.status, ExecutionStatus::kFailed);
  ASSERT_FALSE(first.redrive_point.is_null());
  const Json& group = first.redrive_point["top"]["group"];
  EXPECT_EQ(group["running"].size(), 2u);  // the rest of the rerun waits for a slot
  ASSERT_TRUE(group.contains("queued"));
  EXPECT_GE(group["queued"].size(), 2u);

  invoker.failing.clear();
  invoker.Clear();
  Ended second = RunUntil(machine, invoker, clock, &first.redrive_point, first.last_event + 1);
  ASSERT_EQ(second.outcome.status, ExecutionStatus::kSucceeded) << second.outcome.cause;
  EXPECT_EQ(*second.outcome.output, Expected());
  EXPECT_EQ(invoker.MostAtOnce(), 2);
  // Only what had not succeeded ran again, lowest index first: the failures before item 9,
  // which was never launched.
  EXPECT_EQ(std::set<int>(invoker.invoked.begin(), invoker.invoked.end()).count(0), 0u);
  EXPECT_EQ(invoker.invoked.back(), 9);
}

TEST(RedriveConcurrency, ACrashDuringTheRedriveKeepsTheQueue) {
  auto machine = Compile(kMap);
  ASSERT_TRUE(machine);
  VirtualClock clock(kStart);
  RecordingInvoker invoker;
  invoker.failing = {1, 3, 5, 7};
  Ended first = RunUntil(machine, invoker, clock, nullptr, 0);
  ASSERT_EQ(first.outcome.status, ExecutionStatus::kFailed);

  // Redrive, and crash once the first rerun iteration has finished (others still queued).
  invoker.failing.clear();
  invoker.Clear();
  const size_t kept = first.redrive_point["top"]["group"]["succeeded"].get<size_t>();
  Json checkpoint;
  Ended crashed = RunUntil(
      machine, invoker, clock, &first.redrive_point, first.last_event + 1,
      [kept](const Execution& e) {
        const Json cp = e.Checkpoint();
        if (!cp.contains("top") || !cp["top"].contains("group")) return false;
        return cp["top"]["group"].value("succeeded", size_t{0}) > kept;
      },
      &checkpoint);
  ASSERT_FALSE(checkpoint.is_null()) << "the redrive ended before a rerun iteration finished";
  ASSERT_TRUE(checkpoint["top"]["group"].contains("queued")) << checkpoint.dump();
  checkpoint = Json::parse(checkpoint.dump());  // through text, as stored

  Ended resumed = RunUntil(machine, invoker, clock, &checkpoint, crashed.last_event);
  ASSERT_EQ(resumed.outcome.status, ExecutionStatus::kSucceeded) << resumed.outcome.cause;
  EXPECT_EQ(*resumed.outcome.output, Expected());
  EXPECT_LE(invoker.MostAtOnce(), 2);
}

}  // namespace
}  // namespace tern::engine::testing
