// What the asynchronous-invocation tests share: python functions in real worker processes
// (each records the events it got in <dir>/<function>.jsonl), an in-memory store, and a bus with
// short retry and throttle delays.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/json.h"
#include "storage/store.h"
#include "triggers/bus.h"
#include "workers/pool.h"

namespace tern::triggers::testing {

inline constexpr char kAsyncApp[] = R"py(
import json
import os
import time


def _record(event):
    with open(os.environ["OUT"], "a") as f:
        f.write(json.dumps({"event": event, "trace": os.environ.get("_X_AMZN_TRACE_ID", ""),
                            "at": time.time()}) + "\n")


def ok(event, context):
    _record(event)
    return {"ok": event}


def slow(event, context):
    time.sleep(event.get("sleep", 0.2))
    _record(event)
    return {"slept": event.get("sleep", 0.2)}
)py";

inline std::string FunctionArn(const std::string& name) {
  return "arn:aws:lambda:us-east-1:123456789012:function:" + name;
}

// Polls `done` until it holds or a generous deadline passes (the machine may be loaded).
inline bool Eventually(const std::function<bool()>& done,
                       std::chrono::seconds limit = std::chrono::seconds(120)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

class AsyncFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tern-async-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    std::filesystem::create_directories(dir_ + "/code");
    std::ofstream(dir_ + "/code/app.py") << kAsyncApp;
    workers::PoolOptions options;
    options.log_dir = dir_ + "/logs";
    pool_ = std::make_unique<workers::Pool>(options);
    storage::StoreOptions o;
    o.durability = storage::Durability::kMemory;
    o.path = dir_ + "/tern.db";
    o.max_batch_delay_ms = 1;
    auto store = storage::OpenStore(o);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(store).value();
  }
  void TearDown() override {
    bus_.reset();
    store_.reset();
    pool_.reset();
    std::filesystem::remove_all(dir_);
  }

  void StartBus(BusOptions options = Options()) {
    bus_ = std::make_unique<Bus>(*pool_, store_.get(), options);
  }
  static BusOptions Options() {
    using namespace std::chrono_literals;
    BusOptions options;
    options.async.retry_base_delay = 20ms;
    options.async.throttle_base_delay = 20ms;
    options.async.lease = 1500ms;
    options.async.poll_interval = 50ms;
    return options;
  }

  // A function `name` running `handler` of the app, recording its events in Out(name).
  project::FunctionSpec AddFunction(const std::string& name, const std::string& handler,
                                    std::optional<project::EventInvokeConfig> config = {},
                                    std::optional<int> reserved_concurrency = {}) {
    project::FunctionSpec spec;
    spec.name = name;
    spec.arn = FunctionArn(name);
    spec.runtime = "python3.12";
    spec.handler = "app." + handler;
    spec.code_dir = dir_ + "/code";
    spec.timeout_seconds = 30;
    spec.environment["OUT"] = Out(name);
    spec.event_invoke_config = std::move(config);
    spec.reserved_concurrency = reserved_concurrency;
    EXPECT_TRUE(pool_->PutFunction(spec).ok());
    return spec;
  }

  std::string Out(const std::string& name) const { return dir_ + "/" + name + ".jsonl"; }

  std::vector<Json> Lines(const std::string& name) const {
    std::vector<Json> out;
    std::ifstream in(Out(name));
    for (std::string line; std::getline(in, line);) {
      Json j = Json::parse(line, nullptr, false);
      if (!j.is_discarded()) out.push_back(std::move(j));
    }
    return out;
  }

  FunctionResponse InvokeEvent(const std::string& function, const Json& payload) {
    workers::InvokeRequest r;
    r.function = function;
    r.payload = payload.dump();
    return bus_->InvokeFunctionAndWait(r, InvocationType::kEvent);
  }

  size_t DeadLetters() { return store_->ListDeadLetters(0)->size(); }
  bool QueueEmpty() { return *store_->CountAsyncEvents() == 0; }

  std::string dir_;
  std::unique_ptr<workers::Pool> pool_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Bus> bus_;
};

}  // namespace tern::triggers::testing
