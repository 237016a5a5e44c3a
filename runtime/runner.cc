#include "runtime/runner.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "common/json_text.h"
#include "engine/execution.h"
#include "engine/history_builder.h"
#include "engine/scheduler.h"
#include "engine/uuid.h"
#include "runtime/definitions.h"
#include "runtime/event_records.h"
#include "runtime/redrive_policy.h"
#include "storage/names.h"

namespace tern::runtime {
namespace {

storage::ExecutionStatus ToStoreStatus(engine::ExecutionStatus s) {
  switch (s) {
    case engine::ExecutionStatus::kRunning:
      return storage::ExecutionStatus::kRunning;
    case engine::ExecutionStatus::kSucceeded:
      return storage::ExecutionStatus::kSucceeded;
    case engine::ExecutionStatus::kFailed:
      return storage::ExecutionStatus::kFailed;
    case engine::ExecutionStatus::kTimedOut:
      return storage::ExecutionStatus::kTimedOut;
    case engine::ExecutionStatus::kAborted:
      return storage::ExecutionStatus::kAborted;
  }
  return storage::ExecutionStatus::kFailed;
}

// arn:aws:states:REGION:ACCOUNT:stateMachine:NAME -> its parts.
struct MachineArn {
  std::string region;
  std::string account;
  std::string name;
};

// arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME -> MACHINE ("" when not that shape).
std::string_view MachineNameOfExecution(std::string_view arn) {
  for (int colons = 0; colons < 6; ++colons) {
    size_t at = arn.find(':');
    if (at == std::string_view::npos) return {};
    arn.remove_prefix(at + 1);
  }
  return arn.substr(0, arn.find(':'));
}

Result<MachineArn, Status> ParseMachineArn(const std::string& arn) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= arn.size(); ++i) {
    if (i == arn.size() || arn[i] == ':') {
      parts.push_back(arn.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() != 7 || parts[0] != "arn" || parts[2] != "states" ||
      parts[5] != "stateMachine") {
    return Unexpected(Status::InvalidArgument("not a state machine ARN: " + arn));
  }
  return MachineArn{parts[3], parts[4], parts[6]};
}

}  // namespace

class RunnerImpl {
 public:
  RunnerImpl(storage::Store& store, engine::Invoker& invoker, engine::Clock& clock,
             RunnerOptions options)
      : store_(store), invoker_(invoker), clock_(clock), options_(options), scheduler_(clock) {
    scheduler_.SetQuantumHook([this] { Checkpoint(); }, options_.checkpoint_interval_ms);
    scheduler_.BeginExternal();  // keeps the loop alive while the runner exists
    thread_ = std::thread([this] { scheduler_.Run([this] { return stopping_.load(); }); });
  }

  ~RunnerImpl() {
    stopping_ = true;
    scheduler_.Post([] {});
    thread_.join();
    // The loop's last quantum submitted what it had; wait for those commits (their callbacks
    // use this object), then drop the executions still running: they stay RUNNING in the
    // store at their last checkpoint.
    store_.Flush();
    executions_.clear();
    scheduler_.EndExternal();
  }

  Result<storage::ExecutionRecord, Status> Start(const storage::StateMachineRecord& machine,
                                                 const std::string& requested_name,
                                                 const std::string& input_json, bool run,
                                                 const std::string& trace_id);
  Result<size_t, Status> ResumeUnfinished();
  size_t Resume(std::vector<storage::ClaimedExecution> claimed);
  Status Stop(const std::string& arn, const std::string& error, const std::string& cause);
  Result<storage::ExecutionRecord, Status> Redrive(const std::string& arn,
                                                   const std::string& client_token);
  Result<storage::ExecutionRecord, Status> WaitFor(const std::string& arn);
  void WaitIdle();
  size_t WaitSettled();
  void OnEnded(const std::string& arn,
               std::function<void(Result<storage::ExecutionRecord, Status>)> done);
  size_t running() const {
    std::lock_guard lock(mu_);
    return active_.size();
  }
  size_t failed_commits() const { return failed_commits_.load(); }

