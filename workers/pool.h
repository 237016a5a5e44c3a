// workers::Pool: runs functions as real processes (Lambda execution environments) and invokes
// them through the Lambda Runtime API. One Pool serves every function of a tern process.
//
// Each environment is a child process in its own process group, with a clean environment, the
// function's code folder as working directory, and its own Runtime API endpoint on an ephemeral
// 127.0.0.1 port. Environments are started on demand (cold start), reused while warm, stopped
// after `idle_timeout`, and never reused after a crash, timeout or memory kill. Provisioned
// environments are started ahead. See docs/functions.md.
//
// Thread safety: every method may be called from any thread. `done` callbacks run on the pool's
// own I/O thread (except for requests refused before they reach it, an invalid or too large
// payload: then on the caller's thread, before Invoke returns); they must not block (post heavy
// work elsewhere), and they may call Invoke again. InvokeAndWait must not be called from a
// `done` callback.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "project/project.h"
#include "workers/function_stats.h"
#include "workers/invoke.h"
#include "workers/pool_options.h"

namespace tern::workers {

class Pool {
 public:
  explicit Pool(PoolOptions options = {});
  // Stops every environment (SIGKILL to each process group, all children reaped) and answers
  // invocations still waiting with kServiceError.
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Adds a function, or replaces its definition (CreateFunction, UpdateFunctionCode,
  // UpdateFunctionConfiguration): new invocations get new environments; idle ones of the old
  // definition are stopped, busy ones finish their invocation and are then stopped.
  // InvalidArgument for an unsupported runtime or a missing code folder.
  Status PutFunction(const project::FunctionSpec& spec);
  Status RemoveFunction(const std::string& name);
  // PutFunctionConcurrency / DeleteFunctionConcurrency (nullopt).
  Status SetReservedConcurrency(const std::string& name, std::optional<int> reserved);
  Status SetProvisionedConcurrency(const std::string& name, int environments);
  // PutFunctionEventInvokeConfig / PutFunctionRecursionConfig: settings read at each invocation
  // (the async dispatcher, the bus's recursion stop). Unlike PutFunction, warm environments are
  // kept: the code and its configuration did not change.
  Status SetInvokeSettings(const std::string& name,
                           std::optional<project::EventInvokeConfig> event_invoke_config,
                           bool recursive_loop_allow);
  std::optional<project::FunctionSpec> GetFunction(const std::string& name_or_arn) const;
  std::vector<std::string> ListFunctions() const;

  // Starts an invocation; `done` is called exactly once (see the thread-safety note).
  void Invoke(InvokeRequest request, std::function<void(InvokeResult)> done);
  // Blocking convenience for the CLI and tests.
  InvokeResult InvokeAndWait(InvokeRequest request);

  // Waits until the function's provisioned environments have finished INIT (or failed it).
  // DeadlineExceeded-like ResourceExhausted when `timeout` passes first.
  Status AwaitProvisioned(const std::string& name, std::chrono::milliseconds timeout);

  std::vector<FunctionStats> Stats() const;
  std::optional<FunctionStats> StatsFor(const std::string& name) const;

  // The function's log file (START/END/REPORT lines and the process output).
  std::string LogPath(const std::string& name) const;

  const PoolOptions& options() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tern::workers
