// Internals of an execution: frames (the top-level machine, each Parallel branch, each Map
// iteration), the transition loop, Retry/Catch, and aborting. Not part of the engine's API.
//
// Thread safety: everything here runs on the scheduler's thread. Invoker completions arrive from
// any thread and are re-posted to it.
//
// Invariants:
// - A frame is driven by one loop at a time (Drive); handlers either complete the state
//   synchronously (setting `pending`) or arrange for a timer/invocation/children to do it later.
// - Every callback that may outlive a state visit captures the frame's `generation` and does
//   nothing when it changed (the visit ended, was retried or aborted).
// - Frames live until the execution ends (arena in ExecutionImpl), so captured pointers are safe.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "asl/core/failure.h"
#include "asl/model/state_machine.h"
#include "engine/execution.h"
#include "engine/history_builder.h"
#include "engine/variable_scope.h"

namespace tern::engine {

class ExecutionImpl;
struct Frame;

// How a state visit failed (Outcome::Kind::kFail).
struct FailedOutcome {
  asl::Failure failure;
  bool fatal = false;  // bypasses Retry/Catch (execution-level failures)
  // "MapStateFailed" / "ParallelStateFailed": emitted only once the failure is final (caught or
  // propagated), never before a retry (AWS-recorded sequences).
  std::string state_failed_event;
};

// What a state visit produced. Every transition makes one, so the failure details, which most
// never need, live behind a pointer.
struct Outcome {
  // User-provided, so `pending.emplace()` runs the member initialisers instead of first
  // zeroing the whole object (a `rep stos` that cost more than the rest of a Pass state).
  Outcome() {}  // NOLINT(modernize-use-equals-default)
  enum class Kind { kNext, kEnd, kFail };
  Kind kind = Kind::kNext;
  // kNext/kEnd: the state's output; unset when it is the frame's current input, unchanged, so a
  // state that passes its input on does not copy it (and an unset Json costs nothing to destroy).
  std::optional<Json> output;
  const asl::State* next = nullptr;  // kNext: in the frame's machine
  std::unique_ptr<FailedOutcome> failed;  // kFail
  // kNext: `output` as JSON text and when the state exited, as its ...StateExited event has
  // them; the next state's ...StateEntered reuses both instead of writing the text again.
  SharedText output_text;
  TimeMs exited_at = 0;

  static Outcome Failed(asl::Failure failure, bool fatal = false) {
    Outcome o;
    o.kind = Kind::kFail;
    o.failed = std::make_unique<FailedOutcome>();
    o.failed->failure = std::move(failure);
    o.failed->fatal = fatal;
    return o;
  }
};

// The children of a running Parallel or Map state.
struct ChildGroup {
  // The ...StateEntered of the state visit the group belongs to: a frame keeps its last group
  // until a later Map or Parallel makes a new one, and a redrive must not take that for its own.
  int64_t entered_event = 0;
  std::vector<Frame*> frames;  // by branch/iteration index; null until launched
  std::vector<Json> results;
  // Each result's JSON text when the child's last event still holds it (empty: unknown), so the
  // state's output text is put together instead of written again (ResultText).
  std::vector<SharedText> result_texts;
  size_t total = 0;
  size_t limit = 0;  // max running at once; 0 = all
  size_t launched = 0;
  size_t running = 0;
  // Redriven children waiting for a slot under `limit` (index, the frame checkpoint they are
  // restored from), lowest index first. Their indices are below `launched`; they have no frame
  // until Pump starts them, before it launches any new child.
  std::deque<std::pair<size_t, Json>> queued;
  size_t succeeded = 0;
  size_t failures = 0;   // tolerated failures so far (distributed Map)
  size_t tolerated = 0;  // failures tolerated before the state fails
  bool failed = false;
  bool pumping = false;
  int64_t started_event = 0;                 // ParallelStateStarted / MapStateStarted id
  std::function<void(size_t index)> launch;  // creates and starts child `index`
  // Creates child `index` with its completion wired, without starting it (resume restores it).
  std::function<Frame&(size_t index)> attach;
};

// What a frame waits for between two scheduler callbacks; a checkpoint records it, and a
// resumed frame waits for the same thing again. kReenter: the state is entered again from its
// raw input (a redriven execution's unsuccessful states, engine/redrive.cc).
enum class Blocked { kNone, kWait, kRetry, kTask, kChildren, kReenter };

struct Frame {
  Frame(ExecutionImpl& e, const asl::StateMachine& m, Frame* p, VariableScope* s, HistoryBuilder* h)
      : exec(e), machine(m), parent(p), scope(s), history(h) {}

