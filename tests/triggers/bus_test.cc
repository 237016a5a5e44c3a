// The trigger bus with real function processes: Task states calling functions (legacy ARN and
// lambda:invoke), function errors as task errors, the callback pattern (.waitForTaskToken,
// activities, heartbeats), nested executions, and recursion-loop stops.
#include "triggers/bus.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "asl/model/state_machine.h"
#include "engine/execution.h"
#include "runtime/runner.h"
#include "storage/store.h"
#include "triggers/task_results.h"
#include "triggers/trace_header.h"
#include "workers/pool.h"

namespace tern::triggers {
namespace {

namespace fs = std::filesystem;

class BusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "tern-bus-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    workers::PoolOptions options;
    options.log_dir = dir_ + "/logs";
    pool_ = std::make_unique<workers::Pool>(options);
    for (const char* handler : {"echo", "fail", "save_token", "trace"}) {
      project::FunctionSpec spec;
      spec.name = handler;
      spec.runtime = "python3.12";
      spec.handler = std::string("app.") + handler;
      spec.code_dir = std::string(TERN_TRIGGERS_TESTDATA) + "/python";
      spec.timeout_seconds = 30;
      ASSERT_TRUE(pool_->PutFunction(spec).ok());
    }
    bus_ = std::make_unique<Bus>(*pool_, nullptr);
  }
  void TearDown() override {
    bus_.reset();
    pool_.reset();
    fs::remove_all(dir_);
  }

  engine::ExecutionOutcome Run(const std::string& definition, const std::string& input = "{}") {
    auto machine = asl::BuildStateMachine(Json::parse(definition));
    EXPECT_TRUE(machine) << (machine ? "" : machine.error());
    engine::RealClock clock;
    engine::ExecutionOptions options;
    options.state_machine_name = "BusTest";
    return engine::RunExecution(*machine, Json::parse(input), options, *bus_, clock);
  }

  std::string dir_;
  std::unique_ptr<workers::Pool> pool_;
  std::unique_ptr<Bus> bus_;
};

std::string Fn(const std::string& name) {
  return "arn:aws:lambda:us-east-1:123456789012:function:" + name;
}

TEST_F(BusTest, LegacyFunctionArnReturnsTheFunctionsResult) {
  auto o = Run(R"({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": ")" + Fn("echo") +
                   R"(", "End": true}}})",
               R"({"n": 1})");
  ASSERT_EQ(o.status, engine::ExecutionStatus::kSucceeded) << o.error << ": " << o.cause;
  EXPECT_EQ(*o.output, (Json{{"echo", {{"n", 1}}}, {"function", "echo"}}));
}

TEST_F(BusTest, LambdaInvokeReturnsInvokesResponseShape) {
  auto o = Run(R"({"StartAt": "T", "States": {"T": {"Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "echo", "Payload": {"x.$": "$.x"}}, "End": true}}})",
               R"({"x": "y"})");
  ASSERT_EQ(o.status, engine::ExecutionStatus::kSucceeded) << o.error << ": " << o.cause;
  EXPECT_EQ((*o.output)["StatusCode"], 200);
  EXPECT_EQ((*o.output)["ExecutedVersion"], "$LATEST");
  EXPECT_EQ((*o.output)["Payload"]["echo"], (Json{{"x", "y"}}));
  EXPECT_EQ((*o.output)["SdkHttpMetadata"]["HttpStatusCode"], 200);
}

TEST_F(BusTest, FunctionErrorsAreTaskErrorsThatCatchSees) {
  auto o = Run(R"({"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": ")" + Fn("fail") + R"(",
            "Catch": [{"ErrorEquals": ["ValueError"], "Next": "Caught"}], "End": true},
      "Caught": {"Type": "Pass", "End": true}}})");
  ASSERT_EQ(o.status, engine::ExecutionStatus::kSucceeded) << o.error << ": " << o.cause;
  EXPECT_EQ((*o.output)["Error"], "ValueError");
  Json cause = Json::parse((*o.output)["Cause"].get<std::string>());
  EXPECT_EQ(cause["errorType"], "ValueError");
  EXPECT_NE(cause["errorMessage"].get<std::string>().find("bad input"), std::string::npos);
}

