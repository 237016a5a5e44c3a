// RedriveExecution through the durable runner and a real SQLite file: the redriven run is
// durable like any other (ExecutionRedriven in the hash-chained history, checkpoints, resumed
// after its runner went away).
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "engine/clock.h"
#include "runtime/redrive_policy.h"
#include "runtime/runner.h"
#include "storage/store.h"
#include "tests/runtime/store_file_fixture.h"

namespace tern::runtime {
namespace {

constexpr const char* kDefinition = R"({
  "StartAt": "Prepare",
  "States": {
    "Prepare": {"Type": "Pass", "Result": 41, "ResultPath": "$.n", "Next": "Call"},
    "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:add",
             "Parameters": {"n.$": "$.n", "redrives.$": "$$.Execution.RedriveCount"},
             "End": true}
  }
})";

// Fails, answers, or never answers, as the test says.
class SwitchInvoker final : public engine::Invoker {
 public:
  enum class Mode { kFail, kAnswer, kHang };
  void Invoke(const engine::TaskRequest& request,
              std::function<void(engine::TaskResult)> done) override {
    ++calls;
    switch (mode.load()) {
      case Mode::kFail:
        return done(Unexpected(asl::Failure{"Broken", "the function has a bug"}));
      case Mode::kAnswer:
        return done(Json{{"sum", request.payload["n"].get<int>() + 1},
                         {"redrives", request.payload["redrives"]}});
      case Mode::kHang: {
        std::lock_guard lock(mu);
        hung.push_back(std::move(done));
        return;
      }
    }
  }
  std::atomic<Mode> mode{Mode::kFail};
  std::atomic<int> calls{0};
  std::mutex mu;
  std::vector<std::function<void(engine::TaskResult)>> hung;
};

class RedriveTest : public testing::StoreFileTest {
 protected:
  static storage::StateMachineRecord Machine(storage::Store& store) {
    return CreateFlow(store, kDefinition);
  }

  static std::vector<std::string> Types(storage::Store& store, const std::string& arn) {
    auto history = store.GetHistory(arn, {});
    EXPECT_TRUE(history);
    std::vector<std::string> types;
    for (const auto& e : *history) types.push_back(e.type);
    return types;
  }

  // Starts an execution whose Call fails; returns its ARN once FAILED is durable.
  static std::string StartFailing(Runner& runner, storage::Store& store) {
    auto started = runner.StartExecution(Machine(store), "order-1", R"({"id": 1})");
    EXPECT_TRUE(started) << started.error().ToString();
    auto ended = runner.WaitFor(started->arn);
    EXPECT_TRUE(ended);
    EXPECT_EQ(ended->status, storage::ExecutionStatus::kFailed);
    return started->arn;
  }

  engine::RealClock clock_;
};

TEST_F(RedriveTest, FailedTaskRunsAgainAfterTheFunctionIsFixed) {
  auto store = Open();
  SwitchInvoker invoker;
  Runner runner(*store, invoker, clock_);
  const std::string arn = StartFailing(runner, *store);
  auto failed = store->GetExecution(arn);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->redrive_count, 0);
  EXPECT_FALSE(failed->redrive_date);
  const int64_t failed_events = failed->event_count;

  invoker.mode = SwitchInvoker::Mode::kAnswer;
  auto redriven = runner.RedriveExecution(arn);
  ASSERT_TRUE(redriven) << redriven.error().ToString();
  EXPECT_EQ(redriven->status, storage::ExecutionStatus::kRunning);
  EXPECT_EQ(redriven->redrive_count, 1);
  ASSERT_TRUE(redriven->redrive_date);
  auto done = runner.WaitFor(arn);
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->status, storage::ExecutionStatus::kSucceeded);

  auto record = store->GetExecution(arn);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->status, storage::ExecutionStatus::kSucceeded);
  EXPECT_EQ(Json::parse(*record->output), (Json{{"sum", 42}, {"redrives", 1}}));
  EXPECT_EQ(record->redrive_count, 1);
  EXPECT_TRUE(record->error.empty());
  EXPECT_FALSE(record->stop < record->redrive_date);

  auto history = store->GetHistory(arn, {});
  ASSERT_TRUE(history);
  const storage::EventRecord& redrive_event = (*history)[failed_events];
  EXPECT_EQ((*history)[failed_events - 1].type, "ExecutionFailed");
  EXPECT_EQ(redrive_event.type, "ExecutionRedriven");
  EXPECT_EQ(redrive_event.details_field, "executionRedrivenEventDetails");
  EXPECT_EQ(Json::parse(redrive_event.details), (Json{{"redriveCount", 1}}));
  // Prepare ran once; Call is entered again, linked to ExecutionRedriven.
  std::vector<std::string> types = Types(*store, arn);
  EXPECT_EQ(std::count(types.begin(), types.end(), "PassStateEntered"), 1);
  EXPECT_EQ(std::count(types.begin(), types.end(), "TaskStateEntered"), 2);
  EXPECT_EQ((*history)[failed_events + 1].type, "TaskStateEntered");
  EXPECT_EQ((*history)[failed_events + 1].previous_id, redrive_event.id);
  EXPECT_EQ(types.back(), "ExecutionSucceeded");
  auto verify = store->Verify(arn);
  ASSERT_TRUE(verify);
  EXPECT_TRUE(verify->ok) << verify->problem;

  storage::ExecutionFilter filter;
  filter.redriven = true;
  auto list = store->ListExecutions(filter);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->executions.size(), 1u);
  filter.redriven = false;
  list = store->ListExecutions(filter);
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->executions.empty());
}