  ExecutionImpl& exec;
  const asl::StateMachine& machine;
  Frame* parent;
  std::unique_ptr<VariableScope> own_scope;  // Parallel branches and Map iterations
  VariableScope* scope;
  // Where this frame's events go: the execution's history, or (iterations of a DISTRIBUTED Map)
  // the history of the child execution the iteration runs as.
  HistoryBuilder* history;
  // Called once when the frame's machine ends: its output or failure, and the last event id.
  std::function<void(Result<Json, asl::Failure>, int64_t last_event)> on_done;

  const asl::State* state = nullptr;  // the current state, in `machine`
  Json input;                 // raw input of the current state
  int64_t prev_event = 0;     // previousEventId for this frame's next event
  int64_t entered_event = 0;  // id of the current state's ...StateEntered
  TimeMs entered_time = 0;
  int64_t retry_count = 0;  // $$.State.RetryCount
  std::vector<int64_t> retrier_attempts;
  uint64_t generation = 0;
  Scheduler::TimerId timer = 0;          // Wait / retry backoff / task timeout
  std::unique_ptr<ChildGroup> children;  // Parallel / Map in progress
  bool task_running = false;
  Blocked blocked = Blocked::kNone;
  // kWait / kRetry: when the timer fires; kTask: when the task times out (0: never).
  TimeMs wake_at = 0;
  std::optional<std::string> task_token;  // kTask with .waitForTaskToken or an activity
  // The invoker has handed the token over (TaskRequest::on_delivered): from then on the task
  // only waits for an answer.
  bool token_delivered = false;

  std::optional<Outcome> pending;
  uint64_t completions = 0;  // outcomes set into `pending` so far (see ExecutionImpl::Drive)
  bool driving = false;
  bool done = false;
  // The frame's machine reached its end (done and not failed or aborted): a redrive keeps it.
  bool succeeded = false;
};

// Where invocation results are delivered. Invokers may answer after the execution (and its
// scheduler) are gone; they then find `scheduler` null and drop the result.
struct InvokeMailbox {
  std::mutex mu;
  Scheduler* scheduler = nullptr;  // guarded by mu
};

// The `assigned` of a state that assigns no variables.
inline const Json kNothingAssigned;

class ExecutionImpl {
 public:
  ExecutionImpl(std::shared_ptr<const asl::StateMachine> machine, Json input,
                ExecutionOptions options, Invoker& invoker, Scheduler& scheduler);
  ~ExecutionImpl();

  void Start();
  // Continues a persisted execution: `checkpoint` null means it never got past
  // ExecutionStarted. History ids continue after `last_event_id`.
  void Resume(TimeMs start, int64_t last_event_id, const std::optional<Json>& checkpoint);
  // The state of every running frame (valid between scheduler callbacks).
  Json Checkpoint() const;
  EventList TakeNewEvents() { return history_.TakeEvents(); }
  // The task tokens the execution waits for now (token -> state name), and whether that is all
  // it waits for (no Wait, retry backoff or plain task pending).
  std::map<std::string, std::string> PendingTokens(bool* only_tokens, size_t* delivered) const;
  void Stop(const std::string& error, const std::string& cause);
  bool finished() const { return outcome_.status != ExecutionStatus::kRunning; }
  ExecutionOutcome TakeOutcome();
  const ExecutionOutcome& outcome() const { return outcome_; }
  const std::string& arn() const { return outcome_.execution_arn; }

  // --- used by the state handlers (engine/states/*.cc) ---
  Scheduler& scheduler() { return scheduler_; }
  Invoker& invoker() { return invoker_; }
  std::shared_ptr<InvokeMailbox> mailbox() const { return mailbox_; }
  HistoryBuilder& history() { return history_; }
  // A uniform draw in [0, 1) from the execution's generator (retry jitter). Seeded on first
  // use (seeding costs more than a short execution's transitions, and only jittered retries
  // draw), from options.random_seed or the execution's name. Each draw takes exactly one number
  // from the generator and is counted: a checkpoint records the count, and a resumed execution
  // continues the sequence where it stopped instead of drawing the same delays again.
  double RandomUnit() {
    if (!random_) {
      uint64_t seed = options_.random_seed;
      if (seed == 0) seed = std::hash<std::string>{}(options_.execution_name) | 1;
      random_.emplace(seed);
      random_->discard(random_draws_);
    }
    ++random_draws_;
    return static_cast<double>((*random_)() >> 11) * 0x1.0p-53;  // 53 random bits
  }
  uint64_t random_draws() const { return random_draws_; }
  TimeMs Now() const { return scheduler_.clock().Now(); }

