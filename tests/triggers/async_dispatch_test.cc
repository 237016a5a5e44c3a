// The asynchronous invocation model end to end, with real function processes: Event invokes
// answer 202 once durable and run the function; retries, then OnFailure (a function, a queue)
// or the dead-letter list; OnSuccess records; event age expiry; recursion stops through Event
// invokes and through destinations; and every accepted event delivered at least once when the
// dispatcher and the store go away mid-delivery.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "engine/clock.h"
#include "storage/store.h"
#include "triggers/async_dispatcher.h"
#include "triggers/bus.h"
#include "triggers/trace_header.h"
#include "workers/pool.h"

namespace tern::triggers {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr char kApp[] = R"py(
import json
import os
import time


def _record(event):
    with open(os.environ["OUT"], "a") as f:
        f.write(json.dumps({"event": event, "trace": os.environ.get("_X_AMZN_TRACE_ID", "")}) + "\n")


def ok(event, context):
    _record(event)
    return {"ok": event}


def quiet(event, context):
    _record(event)
    return {}


def fail(event, context):
    _record(event)
    raise ValueError("bad input")


def slow(event, context):
    time.sleep(event.get("sleep", 0.2))
    _record(event)
    return {}
)py";

constexpr char kQueue[] = "arn:aws:sqs:us-east-1:123456789012:results";

std::string Fn(const std::string& name) {
  return "arn:aws:lambda:us-east-1:123456789012:function:" + name;
}

// Polls `done` until it holds or a generous deadline passes (the machine may be loaded).
bool Eventually(const std::function<bool()>& done, std::chrono::seconds limit = 120s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

class AsyncDispatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "tern-async-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    fs::create_directories(dir_ + "/code");
    std::ofstream(dir_ + "/code/app.py") << kApp;
    workers::PoolOptions options;
    options.log_dir = dir_ + "/logs";
    pool_ = std::make_unique<workers::Pool>(options);
  }
  void TearDown() override {
    bus_.reset();
    store_.reset();
    pool_.reset();
    fs::remove_all(dir_);
  }

  void OpenStore(storage::Durability durability = storage::Durability::kMemory) {
    storage::StoreOptions o;
    o.durability = durability;
    o.path = dir_ + "/tern.db";
    o.max_batch_delay_ms = 1;
    auto store = storage::OpenStore(o);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(store).value();
  }

  void StartBus() {
    BusOptions options;
    options.async.retry_base_delay = 20ms;
    options.async.throttle_base_delay = 20ms;
    options.async.lease = 1500ms;
    options.async.poll_interval = 50ms;
    bus_ = std::make_unique<Bus>(*pool_, store_.get(), options);
  }

  // A function `name` running `handler` of app.py, recording its events in Out(name).
  project::FunctionSpec AddFunction(const std::string& name, const std::string& handler,
                                    std::optional<project::EventInvokeConfig> config = {}) {
    project::FunctionSpec spec;
    spec.name = name;
    spec.arn = Fn(name);
    spec.runtime = "python3.12";
    spec.handler = "app." + handler;
    spec.code_dir = dir_ + "/code";
    spec.timeout_seconds = 30;
    spec.environment["OUT"] = Out(name);
    spec.event_invoke_config = std::move(config);
    EXPECT_TRUE(pool_->PutFunction(spec).ok());
    return spec;
  }

  std::string Out(const std::string& name) const { return dir_ + "/" + name + ".jsonl"; }

  std::vector<Json> Lines(const std::string& name) const {
    std::vector<Json> out;
    std::ifstream in(Out(name));
    std::string line;
    while (std::getline(in, line)) {
      Json j = Json::parse(line, nullptr, false);
      if (!j.is_discarded()) out.push_back(std::move(j));
    }
    return out;
  }

  FunctionResponse InvokeEvent(const std::string& function, const Json& payload,
                               const std::string& trace = "") {
    workers::InvokeRequest r;
    r.function = function;
    r.payload = payload.dump();
    r.trace_id = trace;
    return bus_->InvokeFunctionAndWait(r, InvocationType::kEvent);
  }

  size_t DeadLetters() { return store_->ListDeadLetters(0)->size(); }
  bool QueueEmpty() { return *store_->CountAsyncEvents() == 0; }

  std::string dir_;
  std::unique_ptr<workers::Pool> pool_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Bus> bus_;
};