TEST_F(BusTest, UnknownFunctionIsLambdaResourceNotFound) {
  auto o = Run(R"({"StartAt": "T", "States": {"T": {"Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "nope"}, "End": true}}})");
  ASSERT_EQ(o.status, engine::ExecutionStatus::kFailed);
  EXPECT_EQ(o.error, "Lambda.ResourceNotFoundException");
  EXPECT_NE(o.cause.find("Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"),
            std::string::npos);
}

TEST_F(BusTest, WaitForTaskTokenPausesUntilSendTaskSuccess) {
  const std::string token_file = dir_ + "/token";
  std::thread worker([&] {
    // The function wrote the token; a human (here: this thread) approves later.
    for (int i = 0; i < 3000 && !fs::exists(token_file); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ifstream in(token_file);
    std::string token((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_TRUE(bus_->SendTaskSuccess(token, R"({"approved": true})").ok());
    EXPECT_FALSE(bus_->SendTaskSuccess(token, "{}").ok()) << "a token completes once";
  });
  auto o = Run(R"({"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
      "Parameters": {"FunctionName": "save_token",
                     "Payload": {"token.$": "$$.Task.Token", "path": ")" + token_file + R"("}},
      "End": true}}})");
  worker.join();
  ASSERT_EQ(o.status, engine::ExecutionStatus::kSucceeded) << o.error << ": " << o.cause;
  EXPECT_EQ(*o.output, (Json{{"approved", true}}));
}

TEST_F(BusTest, ActivitiesHandTasksToPollingWorkers) {
  const std::string activity = "arn:aws:states:us-east-1:123456789012:activity:review";
  std::thread worker([&] {
    auto task = bus_->GetActivityTask(activity, std::chrono::seconds(20));
    ASSERT_TRUE(task);
    EXPECT_EQ(Json::parse(task->input), (Json{{"doc", 7}}));
    EXPECT_TRUE(bus_->SendTaskHeartbeat(task->token).ok());
    EXPECT_TRUE(bus_->SendTaskFailure(task->token, "Rejected", "not good").ok());
  });
  auto o = Run(R"({"StartAt": "Review", "States": {"Review": {"Type": "Task",
      "Resource": ")" + activity + R"(", "End": true}}})",
               R"({"doc": 7})");
  worker.join();
  ASSERT_EQ(o.status, engine::ExecutionStatus::kFailed);
  EXPECT_EQ(o.error, "Rejected");
  EXPECT_EQ(o.cause, "not good");
  // Nobody waits any more: nothing to hand out.
  EXPECT_FALSE(bus_->GetActivityTask(activity, std::chrono::milliseconds(10)));
}

TEST_F(BusTest, MissingHeartbeatFailsTheTask) {
  auto o = Run(R"({"StartAt": "Review", "States": {"Review": {"Type": "Task",
      "Resource": "arn:aws:states:us-east-1:123456789012:activity:slow", "HeartbeatSeconds": 1,
      "End": true}}})");
  ASSERT_EQ(o.status, engine::ExecutionStatus::kFailed);
  EXPECT_EQ(o.error, "States.HeartbeatTimeout");
}

TEST_F(BusTest, AChainPassingAFunctionSixteenTimesIsStoppedAtTheSeventeenth) {
  std::string trace;
  for (int hop = 1; hop <= 16; ++hop) {
    workers::InvokeRequest r;
    r.function = "trace";
    r.trace_id = trace;
    FunctionResponse response = bus_->InvokeFunctionAndWait(r, InvocationType::kRequestResponse);
    ASSERT_EQ(response.status_code, 200) << "hop " << hop << ": " << response.result.error_message;
    // The function sees the chain's header (as _X_AMZN_TRACE_ID) and passes it on.
    trace = Json::parse(response.result.payload)["trace"].get<std::string>();
    EXPECT_EQ(TraceHeader::Parse(trace).Hops(Fn("trace")), hop);
  }
  workers::InvokeRequest r;
  r.function = "trace";
  r.trace_id = trace;
  FunctionResponse stopped = bus_->InvokeFunctionAndWait(r, InvocationType::kRequestResponse);
  EXPECT_EQ(stopped.status_code, 400);
  EXPECT_EQ(stopped.result.error_type, "RecursiveInvocationException");
  EXPECT_EQ(bus_->recursion_stops(), 1u);

  // A function set to RecursiveLoop: Allow keeps going.
  project::FunctionSpec spec = *pool_->GetFunction("trace");
  spec.recursive_loop_allow = true;
  ASSERT_TRUE(pool_->PutFunction(spec).ok());
  FunctionResponse allowed = bus_->InvokeFunctionAndWait(r, InvocationType::kRequestResponse);
  EXPECT_EQ(allowed.status_code, 200);
}