  // Completes the current state of `frame` (may be called from inside or outside Drive).
  void Complete(Frame& frame, Outcome&& outcome);
  // Emits ...StateExited and moves on (Next or End). `assigned` is the assignedVariables map.
  void FinishState(Frame& frame, Json output, const Json& assigned);
  // FinishState with the output's JSON text already known (it must be Dump(output)).
  void FinishStateWithText(Frame& frame, Json output, SharedText text, const Json& assigned);
  // FinishState for a state whose output is its input, unchanged (and that assigns nothing).
  void FinishStateWithInput(Frame& frame) { Finish(frame, nullptr, kNothingAssigned); }
  // Emits ...StateExited and moves to machine state `next_index` (Choice, Catch).
  void ExitTo(Frame& frame, Json output, const Json& assigned, size_t next_index);
  // Writes the current state's ...StateExited event (`output` is its JSON text), reports the
  // state's duration to the telemetry sink and returns the event's time.
  TimeMs WriteStateExited(Frame& frame, const SharedText& output, const Json& assigned);
  // A failure raised while evaluating the state: gets AWS's "An error occurred while executing
  // the state ..." prefix.
  void FailState(Frame& frame, asl::Failure failure, bool fatal = false);
  // A failure reported as is (task errors, Fail states, branch failures).
  void FailStateRaw(Frame& frame, asl::Failure failure, bool fatal = false);
  // A Parallel branch or Map iteration failed the state: Retry/Catch apply, and the state's
  // ...StateFailed event is written once the failure is final.
  void FailStateFromChildren(Frame& frame, asl::Failure failure);

  // The context object ($$) for the current state of `frame`; `map_item` adds Map.Item.
  Json ContextObject(const Frame& frame, const Json* map_item = nullptr, int64_t map_index = -1,
                     const std::string* task_token = nullptr) const;
  // `$states` for JSONata expressions of the current state.
  Json StatesVariable(const Frame& frame, const Json* result, const Json* error_output) const;

  // Children (Parallel branches, Map iterations).
  // `own_history`: the child runs as a child execution with its own history (DISTRIBUTED Map).
  Frame& NewChildFrame(Frame& parent, const asl::StateMachine& machine, bool own_history = false);
  // `input_text`: the input's JSON text when the caller has it (empty: written here).
  void StartFrame(Frame& frame, Json input, SharedText input_text = SharedText());
  void AbortFrame(Frame& frame);
  void Pump(Frame& parent);  // launches children up to the group's limit
  // Re-arms a Retry backoff whose timer is due at frame.wake_at.
  void ArmRetry(Frame& frame);
  // Restores a frame from its checkpoint and waits for what it was waiting for.
  void RestoreFrame(Frame& frame, const Json& checkpoint);
  // Restores a Parallel/Map group whose `launch` and `attach` are set: counters, finished
  // results and the running children.
  void RestoreChildren(Frame& frame, const Json& checkpoint);
  // Enters the frame's current state again, from the scheduler (a restored kReenter frame).
  void ReenterLater(Frame& frame);
  // Where a redrive starts over, once the execution has failed, timed out or been aborted
  // (engine/redrive.cc); null otherwise.
  Json RedrivePoint() const;

  const ExecutionOptions& options() const { return options_; }
  const std::string& state_machine_arn() const { return outcome_.state_machine_arn; }