TEST_F(RedriveTest, OnlyUnsuccessfulExecutionsCanBeRedriven) {
  auto store = Open();
  SwitchInvoker invoker;
  invoker.mode = SwitchInvoker::Mode::kAnswer;
  Runner runner(*store, invoker, clock_);
  auto started = runner.StartExecution(Machine(*store), "fine", "{}");
  ASSERT_TRUE(started);
  ASSERT_TRUE(runner.WaitFor(started->arn));
  auto refused = runner.RedriveExecution(started->arn);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.error().message(), "Execution is SUCCEEDED and cannot be redriven");

  auto missing =
      runner.RedriveExecution("arn:aws:states:us-east-1:123456789012:execution:Flow:nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), StatusCode::kNotFound);
}

TEST_F(RedriveTest, WithoutARedrivePointDescribeAndRedriveAgree) {
  if (std::system("command -v sqlite3 >/dev/null 2>&1") != 0) GTEST_SKIP() << "no sqlite3";
  auto store = Open();
  SwitchInvoker invoker;
  Runner runner(*store, invoker, clock_);
  const std::string arn = StartFailing(runner, *store);
  auto failed = store->GetExecution(arn);
  ASSERT_TRUE(failed);
  EXPECT_TRUE(failed->has_checkpoint);
  EXPECT_FALSE(NotRedrivableReason(*failed, clock_.Now()));
  // As a database written before redrive existed holds it: no redrive point.
  const std::string sql = "sqlite3 " + db_path() + " 'DELETE FROM checkpoints'";
  ASSERT_EQ(std::system(sql.c_str()), 0);
  auto old = store->GetExecution(arn);
  ASSERT_TRUE(old);
  EXPECT_FALSE(old->has_checkpoint);
  auto why = NotRedrivableReason(*old, clock_.Now());
  ASSERT_TRUE(why);  // what DescribeExecution's redriveStatusReason says ...
  auto refused = runner.RedriveExecution(arn);
  ASSERT_FALSE(refused);  // ... is what RedriveExecution answers
  EXPECT_EQ(refused.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.error().message(), *why);
}

TEST_F(RedriveTest, TheSameClientTokenRedrivesOnce) {
  auto store = Open();
  SwitchInvoker invoker;
  Runner runner(*store, invoker, clock_);
  const std::string arn = StartFailing(runner, *store);
  invoker.mode = SwitchInvoker::Mode::kAnswer;
  auto first = runner.RedriveExecution(arn, "token-1");
  ASSERT_TRUE(first) << first.error().ToString();
  ASSERT_TRUE(runner.WaitFor(arn));
  auto again = runner.RedriveExecution(arn, "token-1");
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->redrive_date, first->redrive_date);
  EXPECT_EQ(again->redrive_count, 1);
  std::vector<std::string> types = Types(*store, arn);
  EXPECT_EQ(std::count(types.begin(), types.end(), "ExecutionRedriven"), 1);
  // Another token on the now SUCCEEDED execution is refused.
  auto other = runner.RedriveExecution(arn, "token-2");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code(), StatusCode::kFailedPrecondition);
}

TEST_F(RedriveTest, RedrivenExecutionIsResumedAfterItsRunnerIsGone) {
  std::string arn;
  int64_t events_before = 0;
  {
    auto store = Open();
    SwitchInvoker invoker;
    {
      Runner runner(*store, invoker, clock_);
      arn = StartFailing(runner, *store);
      invoker.mode = SwitchInvoker::Mode::kHang;  // the redriven task is in flight...
      auto redriven = runner.RedriveExecution(arn);
      ASSERT_TRUE(redriven) << redriven.error().ToString();
      events_before = redriven->event_count;
      // Until the re-entered task's events are durable (a checkpoint after the redrive).
      for (int i = 0; i < 2000; ++i) {
        auto now = store->GetExecution(arn);
        ASSERT_TRUE(now);
        if (invoker.calls.load() >= 2 && now->event_count > events_before + 1) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    }  // ...when its runner goes away
    auto record = store->GetExecution(arn);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->status, storage::ExecutionStatus::kRunning);
  }
  auto store = Open();
  SwitchInvoker fixed;
  fixed.mode = SwitchInvoker::Mode::kAnswer;
  Runner runner(*store, fixed, clock_);
  auto resumed = runner.ResumeUnfinished();
  ASSERT_TRUE(resumed);
  ASSERT_EQ(*resumed, 1u);
  auto done = runner.WaitFor(arn);
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->status, storage::ExecutionStatus::kSucceeded);
  EXPECT_EQ(fixed.calls.load(), 1);
  std::vector<std::string> types = Types(*store, arn);
  EXPECT_EQ(std::count(types.begin(), types.end(), "ExecutionRedriven"), 1);
  EXPECT_EQ(types.back(), "ExecutionSucceeded");
  EXPECT_GT(static_cast<int64_t>(types.size()), events_before);
  auto verify = store->Verify(arn);
  ASSERT_TRUE(verify);
  EXPECT_TRUE(verify->ok) << verify->problem;
}

}  // namespace
}  // namespace tern::runtime