TEST_F(BusTest, TraceHeaderKeepsUnknownFieldsAndDropsSelf) {
  TraceHeader h = TraceHeader::Parse("Root=1-5759e988-bd862e3fe1be46a994272793;Self=1-x;Foo=bar;"
                                     "Lineage=-1:11111111:0");
  EXPECT_EQ(h.root(), "1-5759e988-bd862e3fe1be46a994272793");
  EXPECT_EQ(h.Hops(Fn("a")), 0) << "an unreadable lineage counts as empty";
  h.Count(Fn("a"));
  h.Count(Fn("a"));
  std::string s = h.ToString();
  EXPECT_NE(s.find("Foo=bar"), std::string::npos);
  EXPECT_EQ(s.find("Self="), std::string::npos);
  EXPECT_EQ(TraceHeader::Parse(s).Hops(Fn("a")), 2);
  EXPECT_EQ(TraceHeader::Parse(s).Hops(Fn("b")), 0);
}

TEST_F(BusTest, StartExecutionSyncRunsAChildWorkflow) {
  storage::StoreOptions so;
  so.durability = storage::Durability::kMemory;
  auto store = storage::OpenStore(so);
  ASSERT_TRUE(store);
  Bus bus(*pool_, store->get());
  engine::RealClock clock;
  runtime::Runner runner(**store, bus, clock);
  bus.SetRunner(&runner);
  storage::StateMachineRecord child;
  child.name = "Child";
  child.arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Child";
  child.definition = R"({"StartAt": "C", "States": {"C": {"Type": "Task", "Resource": ")" +
                     Fn("echo") + R"(", "End": true}}})";
  ASSERT_TRUE((*store)->CreateStateMachine(child));
  storage::StateMachineRecord parent;
  parent.name = "Parent";
  parent.arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Parent";
  parent.definition = R"({"StartAt": "P", "States": {"P": {"Type": "Task",
      "Resource": "arn:aws:states:::states:startExecution.sync:2",
      "Parameters": {"StateMachineArn": ")" + child.arn + R"(", "Input": {"k.$": "$.k"}},
      "OutputPath": "$.Output", "End": true}}})";
  auto created = (*store)->CreateStateMachine(parent);
  ASSERT_TRUE(created);
  auto started = runner.StartExecution(*created, "p1", R"({"k": 5})");
  ASSERT_TRUE(started) << started.error().ToString();
  auto ended = runner.WaitFor(started->arn);
  ASSERT_TRUE(ended);
  ASSERT_EQ(ended->status, storage::ExecutionStatus::kSucceeded) << ended->cause;
  EXPECT_EQ(Json::parse(*ended->output), (Json{{"echo", {{"k", 5}}}, {"function", "echo"}}));
  runner.WaitIdle();
}

// A function's result nested deeper than 1,000 levels fails the task instead of entering the
// execution (100,000 levels overflowed the stack of whatever wrote the value out).
TEST(LambdaTaskResultTest, AResultNestedTooDeeplyFailsTheTask) {
  FunctionResponse response;
  response.result.payload = std::string(100000, '[') + std::string(100000, ']');
  for (auto kind : {TaskResource::Kind::kLambdaFunction, TaskResource::Kind::kLambdaInvoke}) {
    engine::TaskResult r = LambdaTaskResult(kind, response);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().error, "States.Runtime");
    EXPECT_EQ(r.error().cause, "The function's result nests deeper than 1000 levels.");
  }
  response.result.payload = std::string(1000, '[') + std::string(1000, ']');
  EXPECT_TRUE(LambdaTaskResult(TaskResource::Kind::kLambdaFunction, response).has_value());
}

}  // namespace
}  // namespace tern::triggers
