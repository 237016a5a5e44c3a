// The durable runner against a real SQLite file: executions persist as they run, and a runner
// that goes away mid-flight leaves them resumable by another process (another Store owner).
#include <gtest/gtest.h>

#include <thread>

#include "engine/clock.h"
#include "runtime/runner.h"
#include "storage/store.h"
#include "tests/runtime/store_file_fixture.h"

namespace tern::runtime {
namespace {

// A workflow that waits, calls a task, fans out and loops over items.
constexpr const char* kDefinition = R"({
  "StartAt": "Pause",
  "States": {
    "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Call"},
    "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo",
             "ResultPath": "$.called", "Next": "Fan"},
    "Fan": {"Type": "Parallel", "ResultPath": "$.fan", "Next": "Loop", "Branches": [
      {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "a", "End": true}}},
      {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 1, "Next": "B2"},
                                  "B2": {"Type": "Pass", "Result": "b", "End": true}}}]},
    "Loop": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.looped",
             "ItemProcessor": {"StartAt": "Item", "States": {
               "Item": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo",
                        "End": true}}},
             "End": true}
  }
})";

// Echoes the payload after a short real delay, from another thread (as real functions do).
class SlowEcho final : public engine::Invoker {
 public:
  ~SlowEcho() override {
    for (auto& t : threads_) t.join();
  }
  void Invoke(const engine::TaskRequest& request,
              std::function<void(engine::TaskResult)> done) override {
    std::lock_guard lock(mu_);
    ++calls;
    threads_.emplace_back([payload = request.payload, done = std::move(done)] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      done(Json{{"echo", payload}});
    });
  }
  std::atomic<int> calls{0};

 private:
  std::mutex mu_;
  std::vector<std::thread> threads_;
};

class RunnerTest : public testing::StoreFileTest {
 protected:
  storage::StateMachineRecord Machine(storage::Store& store) {
    return CreateFlow(store, kDefinition);
  }
};

const char* kInput = R"({"items": [1, 2, 3]})";

void ExpectFinishedWell(storage::Store& store, const std::string& arn) {
  auto record = store.GetExecution(arn);
  ASSERT_TRUE(record) << record.error().ToString();
  EXPECT_EQ(record->status, storage::ExecutionStatus::kSucceeded) << arn << ": " << record->cause;
  ASSERT_TRUE(record->output);
  Json output = Json::parse(*record->output);
  EXPECT_EQ(output["fan"], (Json{"a", "b"}));
  EXPECT_EQ(output["looped"].size(), 3u);
  EXPECT_EQ(output["called"]["echo"]["items"], (Json{1, 2, 3}));
  auto history = store.GetHistory(arn, {});
  ASSERT_TRUE(history);
  ASSERT_FALSE(history->empty());
  for (size_t i = 0; i < history->size(); ++i) {
    EXPECT_EQ((*history)[i].id, static_cast<int64_t>(i + 1)) << arn;
  }
  EXPECT_EQ(history->back().type, "ExecutionSucceeded");
  EXPECT_EQ(record->event_count, history->back().id);
  auto verified = store.Verify(arn);
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok) << verified->problem;
}

TEST_F(RunnerTest, RunsAnExecutionToItsDurableEnd) {
  auto store = Open();
  ASSERT_TRUE(store);
  SlowEcho invoker;
  engine::RealClock clock;
  Runner runner(*store, invoker, clock);
  auto started = runner.StartExecution(Machine(*store), "one", kInput);
  ASSERT_TRUE(started) << started.error().ToString();
  EXPECT_EQ(started->arn, "arn:aws:states:us-east-1:123456789012:execution:Flow:one");
  auto ended = runner.WaitFor(started->arn);
  ASSERT_TRUE(ended) << ended.error().ToString();
  EXPECT_EQ(ended->status, storage::ExecutionStatus::kSucceeded);
  ExpectFinishedWell(*store, started->arn);
}

TEST_F(RunnerTest, RefusesBadInputBeforeRecordingAnything) {
  auto store = Open();
  ASSERT_TRUE(store);
  SlowEcho invoker;
  engine::RealClock clock;
  Runner runner(*store, invoker, clock);
  auto machine = Machine(*store);
  auto bad_json = runner.StartExecution(machine, "x", "{not json");
  ASSERT_FALSE(bad_json);
  EXPECT_NE(bad_json.error().message().find("not valid JSON"), std::string::npos);
  auto bad_name = runner.StartExecution(machine, "has space", "{}");
  ASSERT_FALSE(bad_name);
  auto big = runner.StartExecution(machine, "big", "\"" + std::string(300 * 1024, 'x') + "\"");
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().message().find("limit"), std::string::npos);
  auto page = store->ListExecutions({});
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->executions.empty());
  auto twice = runner.StartExecution(machine, "dup", "{}", /*run=*/false);
  ASSERT_TRUE(twice);
  auto again = runner.StartExecution(machine, "dup", "{}", /*run=*/false);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), StatusCode::kAlreadyExists);
}

TEST_F(RunnerTest, ExecutionsLeftMidFlightAreResumedByTheNextOwner) {
  std::vector<std::string> arns;
  {
    auto store = Open();
    ASSERT_TRUE(store);
    SlowEcho invoker;
    engine::RealClock clock;
    Runner runner(*store, invoker, clock);
    auto machine = Machine(*store);
    for (int i = 0; i < 30; ++i) {
      auto started = runner.StartExecution(machine, "e" + std::to_string(i), kInput);
      ASSERT_TRUE(started) << started.error().ToString();
      arns.push_back(started->arn);
    }
    // Every execution is inside its first Wait; the runner goes away now.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(runner.running(), arns.size());
  }
  auto store = Open();
  ASSERT_TRUE(store);
  for (const std::string& arn : arns) {
    auto record = store->GetExecution(arn);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->status, storage::ExecutionStatus::kRunning);
  }
  SlowEcho invoker;
  engine::RealClock clock;
  Runner runner(*store, invoker, clock);
  auto resumed = runner.ResumeUnfinished();
  ASSERT_TRUE(resumed) << resumed.error().ToString();
  EXPECT_EQ(*resumed, arns.size());
  runner.WaitIdle();
  for (const std::string& arn : arns) ExpectFinishedWell(*store, arn);
  // Nothing is left to resume.
  auto again = runner.ResumeUnfinished();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0u);
}

TEST_F(RunnerTest, RecordedButNeverRunExecutionsStartOnResume) {
  std::string arn;
  {
    auto store = Open();
    ASSERT_TRUE(store);
    SlowEcho invoker;
    engine::RealClock clock;
    Runner runner(*store, invoker, clock);
    auto started = runner.StartExecution(Machine(*store), "later", kInput, /*run=*/false);
    ASSERT_TRUE(started);
    arn = started->arn;
  }
  auto store = Open();
  ASSERT_TRUE(store);
  SlowEcho invoker;
  engine::RealClock clock;
  Runner runner(*store, invoker, clock);
  auto resumed = runner.ResumeUnfinished();
  ASSERT_TRUE(resumed);
  EXPECT_EQ(*resumed, 1u);
  auto ended = runner.WaitFor(arn);
  ASSERT_TRUE(ended);
  ExpectFinishedWell(*store, arn);
}

}  // namespace
}  // namespace tern::runtime
