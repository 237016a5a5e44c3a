// Async destinations that are state machines: an OnSuccess (or OnFailure) naming a state machine
// starts an execution whose input is Lambda's destination record, named after the request.
#include <gtest/gtest.h>

#include "engine/clock.h"
#include "runtime/runner.h"
#include "tests/triggers/async_fixture.h"

namespace tern::triggers {
namespace {

using testing::AsyncFixture;
using testing::Eventually;
using testing::FunctionArn;

constexpr char kMachineArn[] = "arn:aws:states:us-east-1:123456789012:stateMachine:Audit";

class AsyncDestinationsTest : public AsyncFixture {
 protected:
  void SetUp() override {
    AsyncFixture::SetUp();
    storage::StateMachineRecord machine;
    machine.name = "Audit";
    machine.arn = kMachineArn;
    machine.definition =
        R"({"StartAt": "Keep", "States": {"Keep": {"Type": "Pass", "End": true}}})";
    machine.role_arn = "arn:aws:iam::123456789012:role/tern-local";
    ASSERT_TRUE(store_->CreateStateMachine(machine));
    StartBus();
    runner_ = std::make_unique<runtime::Runner>(*store_, *bus_, clock_);
    bus_->SetRunner(runner_.get());
  }
  void TearDown() override {
    bus_->SetRunner(nullptr);
    runner_.reset();
    AsyncFixture::TearDown();
  }

  // Waits for the execution the destination starts and returns its (durable) record.
  storage::ExecutionRecord Execution(const std::string& name) {
    const std::string arn = "arn:aws:states:us-east-1:123456789012:execution:Audit:" + name;
    EXPECT_TRUE(Eventually([&] { return store_->GetExecution(arn).has_value(); }));
    auto ended = runner_->WaitFor(arn);
    EXPECT_TRUE(ended) << ended.error().ToString();
    auto stored = store_->GetExecution(arn);  // with its input and output
    EXPECT_TRUE(stored) << stored.error().ToString();
    return stored ? *stored : storage::ExecutionRecord{};
  }

  engine::RealClock clock_;
  std::unique_ptr<runtime::Runner> runner_;
};

TEST_F(AsyncDestinationsTest, OnSuccessStateMachineGetsTheDestinationRecordAsInput) {
  project::EventInvokeConfig config;
  config.on_success = project::Destination{kMachineArn};
  AddFunction("ok", "ok", config);
  FunctionResponse accepted = InvokeEvent("ok", {{"order", 7}});
  ASSERT_EQ(accepted.status_code, 202);
  const std::string request_id = accepted.result.request_id;
  ASSERT_FALSE(request_id.empty());

  storage::ExecutionRecord e = Execution(request_id + "-success");
  EXPECT_EQ(e.status, storage::ExecutionStatus::kSucceeded) << e.error << " " << e.cause;
  Json record = Json::parse(e.input);
  EXPECT_EQ(record["version"], "1.0");
  EXPECT_TRUE(record["timestamp"].is_string());
  EXPECT_EQ(record["requestContext"]["requestId"], request_id);
  EXPECT_EQ(record["requestContext"]["functionArn"], FunctionArn("ok") + ":$LATEST");
  EXPECT_EQ(record["requestContext"]["condition"], "Success");
  EXPECT_EQ(record["requestContext"]["approximateInvokeCount"], 1);
  EXPECT_EQ(record["requestPayload"], Json({{"order", 7}}));
  EXPECT_EQ(record["responseContext"]["statusCode"], 200);
  EXPECT_EQ(record["responseContext"]["executedVersion"], "$LATEST");
  EXPECT_FALSE(record["responseContext"].contains("functionError"));
  EXPECT_EQ(record["responsePayload"], Json({{"ok", {{"order", 7}}}}));
  // The Pass state hands the record on: the execution's output is the record itself.
  ASSERT_TRUE(e.output.has_value());
  EXPECT_EQ(Json::parse(*e.output), record);
  // The execution continues the event's chain (its trace root).
  EXPECT_TRUE(Eventually([&] { return QueueEmpty(); }));
  EXPECT_EQ(DeadLetters(), 0u);
  EXPECT_EQ(bus_->async_stats().destinations, 1u);
}

TEST_F(AsyncDestinationsTest, AMissingStateMachineDestinationDeadLettersTheRecord) {
  project::EventInvokeConfig config;
  config.on_success =
      project::Destination{"arn:aws:states:us-east-1:123456789012:stateMachine:Missing"};
  AddFunction("ok", "ok", config);
  ASSERT_EQ(InvokeEvent("ok", {{"order", 8}}).status_code, 202);
  ASSERT_TRUE(Eventually([&] { return DeadLetters() == 1; }));
  auto letter = store_->ListDeadLetters(0)->front();
  EXPECT_EQ(letter.condition, "DestinationDeliveryFailed");
  EXPECT_NE(letter.reason.find("destination state machine"), std::string::npos) << letter.reason;
  EXPECT_EQ(Json::parse(letter.record)["requestContext"]["condition"], "Success");
  EXPECT_EQ(bus_->async_stats().destination_failures, 1u);
}

}  // namespace
}  // namespace tern::triggers
