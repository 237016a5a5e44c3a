// Runs executions durably: the engine's executions on one scheduler thread, every transition's
// history events and checkpoint persisted through a storage::Store, and unfinished executions
// resumed after a crash. `tern run --db`, `tern resume` and `tern serve` all run through it.
//
// Life of an execution:
//   StartExecution: the execution row and its ExecutionStarted event are committed first (the
//   caller gets the ARN only once that is durable), then it runs. While it runs, the scheduler's
//   quantum hook takes each execution's new events and its checkpoint (engine/checkpoint.cc)
//   and submits them as one Transition; the store commits many in one SQLite transaction.
//   When it ends, the last Transition carries its end and no checkpoint.
// A process crash loses at most the transitions not yet committed; the execution resumes from
// its last committed checkpoint (ResumeUnfinished), and any task it had in flight is invoked
// again (at-least-once). Event ids continue from the last committed event: no gap, no
// duplicate.
//
// Thread safety: all public members may be called from any thread except the scheduler's own.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "common/telemetry.h"
#include "engine/clock.h"
#include "engine/invoker.h"
#include "storage/store.h"

namespace tern::runtime {

struct RunnerOptions {
  // While executions keep running, checkpoints are taken at most this often (and whenever the
  // scheduler goes idle). Lower: less work redone after a crash; higher: fewer checkpoints.
  int checkpoint_interval_ms = 5;
  // Executions whose history exceeds this fail with States.Runtime (AWS's quota; 0 = none).
  size_t max_history_events = 25000;
  // Where executions started/ended and state durations go (tern serve's /metrics); null:
  // nowhere. Must outlive the runner.
  Telemetry* telemetry = nullptr;
};

// How an execution ended, once its end is durable.
struct ExecutionResult {
  storage::ExecutionRecord record;
};

class RunnerImpl;

class Runner {
 public:
  Runner(storage::Store& store, engine::Invoker& invoker, engine::Clock& clock,
         RunnerOptions options = {});
  // Stops the scheduler thread. Executions still running stay RUNNING in the store with their
  // last checkpoint, owned by this process until it exits (then anyone may resume them).
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Starts an execution of `machine` (a stored record; its definition is compiled once per
  // revision). `name` empty: a UUID. Returns once ExecutionStarted is durable. `run` false:
  // the execution is only recorded (RUNNING, no checkpoint) for a later ResumeUnfinished.
  // `trace_id`: the starter's X-Amzn-Trace-Id, whose recursion Lineage the execution's tasks
  // carry on.
  Result<storage::ExecutionRecord, Status> StartExecution(const storage::StateMachineRecord& machine,
                                                          const std::string& name,
                                                          const std::string& input_json,
                                                          bool run = true,
                                                          const std::string& trace_id = "");

  // Claims every unfinished execution no live process owns and runs it from its checkpoint.
  // Returns how many were resumed; executions that cannot be resumed (definition no longer
  // compiles, unreadable checkpoint) are reported on stderr and left as they are.
  Result<size_t, Status> ResumeUnfinished();
  // Runs executions claimed elsewhere (Store::ClaimExecution) from their checkpoints. Returns
  // how many could be resumed.
  size_t Resume(std::vector<storage::ClaimedExecution> claimed);

  // RedriveExecution: a FAILED, TIMED_OUT or ABORTED execution (runtime/redrive_policy.h)
  // runs again from its unsuccessful states, with the same ARN; its history goes on with
  // ExecutionRedriven. Returns once that is durable, with the record (RUNNING, redrive_date).
  // The same non-empty `client_token` again returns the record without redriving twice.
  // NotFound: no such execution; FailedPrecondition: not redrivable (the message says why).
  Result<storage::ExecutionRecord, Status> RedriveExecution(const std::string& arn,
                                                            const std::string& client_token = "");

  // Stops a running execution (StopExecution): ABORTED once durable.
  Status StopExecution(const std::string& arn, const std::string& error, const std::string& cause);

  // Blocks until `arn` (started or resumed by this runner) has ended and its end is durable.
  Result<storage::ExecutionRecord, Status> WaitFor(const std::string& arn);
  // Blocks until no execution of this runner is running and every commit is durable.
  void WaitIdle();
  // Blocks until every execution of this runner has ended or waits only for task tokens
  // (SendTaskSuccess/Failure, which may come much later or from another process), with every
  // commit durable. Returns how many wait for tokens.
  size_t WaitSettled();
  // Calls `done` once `arn` (started or resumed by this runner) has ended durably, or with
  // the error that stopped it; at once when that already happened. Runs on the store's writer
  // thread or the caller's: it must not block.
  void OnEnded(const std::string& arn,
               std::function<void(Result<storage::ExecutionRecord, Status>)> done);

  // Executions running in this runner now.
  size_t running() const;
  // Commits that failed (disk full, ...): their executions were dropped from memory and stay
  // RUNNING at their last durable checkpoint.
  size_t failed_commits() const;

 private:
  std::unique_ptr<RunnerImpl> impl_;
};

}  // namespace tern::runtime