 private:
  void Drive(Frame& frame);
  // A fresh outcome in frame.pending, for the state that is completing.
  Outcome& NewOutcome(Frame& frame) {
    ++frame.completions;
    return frame.pending.emplace();
  }
  // FinishState's work; `output` null: the output is frame.input; `known_text`: its JSON text,
  // when known (null or empty: written here).
  void Finish(Frame& frame, Json* output, const Json& assigned, SharedText* known_text = nullptr);
  void Apply(Frame& frame, Outcome& outcome);
  // The rare endings of a transition, out of line so that the common path stays small (each
  // builds a message, and that made every caller set up a large stack frame).
  [[gnu::cold, gnu::noinline]] void FailHistoryLimit(Frame& frame);
  [[gnu::cold, gnu::noinline]] void FailNoNextState(Frame& frame);
  [[gnu::cold, gnu::noinline]] void FailOversizedOutput(Frame& frame);
  [[gnu::noinline]] void ReportStateExited(const Frame& frame, TimeMs at);
  // Enters frame.state. `input_text` and `at`, when given, are frame.input as JSON text and the
  // time of the transition (the previous state's exit).
  void EnterState(Frame& frame, SharedText input_text = SharedText(), TimeMs at = 0);
  void Enter(Frame& frame, SharedText&& input_text, TimeMs at);  // EnterState's body
  void RunState(Frame& frame);
  void HandleFailure(Frame& frame, Outcome outcome);
  void FinishExecution(ExecutionStatus status, std::optional<Json> output, std::string error,
                       std::string cause, const std::string& event_type,
                       const std::string& details_field, int64_t previous);
  void OnTopDone(Result<Json, asl::Failure> result, int64_t last_event);
  void ArmExecutionTimeout();
  Frame& NewTopFrame();

  std::shared_ptr<const asl::StateMachine> machine_;
  Json input_;
  ExecutionOptions options_;
  Invoker& invoker_;
  Scheduler& scheduler_;
  HistoryBuilder history_;
  std::optional<std::mt19937_64> random_;
  uint64_t random_draws_ = 0;  // numbers drawn from random_ so far, across resumes
  VariableScope globals_;
  std::vector<std::unique_ptr<Frame>> frames_;  // arena: frames live until the execution ends
  std::vector<std::unique_ptr<HistoryBuilder>> child_histories_;  // DISTRIBUTED Map children
  Frame* top_ = nullptr;
  Scheduler::TimerId execution_timer_ = 0;
  ExecutionOutcome outcome_;
  std::shared_ptr<InvokeMailbox> mailbox_;
};

// Per-state handlers (engine/states/*.cc). Each runs the current state of `frame` and, now or
// later, calls FinishState / Complete / FailState exactly once per visit.
void RunPassState(ExecutionImpl& exec, Frame& frame);
void RunChoiceState(ExecutionImpl& exec, Frame& frame);
void RunWaitState(ExecutionImpl& exec, Frame& frame);
void RunSucceedState(ExecutionImpl& exec, Frame& frame);
void RunFailState(ExecutionImpl& exec, Frame& frame);
void RunTaskState(ExecutionImpl& exec, Frame& frame);
void RunParallelState(ExecutionImpl& exec, Frame& frame);
void RunMapState(ExecutionImpl& exec, Frame& frame);

// Resuming a state whose frame was restored from a checkpoint (frame.blocked says what it was
// waiting for): the state's logic continues without writing its earlier events again.
void ResumeWaitState(ExecutionImpl& exec, Frame& frame);
void ResumeTaskState(ExecutionImpl& exec, Frame& frame);
void ResumeParallelState(ExecutionImpl& exec, Frame& frame, const Json& group);
void ResumeMapState(ExecutionImpl& exec, Frame& frame, const Json& group);

// The result half of Task, Parallel and Map: ResultSelector → Assign → ResultPath → OutputPath
// (JSONata: Output and Assign with $states.result), then FinishState.
// `result_text`: the result's JSON text when known (ResultText), reused when the state's output
// is its result unchanged.
void FinishWithResult(ExecutionImpl& exec, Frame& frame, Json result,
                      SharedText result_text = SharedText());
// The output text of a child's last event `last_event` (its final ...StateExited), or empty
// when that event is no longer held or is another kind.
SharedText ChildOutputText(const HistoryBuilder& history, int64_t last_event);
// The JSON text of the array of a group's results, from their texts; empty unless all are known.
SharedText ResultText(const ChildGroup& group);
// Parallel Parameters / Task Parameters: the effective input (InputPath + Parameters, or
// JSONata Arguments). Returns false after failing the state.
bool EffectiveInput(ExecutionImpl& exec, Frame& frame, Json& out);

}  // namespace tern::engine
