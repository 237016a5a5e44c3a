// EventSources with real function processes: a project's Kinesis events consume a tern stream
// through the bus (python functions), failures without a destination are kept in the store,
// and `tern sources` descriptions report state and lag.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"
#include "engine/clock.h"
#include "runtime/runner.h"
#include "storage/store.h"
#include "storage/stream_store.h"
#include "triggers/bus.h"
#include "triggers/streams/event_sources.h"
#include "workers/pool.h"

namespace tern::triggers {
namespace {

namespace fs = std::filesystem;

project::FunctionSpec Function(const std::string& handler) {
  project::FunctionSpec spec;
  spec.name = handler;
  spec.arn = "arn:aws:lambda:us-east-1:123456789012:function:" + handler;
  spec.runtime = "python3.12";
  spec.handler = "app." + handler;
  spec.code_dir = std::string(TERN_TRIGGERS_TESTDATA) + "/python";
  spec.timeout_seconds = 30;
  return spec;
}

project::EventSpec Kinesis(const std::string& id, const std::string& stream_arn) {
  project::EventSpec e;
  e.logical_id = id;
  e.kind = project::EventSpec::Kind::kStream;
  e.stream_arn = stream_arn;
  e.starting_position = "TRIM_HORIZON";
  e.batch_size = 10;
  return e;
}

TEST(StreamSources, ProjectMappingsConsumeThroughTheBus) {
  std::string tmpl = (fs::temp_directory_path() / "tern-sources-XXXXXX").string();
  const std::string dir = mkdtemp(tmpl.data());
  project::Project p;
  p.dir = dir;
  project::StreamSpec stream;
  stream.name = "orders";
  stream.arn = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";
  p.streams.push_back(stream);
  project::FunctionSpec echo = Function("echo");
  echo.events.push_back(Kinesis("Orders", stream.arn));
  project::FunctionSpec fail = Function("fail");
  project::EventSpec failing = Kinesis("Orders", stream.arn);
  failing.maximum_retry_attempts = 0;
  fail.events.push_back(failing);
  project::FunctionSpec off = Function("echo");
  off.name = "disabled";
  project::EventSpec disabled = Kinesis("Orders", stream.arn);
  disabled.enabled = false;
  off.events.push_back(disabled);
  project::EventSpec schedule;
  schedule.logical_id = "Tick";
  schedule.kind = project::EventSpec::Kind::kSchedule;
  schedule.schedule_expression = "rate(1 hour)";
  off.events.push_back(schedule);
  project::EventSpec queued = Kinesis("Queued", stream.arn);
  queued.maximum_retry_attempts = 0;
  queued.on_failure = project::Destination{"arn:aws:sqs:us-east-1:123456789012:failed-batches"};
  fail.events.push_back(queued);
  p.functions = {echo, fail, off};

  workers::PoolOptions options;
  options.log_dir = dir + "/logs";
  workers::Pool pool(options);
  ASSERT_TRUE(pool.PutFunction(echo).ok());
  ASSERT_TRUE(pool.PutFunction(fail).ok());
  Bus bus(pool, nullptr);
  storage::StoreOptions store_options;
  store_options.path = dir + "/tern.db";
  auto streams = storage::OpenStreamStore(store_options);
  ASSERT_TRUE(streams);
  storage::StoreOptions memory;
  memory.durability = storage::Durability::kMemory;
  auto store = storage::OpenStore(memory);
  ASSERT_TRUE(store);
  {
    EventSources sources(p, **streams, &bus, nullptr, store->get());
    ASSERT_TRUE(sources.Start().ok());
    std::vector<storage::StreamPut> puts;
    for (int i = 0; i < 25; ++i) puts.push_back({"k", R"({"n":)" + std::to_string(i) + "}", ""});
    ASSERT_TRUE(sources.Put("orders", puts));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    auto checkpoint = [&](const std::string& id) {
      auto cp = (*streams)->GetCheckpoint(id, 0);
      return cp && *cp ? **cp : -1;
    };
    while ((checkpoint("echo/Orders") != 25 || checkpoint("fail/Orders") != 25 ||
            checkpoint("fail/Queued") != 25) &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(checkpoint("echo/Orders"), 25);
    EXPECT_EQ(checkpoint("fail/Orders"), 25);
    auto described = sources.Describe();
    ASSERT_EQ(described.size(), 5u);
    EXPECT_EQ(described[0].type, "Kinesis");
    EXPECT_EQ(described[0].id, "echo/Orders");
    EXPECT_EQ(described[0].state, "Running");
    EXPECT_NE(described[0].detail.find("0 records behind"), std::string::npos)
        << described[0].detail;
    EXPECT_EQ(described[3].state, "Disabled");
    EXPECT_EQ(described[4].type, "Schedule");
    EXPECT_EQ(described[4].source, "rate(1 hour)");
    EXPECT_EQ(described[4].state, "Running");
    sources.Stop();
  }
  // The failing function's three batches were given up with nowhere to go: kept in the store.
  auto failures = (*streams)->ListStreamFailures("fail/Orders");
  ASSERT_TRUE(failures);
  ASSERT_EQ(failures->size(), 3u);
  Json record = Json::parse((*failures)[0].record);
  EXPECT_EQ(record["requestContext"]["condition"], "RetryAttemptsExhausted");
  EXPECT_EQ(record["requestContext"]["approximateInvokeCount"], 1);
  EXPECT_EQ(record["responseContext"]["functionError"], "Unhandled");
  EXPECT_EQ(record["KinesisBatchInfo"]["batchSize"], 10);
  EXPECT_EQ(record["KinesisBatchInfo"]["streamArn"], stream.arn);
  // OnFailure naming a built-in queue: the records went there instead.
  auto queued_count =
      (*store)->CountQueueMessages("arn:aws:sqs:us-east-1:123456789012:failed-batches");
  ASSERT_TRUE(queued_count);
  EXPECT_EQ(*queued_count, 3);
  auto kept = (*streams)->ListStreamFailures("fail/Queued");
  ASSERT_TRUE(kept);
  EXPECT_TRUE(kept->empty());
  fs::remove_all(dir);
}

TEST(StreamSources, AStateMachineTargetGetsOneExecutionPerBatch) {
  project::Project p;
  project::StreamSpec stream;
  stream.name = "events";
  stream.arn = "arn:aws:kinesis:us-east-1:123456789012:stream/events";
  p.streams.push_back(stream);
  project::StateMachineSpec machine;
  machine.name = "Collect";
  machine.arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Collect";
  machine.definition = R"json({"StartAt": "Count", "States": {"Count": {"Type": "Pass",
      "Parameters": {"n.$": "States.ArrayLength($.Records)"}, "End": true}}})json";
  project::EventSpec e = Kinesis("Events", stream.arn);
  e.batch_size = 4;
  machine.events.push_back(e);
  p.state_machines.push_back(machine);

  storage::StoreOptions options;
  options.durability = storage::Durability::kMemory;
  auto store = storage::OpenStore(options);
  ASSERT_TRUE(store);
  auto streams = storage::OpenStreamStore(options);
  ASSERT_TRUE(streams);
  workers::PoolOptions pool_options;
  workers::Pool pool(pool_options);
  Bus bus(pool, store->get());
  engine::RealClock clock;
  runtime::Runner runner(**store, bus, clock);
  bus.SetRunner(&runner);
  EventSources sources(p, **streams, &bus, &runner, store->get());
  ASSERT_TRUE(sources.Start().ok());
  std::vector<storage::StreamPut> puts;
  for (int i = 0; i < 10; ++i) puts.push_back({"k", "x", ""});
  ASSERT_TRUE(sources.Put("events", puts));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto checkpoint = [&] {
    auto cp = (*streams)->GetCheckpoint("Collect/Events", 0);
    return cp && *cp ? **cp : -1;
  };
  while (checkpoint() != 10 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(checkpoint(), 10);
  sources.Stop();
  runner.WaitIdle();
  storage::ExecutionFilter filter;
  filter.state_machine_arn = machine.arn;
  auto page = (*store)->ListExecutions(filter);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->executions.size(), 3u);  // batches of 4, 4 and 2
  std::vector<int> sizes;
  for (const auto& x : page->executions) {
    ASSERT_EQ(x.status, storage::ExecutionStatus::kSucceeded);
    sizes.push_back(Json::parse(*x.output)["n"].get<int>());
  }
  std::sort(sizes.begin(), sizes.end());
  EXPECT_EQ(sizes, (std::vector<int>{2, 4, 4}));
}

}  // namespace
}  // namespace tern::triggers