 private:
  struct Live {
    std::shared_ptr<const asl::StateMachine> machine;
    std::unique_ptr<engine::Execution> execution;
    std::map<std::string, std::string> tokens;  // task tokens as of the last transition
    size_t delivered = 0;  // of those, handed over (see Checkpoint)
  };

  engine::ExecutionOptions OptionsFor(const storage::ExecutionRecord& record,
                                      const storage::StateMachineRecord& machine) const;
  // Loop thread: creates the execution and resumes it.
  void Launch(storage::ExecutionRecord record, storage::StateMachineRecord machine,
              std::shared_ptr<const asl::StateMachine> compiled, Json input,
              std::optional<Json> checkpoint);
  // Loop thread: submits every execution's new events and checkpoint (the quantum hook).
  void Checkpoint();
  void OnCommitted(const std::string& arn, const Status& status,
                   std::optional<storage::ExecutionRecord> ended);
  void Forget(const std::string& arn, const Status& why);

  storage::Store& store_;
  engine::Invoker& invoker_;
  engine::Clock& clock_;
  RunnerOptions options_;
  engine::Scheduler scheduler_;
  DefinitionCache definitions_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;

  // Loop thread only.
  std::unordered_map<std::string, Live> executions_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> active_;  // guarded by mu_
  std::set<std::string> parked_;  // active and waiting only for task tokens; guarded by mu_
  // Recent ends, for WaitFor/OnEnded callers that come after the fact; bounded so a
  // long-running server does not keep every execution it ever ran.
  static constexpr size_t kRememberedEnds = 10000;
  std::map<std::string, storage::ExecutionRecord> ended_;  // guarded by mu_
  std::deque<std::string> ended_order_;                    // guarded by mu_
  std::map<std::string, Status> lost_;                     // guarded by mu_
  using EndCallback = std::function<void(Result<storage::ExecutionRecord, Status>)>;
  std::multimap<std::string, EndCallback> on_end_;  // guarded by mu_
  // Runs and removes the end callbacks of `arn` (after mu_ was released).
  void FireEnded(const std::string& arn);
  int64_t pending_commits_ = 0;  // guarded by mu_
  std::atomic<size_t> failed_commits_{0};
};

engine::ExecutionOptions RunnerImpl::OptionsFor(const storage::ExecutionRecord& record,
                                                const storage::StateMachineRecord& machine) const {
  engine::ExecutionOptions o;
  auto parts = ParseMachineArn(machine.arn);
  if (parts) {
    o.region = parts->region;
    o.account = parts->account;
  }
  o.state_machine_name = machine.name;
  o.execution_name = record.name;
  o.role_arn = machine.role_arn;
  o.max_history_events = options_.max_history_events;
  o.trace_id = record.trace_id;
  o.redrive_count = record.redrive_count;
  o.redrive_date = record.redrive_date.value_or(0);
  o.telemetry = options_.telemetry;
  return o;
}

Result<storage::ExecutionRecord, Status> RunnerImpl::Start(
    const storage::StateMachineRecord& machine, const std::string& requested_name,
    const std::string& input_json, bool run, const std::string& trace_id) {
  auto compiled = definitions_.Compile(machine.arn, machine.revision, machine.definition);
  if (!compiled) return Unexpected(compiled.error());
  auto parts = ParseMachineArn(machine.arn);
  if (!parts) return Unexpected(parts.error());
  const std::string name = requested_name.empty() ? engine::NewUuid() : requested_name;
  if (Status s = storage::ValidateName(name); !s.ok()) return Unexpected(s);
  if (input_json.size() > engine::kMaxPayloadBytes) {
    return Unexpected(Status::InvalidArgument(
        "the execution input is " + std::to_string(input_json.size()) + " bytes; the limit is " +
        std::to_string(engine::kMaxPayloadBytes)));
  }
  Json input = Json::parse(input_json, nullptr, false);
  if (input.is_discarded()) {
    return Unexpected(Status::InvalidArgument("the execution input is not valid JSON"));
  }

  storage::ExecutionRecord record;
  record.name = name;
  record.arn = "arn:aws:states:" + parts->region + ":" + parts->account +
               ":execution:" + parts->name + ":" + name;
  record.state_machine_arn = machine.arn;
  record.state_machine_revision = machine.revision;
  record.status = storage::ExecutionStatus::kRunning;
  record.input = DumpCompact(input);
  record.start = clock_.Now();
  record.event_count = 1;
  record.trace_id = trace_id;

  // ExecutionStarted comes from the engine's history builder, the only maker of events.
  engine::HistoryBuilder started(clock_);
  engine::ExecutionOptions options = OptionsFor(record, machine);
  if (options.role_arn.empty()) {
    options.role_arn = "arn:aws:iam::" + options.account + ":role/tern-local";
  }
  started.ExecutionStarted(SharedText(record.input), options.role_arn);

  storage::Transition t;
  t.execution_arn = record.arn;
  t.create = record;
  t.events = ToEventRecords(started.TakeEvents());
  // Active before its row is durable: whoever sees the row (WaitFor, OnEnded) finds it running.
  // Not when another execution of that ARN runs here: the store refuses this one.
  bool marked = false;
  if (run) {
    std::lock_guard lock(mu_);
    marked = active_.insert(record.arn).second;
  }
  std::promise<Status> committed;
  store_.Submit(std::move(t), [&committed](Status s) { committed.set_value(std::move(s)); });
  if (Status s = committed.get_future().get(); !s.ok()) {
    if (marked) {
      {
        std::lock_guard lock(mu_);
        active_.erase(record.arn);
      }
      cv_.notify_all();
    }
    return Unexpected(s);
  }
  if (options_.telemetry) options_.telemetry->ExecutionStarted(machine.name);
  if (run) {
    scheduler_.Post([this, record, machine, compiled = *compiled, input = std::move(input)] {
      Launch(record, machine, compiled, input, std::nullopt);
    });
  }
  return record;
}

Result<size_t, Status> RunnerImpl::ResumeUnfinished() {
  auto claimed = store_.ClaimUnfinished();
  if (!claimed) return Unexpected(claimed.error());
  return Resume(std::move(claimed).value());
}

size_t RunnerImpl::Resume(std::vector<storage::ClaimedExecution> claimed) {
  size_t resumed = 0;
  for (storage::ClaimedExecution& c : claimed) {
    const std::string& arn = c.execution.arn;
    auto compiled = definitions_.Compile(c.machine.arn, c.machine.revision, c.machine.definition);
    if (!compiled) {
      std::cerr << "tern: cannot resume " << arn << ": " << compiled.error().message() << "\n";
      continue;
    }
    Json input = Json::parse(c.execution.input, nullptr, false);
    std::optional<Json> checkpoint;
    if (c.checkpoint) {
      checkpoint = Json::parse(*c.checkpoint, nullptr, false);
      if (checkpoint->is_discarded()) {
        std::cerr << "tern: cannot resume " << arn << ": its checkpoint is not valid JSON\n";
        continue;
      }
    }
    if (input.is_discarded()) {
      std::cerr << "tern: cannot resume " << arn << ": its input is not valid JSON\n";
      continue;
    }
    {
      std::lock_guard lock(mu_);
      active_.insert(arn);
    }
    scheduler_.Post([this, record = c.execution, machine = c.machine, compiled = *compiled,
                     input = std::move(input), checkpoint = std::move(checkpoint)] {
      Launch(record, machine, compiled, input, checkpoint);
    });
    ++resumed;
  }
  return resumed;
}

void RunnerImpl::Launch(storage::ExecutionRecord record, storage::StateMachineRecord machine,
                        std::shared_ptr<const asl::StateMachine> compiled, Json input,
                        std::optional<Json> checkpoint) {
  Live live;
  live.machine = compiled;
  live.execution = std::make_unique<engine::Execution>(
      compiled, std::move(input), OptionsFor(record, machine), invoker_, scheduler_);
  engine::Execution& execution = *live.execution;
  executions_.emplace(record.arn, std::move(live));
  try {
    execution.Resume(record.start, record.event_count, checkpoint);
  } catch (const std::exception& e) {
    // A checkpoint this engine cannot read: leave the stored execution as it is.
    executions_.erase(record.arn);
    Forget(record.arn, Status::Internal("cannot resume " + record.arn + ": " + e.what()));
  }
}

void RunnerImpl::Checkpoint() {
  for (auto it = executions_.begin(); it != executions_.end();) {
    const std::string arn = it->first;
    engine::Execution& execution = *it->second.execution;
    engine::EventList events = execution.TakeNewEvents();
    const bool done = execution.finished();
    // Whether it now waits only for task tokens can change without an event (the token was
    // handed over), so it is looked at every quantum.
    bool only_tokens = false;
    size_t delivered = 0;
    std::map<std::string, std::string> tokens =
        done ? std::map<std::string, std::string>()
             : execution.PendingTokens(&only_tokens, &delivered);
    {
      std::lock_guard lock(mu_);
      if (only_tokens) {
        parked_.insert(arn);
      } else {
        parked_.erase(arn);
      }
    }
    if (only_tokens) cv_.notify_all();
    // A token handed over changes the checkpoint without an event: it is written then too, or
    // a resume after a crash would invoke the token's function again.
    const bool handed_over = delivered > it->second.delivered;
    it->second.delivered = delivered;
    if (events.empty() && !done && !handed_over) {
      ++it;
      continue;
    }
    storage::Transition t;
    t.execution_arn = arn;
    t.events = ToEventRecords(std::move(events));
    std::optional<storage::ExecutionRecord> ended;
    if (done) {
      const engine::ExecutionOutcome& o = execution.outcome();
      storage::ExecutionEnd end;
      end.status = ToStoreStatus(o.status);
      if (o.output) end.output = DumpCompact(*o.output);
      end.error = o.error;
      end.cause = o.cause;
      end.stop = o.stop;
      // Kept so RedriveExecution can take it up from the states that did not succeed.
      if (Json point = execution.RedrivePoint(); !point.is_null()) {
        t.redrive_point = DumpCompact(point);
      }
      t.end = end;
      storage::ExecutionRecord r;
      r.arn = arn;
      r.status = end.status;
      r.output = end.output;
      r.error = end.error;
      r.cause = end.cause;
      r.stop = end.stop;
      r.start = o.start;
      ended = std::move(r);
    } else {
      t.checkpoint = DumpCompact(execution.Checkpoint());
    }
    // Task tokens it started or stopped waiting for, so SendTask* can find the execution.
    for (const auto& [token, state] : tokens) {
      if (!it->second.tokens.contains(token)) {
        storage::TaskTokenRecord added;
        added.token = token;
        added.execution_arn = arn;
        added.state_name = state;
        added.created = clock_.Now();
        t.tokens_added.push_back(std::move(added));
      }
    }
    for (const auto& [token, state] : it->second.tokens) {
      if (!tokens.contains(token)) t.tokens_removed.push_back(token);
    }
    it->second.tokens = std::move(tokens);
    {
      std::lock_guard lock(mu_);
      ++pending_commits_;
    }
    store_.Submit(std::move(t),
                  [this, arn, ended = std::move(ended)](Status s) { OnCommitted(arn, s, ended); });
    it = done ? executions_.erase(it) : std::next(it);
  }
}

// Writer thread.
void RunnerImpl::OnCommitted(const std::string& arn, const Status& status,
                             std::optional<storage::ExecutionRecord> ended) {
  if (!status.ok()) {
    ++failed_commits_;
    std::cerr << "tern: could not persist " << arn << ": " << status.message()
              << "; it stays RUNNING at its last durable checkpoint (`tern resume` continues "
                 "it)\n";
    // Its state in memory is ahead of the store now: drop it (the store refuses any later
    // transition of it anyway, since their event ids no longer follow the committed ones).
    scheduler_.Post([this, arn] { executions_.erase(arn); });
    Forget(arn, status);
  } else if (ended) {
    {
      std::lock_guard lock(mu_);
      ended_[arn] = std::move(*ended);
      ended_order_.push_back(arn);
      if (ended_order_.size() > kRememberedEnds) {
        ended_.erase(ended_order_.front());
        ended_order_.pop_front();
      }
      active_.erase(arn);
      parked_.erase(arn);
    }
    if (options_.telemetry) {
      options_.telemetry->ExecutionEnded(MachineNameOfExecution(arn),
                                         storage::ExecutionStatusName(ended->status));
    }
    FireEnded(arn);
  }
  {
    std::lock_guard lock(mu_);
    --pending_commits_;
  }
  cv_.notify_all();
}

void RunnerImpl::OnEnded(const std::string& arn, EndCallback done) {
  {
    std::lock_guard lock(mu_);
    if (active_.contains(arn)) {
      on_end_.emplace(arn, std::move(done));
      return;
    }
  }
  std::unique_lock lock(mu_);
  if (auto it = ended_.find(arn); it != ended_.end()) {
    storage::ExecutionRecord r = it->second;
    lock.unlock();
    return done(std::move(r));
  }
  Status why = Status::NotFound("execution " + arn + " is not running in this process");
  if (auto it = lost_.find(arn); it != lost_.end()) why = it->second;
  lock.unlock();
  done(Unexpected(why));
}

void RunnerImpl::FireEnded(const std::string& arn) {
  std::vector<EndCallback> callbacks;
  Result<storage::ExecutionRecord, Status> outcome =
      Unexpected(Status::NotFound("execution " + arn + " is not running in this process"));
  {
    std::lock_guard lock(mu_);
    auto [first, last] = on_end_.equal_range(arn);
    for (auto it = first; it != last; ++it) callbacks.push_back(std::move(it->second));
    on_end_.erase(first, last);
    if (auto it = ended_.find(arn); it != ended_.end()) {
      outcome = it->second;
    } else if (auto lost = lost_.find(arn); lost != lost_.end()) {
      outcome = Unexpected(lost->second);
    }
  }
  for (auto& cb : callbacks) cb(outcome);
}

void RunnerImpl::Forget(const std::string& arn, const Status& why) {
  {
    std::lock_guard lock(mu_);
    if (active_.erase(arn) == 0) return;
    parked_.erase(arn);
    lost_[arn] = why;
  }
  std::cerr << "tern: " << why.message() << "\n";
  FireEnded(arn);
  cv_.notify_all();
}

Status RunnerImpl::Stop(const std::string& arn, const std::string& error,
                        const std::string& cause) {
  std::promise<bool> found;
  scheduler_.Post([&] {
    auto it = executions_.find(arn);
    if (it == executions_.end()) return found.set_value(false);
    it->second.execution->Stop(error, cause);
    found.set_value(true);
  });
  if (!found.get_future().get()) {
    return Status::NotFound("execution " + arn + " is not running in this process");
  }
  return Status::Ok();
}

Result<storage::ExecutionRecord, Status> RunnerImpl::Redrive(const std::string& arn,
                                                             const std::string& client_token) {
  auto record = store_.GetExecution(arn);
  if (!record) return Unexpected(record.error());
  const storage::TimeMs now = clock_.Now();
  if (auto why = NotRedrivableReason(*record, now)) {
    // A repeated client token is answered by the store (the execution may be running or done
    // since that redrive); anything else that is not redrivable stops here.
    const bool ended_unsuccessfully = record->status != storage::ExecutionStatus::kRunning &&
                                      record->status != storage::ExecutionStatus::kSucceeded;
    if (client_token.empty() || ended_unsuccessfully) {
      return Unexpected(Status(StatusCode::kFailedPrecondition, *why));
    }
  }
  // ExecutionRedriven comes from the engine's history builder, like ExecutionStarted.
  engine::HistoryBuilder builder(clock_);
  builder.ContinueAfter(record->event_count);
  builder.Add("ExecutionRedriven", "executionRedrivenEventDetails",
              Json{{"redriveCount", record->redrive_count + 1}}, record->event_count);
  storage::RedriveRequest request;
  request.execution_arn = record->arn;
  request.expected_event_count = record->event_count;
  request.event = ToEventRecord(builder.TakeEvents().front());
  request.now = now;
  request.client_token = client_token;
  auto claimed = store_.RedriveExecution(request);
  if (!claimed) return Unexpected(claimed.error());
  if (!*claimed) return store_.GetExecution(record->arn);  // that token's redrive, done before
  storage::ExecutionRecord redriven = (*claimed)->execution;
  // Counted as started again: its end will be counted again too (tern_executions_*_total).
  if (options_.telemetry) options_.telemetry->ExecutionStarted((*claimed)->machine.name);
  std::vector<storage::ClaimedExecution> run;
  run.push_back(std::move(**claimed));
  if (Resume(std::move(run)) != 1) {
    return Unexpected(Status::Internal("execution " + redriven.arn +
                                       " was redriven but cannot run here (see the log); "
                                       "tern resume retries it"));
  }
  return redriven;
}

Result<storage::ExecutionRecord, Status> RunnerImpl::WaitFor(const std::string& arn) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !active_.contains(arn); });
  if (auto it = ended_.find(arn); it != ended_.end()) return it->second;
  if (auto it = lost_.find(arn); it != lost_.end()) return Unexpected(it->second);
  return Unexpected(Status::NotFound("execution " + arn + " is not running in this process"));
}