TEST_F(AsyncDispatchTest, EventInvokeAnswers202OnceStoredAndRunsTheFunction) {
  OpenStore();
  StartBus();
  AddFunction("ok", "ok");
  FunctionResponse r = InvokeEvent("ok", {{"n", 1}});
  EXPECT_EQ(r.status_code, 202);
  EXPECT_FALSE(r.result.request_id.empty());
  ASSERT_TRUE(Eventually([&] { return Lines("ok").size() == 1 && QueueEmpty(); }));
  EXPECT_EQ(Lines("ok")[0]["event"], (Json{{"n", 1}}));
  EXPECT_EQ(TraceHeader::Parse(Lines("ok")[0]["trace"].get<std::string>()).Hops(Fn("ok")), 1);
  AsyncStats s = bus_->async_stats();
  EXPECT_EQ(s.accepted, 1u);
  EXPECT_EQ(s.succeeded, 1u);
  EXPECT_EQ(DeadLetters(), 0u) << "a success without OnSuccess leaves nothing behind";
}

TEST_F(AsyncDispatchTest, FailingFunctionIsRetriedThenItsRecordGoesToAnOnFailureFunction) {
  OpenStore();
  StartBus();
  AddFunction("sink", "ok");
  project::EventInvokeConfig config;
  config.maximum_retry_attempts = 2;
  config.on_failure = project::Destination{Fn("sink")};
  AddFunction("fail", "fail", config);
  ASSERT_EQ(InvokeEvent("fail", {{"order", 7}}).status_code, 202);
  ASSERT_TRUE(Eventually([&] { return Lines("sink").size() == 1 && QueueEmpty(); }));
  EXPECT_EQ(Lines("fail").size(), 3u) << "the first attempt and two retries";
  const Json record = Lines("sink")[0]["event"];
  EXPECT_EQ(record["version"], "1.0");
  EXPECT_EQ(record["requestContext"]["condition"], "RetriesExhausted");
  EXPECT_EQ(record["requestContext"]["approximateInvokeCount"], 3);
  EXPECT_EQ(record["requestContext"]["functionArn"], Fn("fail") + ":$LATEST");
  EXPECT_EQ(record["requestPayload"], (Json{{"order", 7}}));
  EXPECT_EQ(record["responseContext"]["statusCode"], 200);
  EXPECT_EQ(record["responseContext"]["executedVersion"], "$LATEST");
  EXPECT_EQ(record["responseContext"]["functionError"], "Unhandled");
  EXPECT_EQ(record["responsePayload"]["errorType"], "ValueError");
  // The destination's invocation carries the chain on.
  TraceHeader sink_trace = TraceHeader::Parse(Lines("sink")[0]["trace"].get<std::string>());
  TraceHeader fail_trace = TraceHeader::Parse(Lines("fail")[0]["trace"].get<std::string>());
  EXPECT_EQ(sink_trace.root(), fail_trace.root());
  EXPECT_EQ(sink_trace.Hops(Fn("sink")), 1);
  EXPECT_EQ(sink_trace.Hops(Fn("fail")), 1);
  EXPECT_EQ(bus_->async_stats().retried, 2u);
  EXPECT_EQ(DeadLetters(), 0u);
}

TEST_F(AsyncDispatchTest, AQueueDestinationHoldsTheFailureRecord) {
  OpenStore();
  StartBus();
  project::EventInvokeConfig config;
  config.maximum_retry_attempts = 0;
  config.on_failure = project::Destination{kQueue};
  AddFunction("fail", "fail", config);
  ASSERT_EQ(InvokeEvent("fail", {{"x", 1}}).status_code, 202);
  ASSERT_TRUE(Eventually([&] { return *store_->CountQueueMessages(kQueue) == 1; }));
  EXPECT_EQ(Lines("fail").size(), 1u) << "MaximumRetryAttempts 0: no retry";
  Json record = Json::parse((*store_->ListQueueMessages(kQueue, 0))[0].body);
  EXPECT_EQ(record["requestContext"]["condition"], "RetriesExhausted");
  EXPECT_EQ(record["requestContext"]["approximateInvokeCount"], 1);
}

