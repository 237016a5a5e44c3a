// The asynchronous invocation model (InvocationType Event; docs/async.md):
//   Accept: the event is written to the store's async queue; the caller's 202 is sent only once
//     that write is durable. An accepted event is never lost: at-least-once delivery.
//   Dispatch: one thread leases due events, invokes each function through the worker pool and
//     decides what follows, as Lambda does:
//       success                       -> OnSuccess destination (if any), event deleted;
//       function error (or timeout)   -> retried MaximumRetryAttempts times (default 2), after
//                                        retry_base_delay and then twice that (1 min, 2 min);
//       throttled or service error    -> retried with backoff until MaximumEventAgeInSeconds;
//       retries exhausted, too old, reserved concurrency 0, a recursion stop
//                                     -> OnFailure destination, else the dead-letter list.
//     Destinations get Lambda's invocation record (async_record.h): a function (an Event
//     invocation of it, counted in the chain's lineage so loops through destinations stop), a
//     state machine (an execution named after the request), or a built-in queue
//     (arn:aws:sqs:...). Deleting the event and writing what follows is one transaction.
//   Resume: a new dispatcher on the same database delivers everything not delivered; events a
//     dead process had leased come back when their lease expires.
//
// Thread safety: Accept() and stats() may be called from any thread. `done` runs on the
// store's async writer thread and must not block. The destructor waits for the invocations in
// flight (their results are dropped and the events delivered again later).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "project/project.h"
#include "storage/store.h"
#include "triggers/async_options.h"
#include "triggers/async_record.h"
#include "triggers/bus.h"
#include "workers/invoke.h"

namespace tern::workers {
class Pool;
}
namespace tern::runtime {
class Runner;
}

namespace tern::triggers {

class AsyncDispatcher {
 public:
  // `runner` (may hold null) starts state machine destinations; `recursion_stops` is the
  // bus's counter, incremented when a chain through a destination is stopped.
  // `options.async` with its region, account and hop limit.
  AsyncDispatcher(workers::Pool& pool, storage::Store& store, const BusOptions& options,
                  const std::atomic<runtime::Runner*>& runner,
                  std::atomic<uint64_t>& recursion_stops);
  ~AsyncDispatcher();
  AsyncDispatcher(const AsyncDispatcher&) = delete;
  AsyncDispatcher& operator=(const AsyncDispatcher&) = delete;

  // Accepts an Event invocation of `spec`; `request.trace_id` has already counted this
  // invocation in its lineage. `stop_condition` non-empty: the function is not invoked, the
  // event goes to the failure path with that condition (the bus's recursion stop). `done` gets
  // 202 once the event is durable, or 500 ServiceException when it could not be stored.
  void Accept(workers::InvokeRequest request, const project::FunctionSpec& spec,
              std::string stop_condition, std::function<void(FunctionResponse)> done);

  AsyncStats stats() const;

 private:
  struct Outcome {
    storage::AsyncEventRecord event;
    workers::InvokeResult result;
  };

  void Run();
  void Wake();
  // On the dispatcher thread:
  void Deliver(storage::AsyncEventRecord event);
  void Finish(Outcome outcome);
  void GiveUp(const storage::AsyncEventRecord& event, std::string_view condition,
              const std::string& reason, const std::optional<AttemptResponse>& response);
  void Succeed(const storage::AsyncEventRecord& event, const AttemptResponse& response);
  // Writes the event's end: the record to `destination` (or, for failures without one or when
  // the destination cannot take it, to the dead-letter list) and the event's deletion.
  void Complete(const storage::AsyncEventRecord& event, const Json& record,
                const std::optional<project::Destination>& destination, bool failure,
                std::string_view condition, const std::string& reason);
  std::optional<project::EventInvokeConfig> ConfigOf(const std::string& function_arn) const;

  workers::Pool& pool_;
  storage::Store& store_;
  const AsyncOptions options_;
  const std::atomic<runtime::Runner*>& runner_;
  std::atomic<uint64_t>& recursion_stops_;

  struct Counters {
    std::atomic<uint64_t> accepted{0}, invocations{0}, succeeded{0}, retried{0}, throttled{0},
        failed{0}, dead_lettered{0}, destinations{0}, destination_failures{0}, age_exceeded{0};
  } counters_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;         // guarded by mu_
  bool woken_ = false;            // guarded by mu_
  int pending_accepts_ = 0;       // enqueues whose callback has not run; guarded by mu_
  std::set<int64_t> in_flight_;   // events this dispatcher is invoking; guarded by mu_
  std::deque<Outcome> outcomes_;  // finished invocations to handle; guarded by mu_
  std::thread thread_;
};

}  // namespace tern::triggers
