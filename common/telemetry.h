// What tern's layers report for monitoring (tern serve's /metrics, docs/serve.md "Metrics"),
// without depending on a metrics library: the engine, the runner, the store and the bus each
// take an optional Telemetry* and call it where the thing happens; tern serve passes one backed
// by prometheus-cpp, everything else passes none. Every method has a no-op default so a sink
// implements only what it exposes.
//
// Thread safety: implementations must accept calls from any thread, concurrently. Calls sit on
// hot paths (every state transition, every commit), so they must be cheap and never block on I/O.
#pragma once

#include <cstddef>
#include <string_view>

namespace tern {

class Telemetry {
 public:
  virtual ~Telemetry() = default;

  // A state completed (its ...StateExited event was written): its type ("Pass", "Task", ...)
  // and the time from entering it, in seconds (the engine's clock has millisecond resolution).
  virtual void StateExited(std::string_view /*state_machine*/, std::string_view /*state_type*/,
                           double /*seconds*/) {}

  // A durable execution began running (started or redriven, not resumed), and how it ended:
  // status is SUCCEEDED, FAILED, TIMED_OUT or ABORTED.
  virtual void ExecutionStarted(std::string_view /*state_machine*/) {}
  virtual void ExecutionEnded(std::string_view /*state_machine*/, std::string_view /*status*/) {}

  // The bus accepted an invocation of a function, whoever asked (a Task state, the API, an
  // event source, an async retry): model is RequestResponse, Event or DryRun.
  virtual void FunctionInvoked(std::string_view /*function*/, std::string_view /*model*/) {}

  // The store's writer committed `transitions` queued transitions in one SQLite transaction
  // that took `seconds` from BEGIN to the end of COMMIT.
  virtual void StoreCommitted(size_t /*transitions*/, double /*seconds*/) {}
};

}  // namespace tern