TEST_F(AsyncDispatchTest, WithoutOnFailureTheEventIsDeadLetteredAndRedriveDeliversItAgain) {
  OpenStore();
  StartBus();
  project::EventInvokeConfig config;
  config.maximum_retry_attempts = 1;
  AddFunction("fail", "fail", config);
  ASSERT_EQ(InvokeEvent("fail", {{"x", 2}}).status_code, 202);
  ASSERT_TRUE(Eventually([&] { return DeadLetters() == 1; }));
  storage::DeadLetterRecord letter = (*store_->ListDeadLetters(0))[0];
  EXPECT_EQ(letter.condition, "RetriesExhausted");
  EXPECT_EQ(letter.attempts, 2);
  EXPECT_NE(letter.reason.find("ValueError"), std::string::npos) << letter.reason;
  EXPECT_EQ(Json::parse(letter.payload), (Json{{"x", 2}}));
  EXPECT_EQ(Json::parse(letter.record)["requestContext"]["condition"], "RetriesExhausted");
  EXPECT_EQ(Lines("fail").size(), 2u);

  ASSERT_TRUE(store_->RedriveDeadLetter(letter.id, engine::RealClock().Now()));
  ASSERT_TRUE(Eventually([&] { return DeadLetters() == 1 && Lines("fail").size() == 4; }));
  EXPECT_EQ((*store_->ListDeadLetters(0))[0].request_id, letter.request_id);
}

TEST_F(AsyncDispatchTest, OnSuccessGetsTheSuccessRecord) {
  OpenStore();
  StartBus();
  project::EventInvokeConfig config;
  config.on_success = project::Destination{kQueue};
  AddFunction("ok", "ok", config);
  ASSERT_EQ(InvokeEvent("ok", {{"y", true}}).status_code, 202);
  ASSERT_TRUE(Eventually([&] { return *store_->CountQueueMessages(kQueue) == 1; }));
  Json record = Json::parse((*store_->ListQueueMessages(kQueue, 0))[0].body);
  EXPECT_EQ(record["requestContext"]["condition"], "Success");
  EXPECT_EQ(record["requestContext"]["approximateInvokeCount"], 1);
  EXPECT_EQ(record["requestPayload"], (Json{{"y", true}}));
  EXPECT_EQ(record["responseContext"]["statusCode"], 200);
  EXPECT_FALSE(record["responseContext"].contains("functionError"));
  EXPECT_EQ(record["responsePayload"], (Json{{"ok", {{"y", true}}}}));
}

TEST_F(AsyncDispatchTest, AnEventOlderThanMaximumEventAgeIsNotInvoked) {
  OpenStore();
  project::EventInvokeConfig config;
  config.maximum_event_age_seconds = 60;
  config.on_failure = project::Destination{kQueue};
  AddFunction("ok", "ok", config);
  // Accepted 61 s ago (say, before a long outage), never delivered.
  storage::AsyncEventRecord old;
  old.request_id = "old-one";
  old.function_arn = Fn("ok");
  old.payload = "{}";
  old.accepted = engine::RealClock().Now() - 61000;
  old.next_attempt = old.accepted;
  std::promise<bool> stored;
  store_->EnqueueAsyncEvent(old, [&](Result<int64_t, Status> r) { stored.set_value(bool(r)); });
  ASSERT_TRUE(stored.get_future().get());
  StartBus();
  ASSERT_TRUE(Eventually([&] { return *store_->CountQueueMessages(kQueue) == 1; }));
  Json record = Json::parse((*store_->ListQueueMessages(kQueue, 0))[0].body);
  EXPECT_EQ(record["requestContext"]["condition"], "EventAgeExceeded");
  EXPECT_EQ(record["requestContext"]["requestId"], "old-one");
  EXPECT_EQ(record["requestContext"]["approximateInvokeCount"], 0);
  EXPECT_TRUE(Lines("ok").empty());
  EXPECT_EQ(bus_->async_stats().age_exceeded, 1u);
}

TEST_F(AsyncDispatchTest, ReservedConcurrencyZeroSendsEventsStraightToTheFailurePath) {
  OpenStore();
  StartBus();
  project::FunctionSpec spec = AddFunction("off", "ok");
  spec.reserved_concurrency = 0;
  ASSERT_TRUE(pool_->PutFunction(spec).ok());
  ASSERT_EQ(InvokeEvent("off", {{"z", 0}}).status_code, 202);
  ASSERT_TRUE(Eventually([&] { return DeadLetters() == 1 && QueueEmpty(); }));
  storage::DeadLetterRecord letter = (*store_->ListDeadLetters(0))[0];
  EXPECT_EQ(letter.condition, "ZeroReservedConcurrency");
  Json record = Json::parse(letter.record);
  EXPECT_EQ(record["requestContext"]["approximateInvokeCount"], 0);
  EXPECT_FALSE(record.contains("responseContext"));
  EXPECT_TRUE(Lines("off").empty());
}

