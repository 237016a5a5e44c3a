#include "engine/execution.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <string_view>

#include "asl/core/error_names.h"
#include "engine/detail/execution_impl.h"
#include "engine/detail/io_pipeline.h"
#include "engine/timestamp.h"
#include "engine/uuid.h"

namespace tern::engine {
namespace {

const asl::State* NextState(const asl::StateMachine& machine, size_t index) {
  return index == asl::kNoState ? nullptr : &machine.at(index);
}

// The pieces joined with one allocation.
std::string Concat(std::initializer_list<std::string_view> pieces) {
  size_t size = 0;
  for (std::string_view p : pieces) size += p.size();
  std::string out;
  out.reserve(size);
  for (std::string_view p : pieces) out.append(p);
  return out;
}

// The ARNs that depend only on the region, account and state machine name. Executions of one
// machine share them, and joining them was a tenth of a short execution's cost: the last ones
// are kept, per thread.
struct MachineArns {
  std::string region, account, machine;  // what they were built from
  std::string default_role;              // arn:aws:iam::<account>:role/tern-local
  std::string state_machine;
  std::string execution_prefix;  // the execution ARN up to the execution's name

  static const MachineArns& For(const ExecutionOptions& o) {
    thread_local MachineArns last;
    if (last.state_machine.empty() || last.region != o.region || last.account != o.account ||
        last.machine != o.state_machine_name) {
      last.region = o.region;
      last.account = o.account;
      last.machine = o.state_machine_name;
      last.default_role = Concat({"arn:aws:iam::", o.account, ":role/tern-local"});
      last.state_machine = Concat(
          {"arn:aws:states:", o.region, ":", o.account, ":stateMachine:", o.state_machine_name});
      last.execution_prefix = Concat(
          {"arn:aws:states:", o.region, ":", o.account, ":execution:", o.state_machine_name, ":"});
    }
    return last;
  }
};

}  // namespace

std::string_view ExecutionStatusName(ExecutionStatus status) {
  switch (status) {
    case ExecutionStatus::kRunning:
      return "RUNNING";
    case ExecutionStatus::kSucceeded:
      return "SUCCEEDED";
    case ExecutionStatus::kFailed:
      return "FAILED";
    case ExecutionStatus::kTimedOut:
      return "TIMED_OUT";
    case ExecutionStatus::kAborted:
      return "ABORTED";
  }
  return "UNKNOWN";
}

ExecutionImpl::ExecutionImpl(std::shared_ptr<const asl::StateMachine> machine, Json input,
                             ExecutionOptions options, Invoker& invoker, Scheduler& scheduler)
    : machine_(std::move(machine)),
      input_(std::move(input)),
      options_(std::move(options)),
      invoker_(invoker),
      scheduler_(scheduler),
      history_(scheduler.clock(), options_.max_history_events),
      mailbox_(std::make_shared<InvokeMailbox>()) {
  mailbox_->scheduler = &scheduler;
  if (options_.execution_name.empty()) options_.execution_name = NewUuid();
  const MachineArns& arns = MachineArns::For(options_);
  if (options_.role_arn.empty()) options_.role_arn = arns.default_role;
  outcome_.state_machine_arn = arns.state_machine;
  outcome_.execution_arn = Concat({arns.execution_prefix, options_.execution_name});
}

ExecutionImpl::~ExecutionImpl() {
  std::lock_guard lock(mailbox_->mu);
  mailbox_->scheduler = nullptr;
}

void ExecutionImpl::Start() {
  outcome_.start = Now();
  SharedText input_text(Dump(input_));
  int64_t started = history_.ExecutionStarted(input_text, options_.role_arn);
  if (input_text.size() > kMaxPayloadBytes) {
    FinishExecution(ExecutionStatus::kFailed, std::nullopt,
                    std::string(asl::errors::kDataLimitExceeded),
                    "The execution input exceeds the maximum number of bytes service limit.",
                    "ExecutionFailed", "executionFailedEventDetails", started);
    return;
  }
  ArmExecutionTimeout();
  NewTopFrame();
  if (options_.initial_variables.is_object()) {
    for (auto& [name, value] : options_.initial_variables.items()) globals_.Set(name, value);
  }
  // AWS quirk (verified): the first state's ...StateEntered has previousEventId 0.
  top_->prev_event = 0;
  StartFrame(*top_, input_, std::move(input_text));
}

void ExecutionImpl::ArmExecutionTimeout() {
  auto timeout = machine_->timeout_seconds();
  if (!timeout) return;
  // A redriven execution gets its whole TimeoutSeconds again, counted from the redrive.
  const TimeMs from = std::max(outcome_.start, options_.redrive_date);
  execution_timer_ = scheduler_.At(from + *timeout * 1000, [this] {
    execution_timer_ = 0;
    if (finished()) return;
    AbortFrame(*top_);
    FinishExecution(ExecutionStatus::kTimedOut, std::nullopt, std::string(asl::errors::kTimeout),
                    "", "ExecutionTimedOut", "executionTimedOutEventDetails", history_.last_id());
  });
}

Frame& ExecutionImpl::NewTopFrame() {
  frames_.push_back(std::make_unique<Frame>(*this, *machine_, nullptr, &globals_, &history_));
  top_ = frames_.back().get();
  top_->on_done = [this](Result<Json, asl::Failure> r, int64_t last) {
    OnTopDone(std::move(r), last);
  };
  return *top_;
}

void ExecutionImpl::Resume(TimeMs start, int64_t last_event_id,
                           const std::optional<Json>& checkpoint) {
  outcome_.start = start;
  history_.ContinueAfter(last_event_id);
  ArmExecutionTimeout();
  NewTopFrame();
  if (!checkpoint) {
    top_->prev_event = 0;
    StartFrame(*top_, input_);
    return;
  }
  for (auto& [name, value] : checkpoint->at("vars").items()) globals_.Set(name, value);
  random_draws_ = checkpoint->value("draws", uint64_t{0});
  RestoreFrame(*top_, checkpoint->at("top"));
}

void ExecutionImpl::OnTopDone(Result<Json, asl::Failure> result, int64_t last_event) {
  if (finished()) return;
  if (result) {
    // The last event is the final state's exit, whose output is the execution's: its text is
    // reused rather than written again (it can be 256 KiB).
    const HistoryEvent* exited = history_.LastIf(last_event);
    history_.ExecutionSucceeded(
        exited != nullptr && exited->details_field == kStateExitedDetails
            ? exited->output
            : SharedText(Dump(*result)),
        last_event);
    outcome_.status = ExecutionStatus::kSucceeded;
    outcome_.output = std::move(result).value();
    outcome_.stop = Now();
    if (execution_timer_) scheduler_.Cancel(execution_timer_);
    return;
  }
  asl::Failure f = std::move(result).error();
  FinishExecution(ExecutionStatus::kFailed, std::nullopt, f.error, f.cause, "ExecutionFailed",
                  "executionFailedEventDetails", last_event);
}

void ExecutionImpl::FinishExecution(ExecutionStatus status, std::optional<Json> output,
                                    std::string error, std::string cause,
                                    const std::string& event_type, const std::string& details_field,
                                    int64_t previous) {
  if (finished()) return;
  history_.ExecutionEnded(event_type, details_field, error, cause, previous);
  outcome_.status = status;
  outcome_.output = std::move(output);
  outcome_.error = std::move(error);
  outcome_.cause = std::move(cause);
  outcome_.stop = Now();
  if (execution_timer_) scheduler_.Cancel(execution_timer_);
  execution_timer_ = 0;
}

void ExecutionImpl::Stop(const std::string& error, const std::string& cause) {
  if (finished() || top_ == nullptr) return;
  AbortFrame(*top_);
  FinishExecution(ExecutionStatus::kAborted, std::nullopt, error, cause, "ExecutionAborted",
                  "executionAbortedEventDetails", 0);
}

ExecutionOutcome ExecutionImpl::TakeOutcome() {
  outcome_.history = history_.TakeEvents();
  return std::move(outcome_);
}

Frame& ExecutionImpl::NewChildFrame(Frame& parent, const asl::StateMachine& machine,
                                    bool own_history) {
  HistoryBuilder* history = parent.history;
  if (own_history) {
    child_histories_.push_back(
        std::make_unique<HistoryBuilder>(scheduler_.clock(), options_.max_history_events));
    history = child_histories_.back().get();
  }
  frames_.push_back(std::make_unique<Frame>(*this, machine, &parent, nullptr, history));
  Frame& child = *frames_.back();
  child.own_scope = std::make_unique<VariableScope>(parent.scope);
  child.scope = child.own_scope.get();
  return child;
}

void ExecutionImpl::StartFrame(Frame& frame, Json input, SharedText input_text) {
  frame.input = std::move(input);
  frame.pending.reset();
  // BuildStateMachine checked that StartAt names a state.
  frame.state = frame.machine.Find(frame.machine.start_at());
  EnterState(frame, std::move(input_text));
}

void ExecutionImpl::EnterState(Frame& frame, SharedText input_text, TimeMs at) {
  Enter(frame, std::move(input_text), at);
}

// EnterState, Apply and RunState are inlined into the transition loop (Drive): a synchronous
// state's transition calls through them all, and the calls were a tenth of its cost.
[[gnu::always_inline]] inline void ExecutionImpl::Enter(Frame& frame, SharedText&& input_text,
                                                        TimeMs at) {
  if (finished()) return;
  if (frame.history->limit_reached()) return FailHistoryLimit(frame);
  if (input_text.empty()) input_text = SharedText(Dump(frame.input));  // JSON is never empty
  frame.entered_event = frame.history->StateEntered(
      frame.state->type, frame.state->name_text, std::move(input_text), frame.prev_event, at);
  frame.prev_event = frame.entered_event;
  frame.entered_time = frame.history->last_time();
  frame.blocked = Blocked::kNone;
  frame.retry_count = 0;
  if (frame.state->retriers.empty()) {
    frame.retrier_attempts.clear();
  } else {
    frame.retrier_attempts.assign(frame.state->retriers.size(), 0);
  }
  RunState(frame);
}

void ExecutionImpl::FailHistoryLimit(Frame& frame) {
  Complete(frame, Outcome::Failed({std::string(asl::errors::kRuntime),
                                   "The execution reached the maximum number of history events (" +
                                       std::to_string(kMaxHistoryEvents) + ")."},
                                  true));
}

[[gnu::always_inline]] inline void ExecutionImpl::RunState(Frame& frame) {
  ++frame.generation;
  frame.blocked = Blocked::kNone;
  switch (frame.state->type) {
    case asl::StateType::kPass:
      return RunPassState(*this, frame);
    case asl::StateType::kChoice:
      return RunChoiceState(*this, frame);
    case asl::StateType::kWait:
      return RunWaitState(*this, frame);
    case asl::StateType::kSucceed:
      return RunSucceedState(*this, frame);
    case asl::StateType::kFail:
      return RunFailState(*this, frame);
    case asl::StateType::kTask:
      return RunTaskState(*this, frame);
    case asl::StateType::kParallel:
      return RunParallelState(*this, frame);
    case asl::StateType::kMap:
      return RunMapState(*this, frame);
  }
}

void ExecutionImpl::Complete(Frame& frame, Outcome&& outcome) {
  NewOutcome(frame) = std::move(outcome);
  Drive(frame);
}

// The transition loop. Iterative so that long chains of synchronous states (a 10,000-iteration
// Choice loop) never grow the C++ stack.
void ExecutionImpl::Drive(Frame& frame) {
  if (frame.driving) return;
  frame.driving = true;
  while (frame.pending && !frame.done && !finished()) {
    // Applied in place, not moved out (an outcome is a dozen members). Applying it may complete
    // the next state, which replaces it in `pending`: Apply reads nothing from it once it has
    // entered the next state, and the new one stays for the next turn of the loop.
    const uint64_t applied = frame.completions;
    Apply(frame, *frame.pending);
    if (frame.completions == applied) frame.pending.reset();
  }
  frame.driving = false;
}

[[gnu::always_inline]] inline void ExecutionImpl::Apply(Frame& frame, Outcome& outcome) {
  switch (outcome.kind) {
    case Outcome::Kind::kNext:
      // Only a machine that skipped validation gets here.
      if (outcome.next == nullptr) return FailNoNextState(frame);
      if (outcome.output) frame.input = std::move(*outcome.output);
      frame.state = outcome.next;
      Enter(frame, std::move(outcome.output_text), outcome.exited_at);
      return;
    case Outcome::Kind::kEnd:
      frame.done = true;
      frame.succeeded = true;
      // The frame is finished: its input is handed on, not copied.
      frame.on_done(outcome.output ? std::move(*outcome.output) : std::move(frame.input),
                    frame.prev_event);
      return;
    case Outcome::Kind::kFail:
      HandleFailure(frame, std::move(outcome));
      return;
  }
}

void ExecutionImpl::FailNoNextState(Frame& frame) {
  HandleFailure(frame, Outcome::Failed({std::string(asl::errors::kRuntime),
                                        "The state '" + frame.state->name + "' has no next state."},
                                       true));
}

void ExecutionImpl::FinishState(Frame& frame, Json output, const Json& assigned) {
  Finish(frame, &output, assigned);
}

void ExecutionImpl::FinishStateWithText(Frame& frame, Json output, SharedText text,
                                        const Json& assigned) {
  Finish(frame, &output, assigned, &text);
}

void ExecutionImpl::Finish(Frame& frame, Json* output, const Json& assigned,
                           SharedText* known_text) {
  const asl::State& state = *frame.state;
  SharedText text;
  if (known_text != nullptr && !known_text->empty()) {
    text = std::move(*known_text);  // a Parallel's or Map's results put together from their texts
  } else if (output) {
    text = SharedText(Dump(*output));
  } else if (const HistoryEvent* entered = frame.history->LastIf(frame.entered_event)) {
    text = entered->input;  // the input, unchanged, was written when the state was entered
  } else {
    text = SharedText(Dump(frame.input));
  }
  if (text.size() > kMaxPayloadBytes) return FailOversizedOutput(frame);
  // Built where Drive takes it from (one move less per transition than Complete).
  Outcome& o = NewOutcome(frame);
  o.exited_at = WriteStateExited(frame, text, assigned);
  if (state.end || state.type == asl::StateType::kSucceed) {
    o.kind = Outcome::Kind::kEnd;
  } else {
    o.kind = Outcome::Kind::kNext;
    o.next = NextState(frame.machine, state.next_index);
    o.output_text = std::move(text);
  }
  if (output) o.output = std::move(*output);
  Drive(frame);
}

void ExecutionImpl::ExitTo(Frame& frame, Json output, const Json& assigned, size_t next_index) {
  Outcome& o = NewOutcome(frame);
  o.output_text = SharedText(Dump(output));
  o.exited_at = WriteStateExited(frame, o.output_text, assigned);
  o.output = std::move(output);
  o.next = NextState(frame.machine, next_index);
  Drive(frame);
}

void ExecutionImpl::FailOversizedOutput(Frame& frame) {
  FailStateRaw(frame,
               {std::string(asl::errors::kDataLimitExceeded),
                "The state/task '" + frame.state->name +
                    "' returned a result with a size exceeding the maximum number of bytes "
                    "service limit."},
               true);
}

TimeMs ExecutionImpl::WriteStateExited(Frame& frame, const SharedText& output,
                                       const Json& assigned) {
  const asl::State& state = *frame.state;
  frame.prev_event =
      frame.history->StateExited(state.type, state.name_text, output, assigned, frame.prev_event);
  const TimeMs at = frame.history->last_time();
  if (options_.telemetry) ReportStateExited(frame, at);
  return at;
}

void ExecutionImpl::ReportStateExited(const Frame& frame, TimeMs at) {
  options_.telemetry->StateExited(options_.state_machine_name,
                                  asl::StateTypeName(frame.state->type),
                                  static_cast<double>(at - frame.entered_time) / 1000.0);
}

void ExecutionImpl::FailState(Frame& frame, asl::Failure failure, bool fatal) {
  failure.cause = "An error occurred while executing the state '" + frame.state->name +
                  "' (entered at the event id #" + std::to_string(frame.entered_event) + "). " +
                  failure.cause;
  Outcome o = Outcome::Failed(std::move(failure), fatal);
  if (o.failed->failure.error == asl::errors::kQueryEvaluationError) {
    // JSONata failures get their own event (AWS-recorded), then the state's failure event.
    frame.prev_event = frame.history->Add(
        "EvaluationFailed", "evaluationFailedEventDetails",
        Json{{"error", o.failed->failure.error},
             {"cause", o.failed->failure.cause},
             {"state", frame.state->name}},
        frame.prev_event);
    if (frame.state->type == asl::StateType::kMap) o.failed->state_failed_event = "MapStateFailed";
    if (frame.state->type == asl::StateType::kParallel)
      o.failed->state_failed_event = "ParallelStateFailed";
  }
  Complete(frame, std::move(o));
}

void ExecutionImpl::FailStateFromChildren(Frame& frame, asl::Failure failure) {
  Outcome o = Outcome::Failed(std::move(failure));
  o.failed->state_failed_event =
      std::string(asl::StateTypeName(frame.state->type)) + "StateFailed";
  Complete(frame, std::move(o));
}

void ExecutionImpl::FailStateRaw(Frame& frame, asl::Failure failure, bool fatal) {
  Complete(frame, Outcome::Failed(std::move(failure), fatal));
}

Json ExecutionImpl::ContextObject(const Frame& frame, const Json* map_item, int64_t map_index,
                                  const std::string* task_token) const {
  Json ctx = Json::object();
  ctx["Execution"] = Json{{"Id", outcome_.execution_arn},
                          {"Input", input_},
                          {"StartTime", FormatTimestamp(outcome_.start)},
                          {"Name", options_.execution_name},
                          {"RoleArn", options_.role_arn},
                          {"RedriveCount", options_.redrive_count}};
  ctx["StateMachine"] =
      Json{{"Id", outcome_.state_machine_arn}, {"Name", options_.state_machine_name}};
  Json state{{"EnteredTime", FormatTimestamp(frame.entered_time)},
             {"Name", frame.state ? frame.state->name : std::string()}};
  if (frame.state && (frame.state->type == asl::StateType::kTask ||
                      frame.state->type == asl::StateType::kParallel ||
                      frame.state->type == asl::StateType::kMap)) {
    state["RetryCount"] = frame.retry_count;
  }
  ctx["State"] = std::move(state);
  if (task_token) ctx["Task"] = Json{{"Token", *task_token}};
  if (map_item) ctx["Map"] = Json{{"Item", Json{{"Index", map_index}, {"Value", *map_item}}}};
  return ctx;
}

Json ExecutionImpl::StatesVariable(const Frame& frame, const Json* result,
                                   const Json* error_output) const {
  Json states = Json::object();
  states["input"] = frame.input;
  if (frame.state && frame.state->uses_context) states["context"] = ContextObject(frame);
  if (result) states["result"] = *result;
  if (error_output) states["errorOutput"] = *error_output;
  return states;
}

void ExecutionImpl::HandleFailure(Frame& frame, Outcome outcome) {
  const asl::State& state = *frame.state;
  FailedOutcome& failed = *outcome.failed;
  const asl::Failure& failure = failed.failure;
  bool handles_errors = state.type == asl::StateType::kTask ||
                        state.type == asl::StateType::kParallel ||
                        state.type == asl::StateType::kMap;
  if (handles_errors && !failed.fatal) {
    // Retry: the first retrier whose ErrorEquals matches decides.
    for (size_t i = 0; i < state.retriers.size(); ++i) {
      const asl::Retrier& r = state.retriers[i];
      if (!asl::ErrorMatches(r.error_equals, failure.error)) continue;
      if (frame.retrier_attempts[i] >= r.max_attempts) break;
      double delay = r.interval_seconds * std::pow(r.backoff_rate, frame.retrier_attempts[i]);
      if (r.max_delay_seconds) delay = std::min(delay, *r.max_delay_seconds);
      if (r.jitter == asl::JitterStrategy::kFull) {
        delay *= RandomUnit();
      }
      if (options_.on_top_state_failure && frame.parent == nullptr) {
        options_.on_top_state_failure(failure, FailureHandling::kRetried);
      }
      ++frame.retrier_attempts[i];
      ++frame.retry_count;
      frame.wake_at = Now() + static_cast<TimeMs>(delay * 1000);
      ArmRetry(frame);
      return;
    }
    if (!failed.state_failed_event.empty()) {
      frame.prev_event =
          frame.history->Add(failed.state_failed_event, "", Json(), frame.prev_event);
      failed.state_failed_event.clear();
    }
    for (const asl::Catcher& c : state.catchers) {
      if (!asl::ErrorMatches(c.error_equals, failure.error)) continue;
      if (options_.on_top_state_failure && frame.parent == nullptr) {
        options_.on_top_state_failure(failure, FailureHandling::kCaught);
      }
      Json error_output{{"Error", failure.error}};
      if (!failure.cause.empty()) error_output["Cause"] = failure.cause;
      Json output;
      Json assigned_values;
      asl::jsonpath::PathContext pc{&error_output, nullptr, frame.scope};
      Json context_json;
      if (state.uses_context) {
        context_json = ContextObject(frame);
        pc.context = &context_json;
      }
      if (state.language == asl::QueryLanguage::kJsonPath) {
        auto placed = ApplyResultPath(c.result_path, frame.input, error_output);
        if (!placed) return FailState(frame, placed.error(), true);
        output = std::move(placed).value();
        auto assign = EvaluateAssign(c.assign_jsonpath, std::nullopt, error_output, pc, nullptr);
        if (!assign) return FailState(frame, assign.error(), true);
        assigned_values = std::move(assign).value();
      } else {
        StatesBindings bindings(*frame.scope, StatesVariable(frame, nullptr, &error_output));
        auto out = EvaluateJsonata(c.output, error_output, bindings);
        if (!out) return FailState(frame, out.error(), true);
        output = std::move(out).value();
        auto assign = EvaluateAssign(std::nullopt, c.assign_jsonata, error_output, pc, &bindings);
        if (!assign) return FailState(frame, assign.error(), true);
        assigned_values = std::move(assign).value();
      }
      Json assigned = CommitAssign(*frame.scope, std::move(assigned_values));
      ++frame.generation;
      ExitTo(frame, std::move(output), assigned, c.next_index);
      return;
    }
  }
  if (!failed.state_failed_event.empty()) {
    frame.prev_event = frame.history->Add(failed.state_failed_event, "", Json(), frame.prev_event);
  }
  if (options_.on_top_state_failure && frame.parent == nullptr) {
    options_.on_top_state_failure(failure, FailureHandling::kUncaught);
  }
  frame.done = true;
  ++frame.generation;
  frame.on_done(Unexpected(failure), frame.prev_event);
}

void ExecutionImpl::ArmRetry(Frame& frame) {
  uint64_t gen = ++frame.generation;
  frame.blocked = Blocked::kRetry;
  frame.timer = scheduler_.At(frame.wake_at, [this, &frame, gen] {
    if (frame.generation != gen || finished()) return;
    frame.timer = 0;
    frame.driving = true;
    RunState(frame);
    frame.driving = false;
    Drive(frame);
  });
}

void ExecutionImpl::AbortFrame(Frame& frame) {
  if (frame.done) return;
  frame.done = true;
  ++frame.generation;
  if (frame.timer) {
    scheduler_.Cancel(frame.timer);
    frame.timer = 0;
  }
  if (frame.children) {
    for (Frame* child : frame.children->frames) {
      if (child && !child->done) AbortFrame(*child);
    }
  }
  if (frame.state == nullptr) return;
  switch (frame.state->type) {
    case asl::StateType::kTask:
    case asl::StateType::kWait:
    case asl::StateType::kParallel:
    case asl::StateType::kMap:
      frame.prev_event =
          frame.history->Add(std::string(asl::StateTypeName(frame.state->type)) + "StateAborted",
                             "", Json(), frame.prev_event);
      break;
    default:
      break;
  }
}

void ExecutionImpl::Pump(Frame& parent) {
  ChildGroup& g = *parent.children;
  if (g.pumping) return;
  g.pumping = true;
  // While launching, the parent counts as driven: a child that finishes the parent's state
  // synchronously only leaves it `pending`, so the group is not replaced under this loop.
  const bool was_driving = parent.driving;
  parent.driving = true;
  while (!g.failed && !parent.done && (!g.queued.empty() || g.launched < g.total) &&
         (g.limit == 0 || g.running < g.limit)) {
    ++g.running;
    if (!g.queued.empty()) {
      auto [index, checkpoint] = std::move(g.queued.front());
      g.queued.pop_front();
      RestoreFrame(g.attach(index), checkpoint);
      continue;
    }
    size_t index = g.launched++;
    g.launch(index);
  }
  g.pumping = false;
  if (!was_driving) {
    parent.driving = false;
    Drive(parent);
  }
}

// --- public wrapper ---

Execution::Execution(std::shared_ptr<const asl::StateMachine> machine, Json input,
                     ExecutionOptions options, Invoker& invoker, Scheduler& scheduler)
    : impl_(std::make_unique<ExecutionImpl>(std::move(machine), std::move(input),
                                            std::move(options), invoker, scheduler)) {}
Execution::~Execution() = default;
void Execution::Start() { impl_->Start(); }
void Execution::Resume(TimeMs start, int64_t last_event_id,
                       const std::optional<Json>& checkpoint) {
  impl_->Resume(start, last_event_id, checkpoint);
}
Json Execution::Checkpoint() const { return impl_->Checkpoint(); }
Json Execution::RedrivePoint() const { return impl_->RedrivePoint(); }
EventList Execution::TakeNewEvents() { return impl_->TakeNewEvents(); }
std::map<std::string, std::string> Execution::PendingTokens(bool* only_tokens,
                                                            size_t* delivered) const {
  return impl_->PendingTokens(only_tokens, delivered);
}
const ExecutionOutcome& Execution::outcome() const { return impl_->outcome(); }
void Execution::Stop(const std::string& error, const std::string& cause) {
  impl_->Stop(error, cause);
}
bool Execution::finished() const { return impl_->finished(); }
ExecutionOutcome Execution::TakeOutcome() { return impl_->TakeOutcome(); }
const std::string& Execution::arn() const { return impl_->arn(); }

ExecutionOutcome RunExecution(std::shared_ptr<const asl::StateMachine> machine, Json input,
                              ExecutionOptions options, Invoker& invoker, Clock& clock) {
  Scheduler scheduler(clock);
  Execution execution(std::move(machine), std::move(input), std::move(options), invoker, scheduler);
  scheduler.Post([&] { execution.Start(); });
  scheduler.Run([&] { return execution.finished(); });
  return execution.TakeOutcome();
}

}  // namespace tern::engine