void RunnerImpl::WaitIdle() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return active_.empty() && pending_commits_ == 0; });
}

size_t RunnerImpl::WaitSettled() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] {
    if (pending_commits_ != 0) return false;
    for (const std::string& arn : active_) {
      if (!parked_.contains(arn)) return false;
    }
    return true;
  });
  return active_.size();
}

Runner::Runner(storage::Store& store, engine::Invoker& invoker, engine::Clock& clock,
               RunnerOptions options)
    : impl_(std::make_unique<RunnerImpl>(store, invoker, clock, options)) {}
Runner::~Runner() = default;

Result<storage::ExecutionRecord, Status> Runner::StartExecution(
    const storage::StateMachineRecord& machine, const std::string& name,
    const std::string& input_json, bool run, const std::string& trace_id) {
  return impl_->Start(machine, name, input_json, run, trace_id);
}
Result<size_t, Status> Runner::ResumeUnfinished() { return impl_->ResumeUnfinished(); }
size_t Runner::Resume(std::vector<storage::ClaimedExecution> claimed) {
  return impl_->Resume(std::move(claimed));
}
Status Runner::StopExecution(const std::string& arn, const std::string& error,
                             const std::string& cause) {
  return impl_->Stop(arn, error, cause);
}
Result<storage::ExecutionRecord, Status> Runner::RedriveExecution(const std::string& arn,
                                                                  const std::string& client_token) {
  return impl_->Redrive(arn, client_token);
}
Result<storage::ExecutionRecord, Status> Runner::WaitFor(const std::string& arn) {
  return impl_->WaitFor(arn);
}
void Runner::WaitIdle() { impl_->WaitIdle(); }
size_t Runner::WaitSettled() { return impl_->WaitSettled(); }
void Runner::OnEnded(const std::string& arn,
                     std::function<void(Result<storage::ExecutionRecord, Status>)> done) {
  impl_->OnEnded(arn, std::move(done));
}
size_t Runner::running() const { return impl_->running(); }
size_t Runner::failed_commits() const { return impl_->failed_commits(); }

}  // namespace tern::runtime