TEST_F(AsyncDispatchTest, AFunctionAsyncInvokingItselfIsStoppedAtTheSeventeenthHop) {
  OpenStore();
  StartBus();
  AddFunction("self", "ok");
  // Stands for the function's own `lambda.invoke(InvocationType="Event")` of itself: the test
  // passes on the trace header the function saw, as an SDK would.
  std::string trace;
  for (size_t hop = 1; hop <= 16; ++hop) {
    ASSERT_EQ(InvokeEvent("self", {{"hop", hop}}, trace).status_code, 202);
    ASSERT_TRUE(Eventually([&] { return Lines("self").size() == hop; })) << "hop " << hop;
    trace = Lines("self").back()["trace"].get<std::string>();
    ASSERT_EQ(TraceHeader::Parse(trace).Hops(Fn("self")), static_cast<int>(hop));
  }
  FunctionResponse stopped = InvokeEvent("self", {{"hop", 17}}, trace);
  EXPECT_EQ(stopped.status_code, 202) << "an Event invoke is accepted, then not delivered";
  ASSERT_TRUE(Eventually([&] { return DeadLetters() == 1 && QueueEmpty(); }));
  storage::DeadLetterRecord letter = (*store_->ListDeadLetters(0))[0];
  EXPECT_EQ(letter.condition, "RecursiveInvocationDetected");
  EXPECT_NE(letter.reason.find("RecursiveInvocationException"), std::string::npos);
  EXPECT_EQ(Json::parse(letter.payload), (Json{{"hop", 17}}));
  EXPECT_EQ(Lines("self").size(), 16u);
  EXPECT_EQ(bus_->recursion_stops(), 1u);

  // RecursiveLoop: Allow lets the chain go on.
  project::FunctionSpec spec = *pool_->GetFunction("self");
  spec.recursive_loop_allow = true;
  ASSERT_TRUE(pool_->PutFunction(spec).ok());
  ASSERT_EQ(InvokeEvent("self", {{"hop", 17}}, trace).status_code, 202);
  ASSERT_TRUE(Eventually([&] { return Lines("self").size() == 17; }));
  EXPECT_EQ(bus_->recursion_stops(), 1u);
}

TEST_F(AsyncDispatchTest, ALoopThroughAnOnSuccessDestinationIsStoppedToo) {
  OpenStore();
  StartBus();
  project::EventInvokeConfig config;
  config.on_success = project::Destination{Fn("loop")};  // its own success invokes it again
  AddFunction("loop", "quiet", config);  // a small result: records nest their request
  ASSERT_EQ(InvokeEvent("loop", {{"start", true}}).status_code, 202);
  ASSERT_TRUE(Eventually([&] { return DeadLetters() == 1 && QueueEmpty(); }));
  EXPECT_EQ(Lines("loop").size(), 16u);
  EXPECT_EQ((*store_->ListDeadLetters(0))[0].condition, "RecursiveInvocationDetected");
  EXPECT_EQ(bus_->recursion_stops(), 1u);
}

TEST_F(AsyncDispatchTest, EveryAcceptedEventIsDeliveredAfterTheDispatcherDiesMidDelivery) {
  OpenStore(storage::Durability::kBatched);
  StartBus();
  AddFunction("slow", "slow");
  constexpr int kEvents = 20;
  for (int i = 0; i < kEvents; ++i) {
    // The second half runs longer than the lease (renewed meanwhile) and is surely not done
    // when the first event of the first half is.
    const double sleep = i < kEvents / 2 ? 0.2 : 2.0;
    ASSERT_EQ(InvokeEvent("slow", {{"i", i}, {"sleep", sleep}}).status_code, 202);
  }
  // Some delivered, some running, some waiting: stop everything.
  ASSERT_TRUE(Eventually([&] { return !Lines("slow").empty(); }));
  bus_.reset();
  store_.reset();
  const size_t before = Lines("slow").size();

  OpenStore(storage::Durability::kBatched);
  EXPECT_GT(*store_->CountAsyncEvents(), 0) << "delivered " << before << " before stopping";
  StartBus();
  ASSERT_TRUE(Eventually([&] { return QueueEmpty(); }));
  std::set<int> seen;
  for (const Json& line : Lines("slow")) seen.insert(line["event"]["i"].get<int>());
  EXPECT_EQ(seen.size(), static_cast<size_t>(kEvents)) << "at least once each";
}

}  // namespace
}  // namespace tern::triggers
