// Running one execution of a state machine: the public face of the engine.
//
// An Execution runs on a Scheduler (the caller runs it); every transition appends history events
// through the HistoryBuilder. RunExecution() is the convenience for one-shot runs (`tern run`,
// tests, conformance): it owns a scheduler and returns when the execution has ended.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/core/failure.h"
#include "asl/model/state_machine.h"
#include "common/json.h"
#include "common/telemetry.h"
#include "engine/clock.h"
#include "engine/history_event.h"
#include "engine/invoker.h"
#include "engine/scheduler.h"

namespace tern::engine {

enum class ExecutionStatus { kRunning, kSucceeded, kFailed, kTimedOut, kAborted };
std::string_view ExecutionStatusName(ExecutionStatus status);  // "SUCCEEDED", ...

// What became of a failure of the top-level state (TestState reports it).
enum class FailureHandling { kRetried, kCaught, kUncaught };

struct ExecutionOptions {
  std::string state_machine_name = "StateMachine";
  std::string execution_name;  // empty: a random UUID
  std::string region = "us-east-1";
  std::string account = "123456789012";
  std::string role_arn;      // empty: arn:aws:iam::<account>:role/tern-local
  uint64_t random_seed = 0;  // jitter and $random; 0: derived from the execution name
  // AWS's quota for STANDARD executions; 0 = unlimited (EXPRESS, benchmarks).
  size_t max_history_events = 25000;
  // X-Amzn-Trace-Id of whatever started the execution (its recursion Lineage travels on to
  // the tasks it invokes); empty: a new chain.
  std::string trace_id;
  // RedriveExecution: how often it was redriven ($$.Execution.RedriveCount) and when it was
  // last (its TimeoutSeconds count from then; 0: never redriven).
  int64_t redrive_count = 0;
  TimeMs redrive_date = 0;
  // Hears how each failure of a top-level state is handled, before it is (engine/test_state.cc
  // stops at the first retry). Optional.
  std::function<void(const asl::Failure&, FailureHandling)> on_top_state_failure;
  // Variables the execution starts with (TestState's `variables`); null: none.
  Json initial_variables;
  // Where state durations go (tern serve's /metrics); null: nowhere. Must outlive the execution.
  Telemetry* telemetry = nullptr;
};

struct ExecutionOutcome {
  ExecutionStatus status = ExecutionStatus::kRunning;
  std::optional<Json> output;  // SUCCEEDED only
  std::string error;           // FAILED/TIMED_OUT/ABORTED; empty when none was given
  std::string cause;
  std::string execution_arn;
  std::string state_machine_arn;
  TimeMs start = 0;
  TimeMs stop = 0;
  EventList history;
};

class ExecutionImpl;

class Execution {
 public:
  Execution(std::shared_ptr<const asl::StateMachine> machine, Json input, ExecutionOptions options,
            Invoker& invoker, Scheduler& scheduler);
  ~Execution();
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;

  void Start();  // runs the first transitions (call it on the scheduler's thread)
  // Continues an execution persisted earlier (see engine/checkpoint.cc): `start` is its
  // original start time, `last_event_id` the last persisted history event, `checkpoint` what
  // Checkpoint() returned with that event (null: it never got past ExecutionStarted, which
  // is not written again). Waits keep their deadlines, finished Map/Parallel children keep
  // their results, and a task that was running is invoked again (at-least-once).
  void Resume(TimeMs start, int64_t last_event_id, const std::optional<Json>& checkpoint);
  // Everything needed to resume the execution later, as JSON. Call it between scheduler
  // callbacks (never from inside one) and only while the execution runs.
  Json Checkpoint() const;
  // Once it has failed, timed out or been aborted: a checkpoint from which Resume() redrives it
  // (RedriveExecution). Its unsuccessful states are entered again with their original input,
  // linked to the event the resume continues after (ExecutionRedriven); a Map or Parallel
  // keeps its successful children and reruns the others. Null when there is nothing to redrive.
  Json RedrivePoint() const;
  // History events written since the previous call (a durable runner persists them with the
  // checkpoint); ids keep counting across calls.
  EventList TakeNewEvents();
  // The task tokens the execution waits for (token -> state name); `only_tokens` (optional)
  // tells whether that is all it waits for. Between scheduler callbacks only.
  // `delivered`: how many of them were handed over (the checkpoint records it).
  std::map<std::string, std::string> PendingTokens(bool* only_tokens = nullptr,
                                                   size_t* delivered = nullptr) const;
  // Status, output, error of the execution so far (history excluded).
  const ExecutionOutcome& outcome() const;
  // Aborts a running execution (StopExecution): status ABORTED.
  void Stop(const std::string& error, const std::string& cause);
  bool finished() const;
  // Valid once finished(); history is complete then.
  ExecutionOutcome TakeOutcome();
  const std::string& arn() const;

 private:
  std::unique_ptr<ExecutionImpl> impl_;
};

// Runs to completion on a private scheduler driven by `clock`.
ExecutionOutcome RunExecution(std::shared_ptr<const asl::StateMachine> machine, Json input,
                              ExecutionOptions options, Invoker& invoker, Clock& clock);

// The input/output of any state, and the execution's, is limited to 256 KiB (AWS quota).
inline constexpr size_t kMaxPayloadBytes = 256 * 1024;

}  // namespace tern::engine
