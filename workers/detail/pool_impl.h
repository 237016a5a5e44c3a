// Pool's implementation (see workers/pool.h). State of functions and environments lives on one
// I/O thread (`io_`); the public methods post work to it. What other threads read (function
// definitions, stats) is copied under `mu_`.
//
// Invariants (I/O thread):
//  - an environment serves one invocation at a time (Environment::current);
//  - a function's in-flight count = pending invocations + busy environments, and never passes
//    its reserved concurrency (or the unreserved share of the account limit);
//  - an environment that crashed, timed out or ran out of memory is never handed work again;
//  - every spawned process is reaped (OnExit), also at shutdown.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "workers/detail/environment.h"
#include "workers/detail/launch_plan.h"
#include "workers/detail/log_lines.h"
#include "workers/detail/memory_monitor.h"
#include "workers/pool.h"

namespace tern::workers {

class Pool::Impl {
 public:
  explicit Impl(PoolOptions options);
  ~Impl();

  Status PutFunction(project::FunctionSpec spec);
  Status RemoveFunction(const std::string& name);
  Status SetReservedConcurrency(const std::string& name, std::optional<int> reserved);
  Status SetProvisionedConcurrency(const std::string& name, int environments);
  Status SetInvokeSettings(const std::string& name,
                           std::optional<project::EventInvokeConfig> event_invoke_config,
                           bool recursive_loop_allow);
  std::optional<project::FunctionSpec> GetFunction(const std::string& name_or_arn) const;
  std::vector<std::string> ListFunctions() const;
  void Invoke(InvokeRequest request, std::function<void(InvokeResult)> done);
  Status AwaitProvisioned(const std::string& name, std::chrono::milliseconds timeout);
  std::vector<FunctionStats> Stats() const;
  std::optional<FunctionStats> StatsFor(const std::string& name) const;
  std::string LogPath(const std::string& name) const;
  const PoolOptions& options() const { return options_; }

 private:
  using EnvPtr = std::shared_ptr<detail::Environment>;

  struct Function {
    project::FunctionSpec spec;
    uint64_t generation = 0;
    std::optional<int> reserved;
    int provisioned = 0;
    bool provisioned_failed = false;  // INIT of a provisioned environment failed: no restart
    std::deque<std::unique_ptr<detail::Invocation>> pending;
    int in_flight = 0;
    std::unique_ptr<detail::FunctionLog> log;
  };

  // pool_functions.cc (I/O thread)
  void ApplyFunction(project::FunctionSpec spec);
  void ApplyRemove(const std::string& name);
  void ApplyConcurrency(const std::string& name, std::optional<int> reserved, int provisioned);
  void RetireOldEnvironments(const std::string& name, uint64_t generation);
  void Publish(const std::string& name);

  // pool_invoke.cc (I/O thread)
  void HandleInvoke(std::unique_ptr<detail::Invocation> invocation);
  void Dispatch(const EnvPtr& env, std::unique_ptr<detail::Invocation> invocation);
  void Complete(const EnvPtr& env, InvokeStatus status, std::string payload,
                std::string error_type_header);
  void Finish(Function* f, std::unique_ptr<detail::Invocation> invocation, InvokeResult result,
              const detail::ReportFields* report);
  void FailInvocation(Function* f, std::unique_ptr<detail::Invocation> invocation,
                      InvokeStatus status, const std::string& error_type,
                      const std::string& error_message, const std::string& document);
  void Rebalance(const std::string& name);

  // pool_environment.cc (I/O thread)
  void StartEnvironment(Function& f, bool provisioned);
  void OnApiRequest(const EnvPtr& env, detail::ApiRequest request, detail::ApiReply reply);
  void OnReady(const EnvPtr& env, detail::ApiReply reply);
  void ReadOutput(const EnvPtr& env);
  // Reads what the runtime has written so far into the log; false at end of file.
  bool DrainOutput(const EnvPtr& env);
  void WriteOutput(const EnvPtr& env, std::string_view text);
  void WatchExit(const EnvPtr& env);
  void OnExit(const EnvPtr& env);
  void OnTimeout(const EnvPtr& env);
  void OnMemoryExceeded(pid_t pgid);
  void Stop(const EnvPtr& env);
  // The environment's one timer; a re-arm or Disarm makes an already-queued expiry a no-op.
  void ArmTimer(const EnvPtr& env, std::chrono::steady_clock::duration after,
                std::function<void(const EnvPtr&)> fire);
  void DisarmTimer(const EnvPtr& env);
  void ShutdownAll();

  Function* FindFunction(const std::string& name_or_arn);
  int MemoryUsedMb(const EnvPtr& env) const;

  PoolOptions options_;
  std::string runtimes_dir_;

  mutable std::mutex mu_;  // guards everything below up to the I/O-thread section
  std::condition_variable changed_;
  std::map<std::string, project::FunctionSpec> specs_;
  std::map<std::string, FunctionStats> stats_;
  std::string python_, node_;
  bool python_resolved_ = false, node_resolved_ = false;

  // I/O thread only.
  std::map<std::string, Function> functions_;
  std::map<uint64_t, EnvPtr> envs_;
  std::map<pid_t, uint64_t> env_by_pgid_;
  uint64_t next_env_id_ = 1;
  int reserved_total_ = 0;
  int unreserved_in_flight_ = 0;

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  detail::MemoryMonitor monitor_;
  std::thread thread_;
};

}  // namespace tern::workers
