// The trigger bus: the one way anything invokes anything. Task states (as the engine's Invoker),
// `tern invoke`, the HTTP API and event sources all come through here, in one of Lambda's three
// invocation models:
//   synchronous (RequestResponse): the caller awaits the result;
//   asynchronous (Event): accepted durably first, then delivered with retries, destinations and
//     dead letters (triggers/async_*.h);
//   stream-based: ordered batches from shards (triggers/streams, a later issue).
// Every invocation carries a lineage (triggers/lineage.h) so recursive loops are stopped.
//
// Thread safety: every member may be called from any thread; `done` callbacks run on worker or
// bus threads and must not block.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/telemetry.h"
#include "engine/invoker.h"
#include "triggers/async_options.h"
#include "workers/invoke.h"

namespace tern::storage {
class Store;
}
namespace tern::workers {
class Pool;
}
namespace tern::runtime {
class Runner;
}

namespace tern::triggers {

enum class InvocationType { kRequestResponse, kEvent, kDryRun };
std::string_view InvocationTypeName(InvocationType type);  // "RequestResponse", "Event", "DryRun"

struct BusOptions {
  std::string region = "us-east-1";
  std::string account = "123456789012";
  // A chain that passes the same function more than this many times is stopped (AWS: 16).
  int max_recursion_hops = 16;
  // Event invocations (retry delays, leases); region, account and hops are taken from above.
  AsyncOptions async;
  // Hears of every invocation accepted (tern serve's /metrics); null: nobody. Must outlive
  // the bus.
  Telemetry* telemetry = nullptr;
};

// A task handed to an activity worker (GetActivityTask).
struct ActivityTask {
  std::string token;
  std::string input;  // JSON text
};

// What Lambda's Invoke answers.
struct FunctionResponse {
  int status_code = 200;  // 200 RequestResponse, 202 Event, 204 DryRun, or the error's status
  workers::InvokeResult result;
};

class BusImpl;

class Bus final : public engine::Invoker {
 public:
  Bus(workers::Pool& pool, storage::Store* store, BusOptions options = {});
  ~Bus() override;
  Bus(const Bus&) = delete;
  Bus& operator=(const Bus&) = delete;

  // State machine targets (states:startExecution, destinations) and task-token resumption run
  // through the runner; set once it exists (it takes this bus as its invoker).
  void SetRunner(runtime::Runner* runner);

  // Lambda Invoke (CLI, HTTP API, event sources). `request.trace_id` carries the caller's
  // lineage (empty: a new chain).
  void InvokeFunction(workers::InvokeRequest request, InvocationType type,
                      std::function<void(FunctionResponse)> done);
  FunctionResponse InvokeFunctionAndWait(workers::InvokeRequest request, InvocationType type);

  // engine::Invoker: a Task state's resource (a function ARN, arn:aws:states:::lambda:invoke,
  // ...:states:startExecution, .waitForTaskToken variants, activities).
  void Invoke(const engine::TaskRequest& request,
              std::function<void(engine::TaskResult)> done) override;

  // Task tokens: complete or keep alive a task waiting in .waitForTaskToken or an activity.
  // NotFound "Task Timed Out" / "Invalid Token" as AWS's TaskDoesNotExist / InvalidToken.
  Status SendTaskSuccess(const std::string& token, const std::string& output_json);
  Status SendTaskFailure(const std::string& token, const std::string& error,
                         const std::string& cause);
  Status SendTaskHeartbeat(const std::string& token);

  // Activities: the next task scheduled for `activity_arn`, waiting up to `wait` for one
  // (GetActivityTask's long poll); nullopt when none came.
  std::optional<ActivityTask> GetActivityTask(const std::string& activity_arn,
                                              std::chrono::milliseconds wait);

  // Invocations stopped because a chain passed one function more than max_recursion_hops times.
  uint64_t recursion_stops() const;
  // Counters of the asynchronous model (all zero without a store).
  AsyncStats async_stats() const;

 private:
  std::unique_ptr<BusImpl> impl_;
};

// Gives a bus its runner for as long as this object lives. Declare it right after the runner:
// it is destroyed first, so the bus (which may outlive the runner, and whose async dispatcher
// starts state-machine destinations through it) forgets the runner before the runner goes.
class RunnerBinding {
 public:
  RunnerBinding(Bus* bus, runtime::Runner& runner) : bus_(bus) {
    if (bus_) bus_->SetRunner(&runner);
  }
  ~RunnerBinding() {
    if (bus_) bus_->SetRunner(nullptr);
  }
  RunnerBinding(const RunnerBinding&) = delete;
  RunnerBinding& operator=(const RunnerBinding&) = delete;

 private:
  Bus* bus_;
};

}  // namespace tern::triggers
