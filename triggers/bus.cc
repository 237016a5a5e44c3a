#include "triggers/bus.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <iostream>
#include <map>
#include <mutex>

#include "asl/core/error_names.h"
#include "common/json_text.h"
#include "engine/clock.h"
#include "engine/timestamp.h"
#include "runtime/runner.h"
#include "storage/store.h"
#include "triggers/async_dispatcher.h"
#include "triggers/task_results.h"
#include "triggers/task_tokens.h"
#include "triggers/trace_header.h"
#include "workers/pool.h"

namespace tern::triggers {
namespace {

asl::Failure RuntimeFailure(std::string cause) {
  return {std::string(asl::errors::kRuntime), std::move(cause)};
}

FunctionResponse ErrorResponse(workers::InvokeStatus status, int code, std::string type,
                               std::string message) {
  FunctionResponse r;
  r.status_code = code;
  r.result.status = status;
  r.result.error_type = std::move(type);
  r.result.error_message = std::move(message);
  return r;
}

}  // namespace

std::string_view InvocationTypeName(InvocationType type) {
  switch (type) {
    case InvocationType::kRequestResponse:
      return "RequestResponse";
    case InvocationType::kEvent:
      return "Event";
    case InvocationType::kDryRun:
      return "DryRun";
  }
  return "RequestResponse";
}

class BusImpl {
 public:
  BusImpl(workers::Pool& pool, storage::Store* store, BusOptions options)
      : pool_(pool), store_(store), options_(std::move(options)) {
    if (store_ != nullptr) poller_ = std::thread([this] { PollTokenUpdates(); });
  }
  ~BusImpl() {
    {
      std::lock_guard lock(poll_mu_);
      stopping_ = true;
    }
    poll_cv_.notify_all();
    if (poller_.joinable()) poller_.join();
  }

  // SendTaskSuccess/Failure: delivered here when this process runs the task, and recorded in
  // the store so the process that runs it (or resumes it later) gets it otherwise.
  Status CompleteToken(const std::string& token, engine::TaskResult result,
                       const storage::TaskTokenCompletion& completion);
  Status HeartbeatToken(const std::string& token);

  void InvokeFunction(workers::InvokeRequest request, InvocationType type,
                      std::function<void(FunctionResponse)> done);
  void InvokeTask(const engine::TaskRequest& request, std::function<void(engine::TaskResult)> done);
  std::optional<ActivityTask> GetActivityTask(const std::string& arn,
                                              std::chrono::milliseconds wait);

  std::atomic<runtime::Runner*> runner{nullptr};
  TaskTokens tokens;
  std::atomic<uint64_t> recursion_stops{0};

 private:
  void InvokeLambdaTask(const engine::TaskRequest& request, const TaskResource& resource,
                        std::function<void(engine::TaskResult)> done);
  void StartExecutionTask(const engine::TaskRequest& request, const TaskResource& resource,
                          std::function<void(engine::TaskResult)> done);
  void ScheduleActivity(const engine::TaskRequest& request,
                        std::function<void(engine::TaskResult)> done);

  workers::Pool& pool_;
  storage::Store* store_;
  BusOptions options_;

  // Polls the store for completions and heartbeats recorded by other processes for the tokens
  // tasks of this process wait for.
  void PollTokenUpdates();
  void ApplyTokenUpdates(const std::vector<std::string>& tokens);

  std::mutex poll_mu_;
  std::condition_variable poll_cv_;
  bool stopping_ = false;                      // guarded by poll_mu_
  std::mutex updates_mu_;                      // one ApplyTokenUpdates at a time
  std::map<std::string, int64_t> heartbeats_;  // last heartbeat applied; guarded by updates_mu_
  std::thread poller_;

  std::mutex activity_mu_;
  std::condition_variable activity_cv_;
  std::map<std::string, std::deque<ActivityTask>> activity_queues_;  // guarded by activity_mu_

 public:
  // Event invocations (triggers/async_dispatcher.h), when a store can keep them durable.
  // Declared last: destroyed first, while what it uses is still here.
  const std::unique_ptr<AsyncDispatcher> async =
      store_ == nullptr
          ? nullptr
          : std::make_unique<AsyncDispatcher>(pool_, *store_, options_, runner, recursion_stops);
};

void BusImpl::InvokeFunction(workers::InvokeRequest request, InvocationType type,
                             std::function<void(FunctionResponse)> done) {
  std::optional<project::FunctionSpec> spec = pool_.GetFunction(request.function);
  if (!spec) {
    std::string arn = request.function.rfind("arn:", 0) == 0
                          ? request.function
                          : "arn:aws:lambda:" + options_.region + ":" + options_.account +
                                ":function:" + request.function;
    return done(ErrorResponse(workers::InvokeStatus::kNotFound, 404, "ResourceNotFoundException",
                              "Function not found: " + arn));
  }
  // Recursive-loop detection: the chain's count for this function travels in the trace
  // header; the invocation after the limit is refused (LOOPS.md).
  TraceHeader trace =
      request.trace_id.empty() ? TraceHeader::New() : TraceHeader::Parse(request.trace_id);
  if (trace.Hops(spec->arn) >= options_.max_recursion_hops && !spec->recursive_loop_allow) {
    ++recursion_stops;
    std::cerr << "tern: stopped a recursive loop: " << spec->name << " was invoked "
              << options_.max_recursion_hops << " times by the chain Root=" << trace.root()
              << " (RecursiveLoop: Terminate)\n";
    if (type == InvocationType::kEvent && async) {
      // An async event is accepted, then goes to OnFailure / the dead-letter list (LOOPS.md).
      request.trace_id = trace.ToString();
      return async->Accept(std::move(request), *spec, std::string(kConditionRecursion),
                           std::move(done));
    }
    return done(ErrorResponse(
        workers::InvokeStatus::kInvalidRequest, 400, "RecursiveInvocationException",
        "Lambda has detected your function being invoked in a recursive loop with other AWS "
        "resources and stopped your function's invocation."));
  }
  trace.Count(spec->arn);
  request.trace_id = trace.ToString();
  if (options_.telemetry) options_.telemetry->FunctionInvoked(spec->name, InvocationTypeName(type));
  switch (type) {
    case InvocationType::kDryRun: {
      FunctionResponse r;
      r.status_code = 204;
      return done(std::move(r));
    }
    case InvocationType::kEvent: {
      // Durable, retried, with destinations (async_dispatcher.h); 202 once stored.
      if (async) return async->Accept(std::move(request), *spec, "", std::move(done));
      // Without a store: best effort, not durable.
      FunctionResponse accepted;
      accepted.status_code = 202;
      done(std::move(accepted));
      pool_.Invoke(std::move(request), [](workers::InvokeResult) {});
      return;
    }
    case InvocationType::kRequestResponse:
      break;
  }
  pool_.Invoke(std::move(request), [done = std::move(done)](workers::InvokeResult result) {
    FunctionResponse r;
    r.status_code = result.HttpStatus();
    r.result = std::move(result);
    done(std::move(r));
  });
}

void BusImpl::InvokeTask(const engine::TaskRequest& request,
                         std::function<void(engine::TaskResult)> done) {
  TaskResource resource = ParseTaskResource(request.resource);
  switch (resource.kind) {
    case TaskResource::Kind::kLambdaFunction:
    case TaskResource::Kind::kLambdaInvoke:
      return InvokeLambdaTask(request, resource, std::move(done));
    case TaskResource::Kind::kStartExecution:
      return StartExecutionTask(request, resource, std::move(done));
    case TaskResource::Kind::kActivity:
      return ScheduleActivity(request, std::move(done));
    case TaskResource::Kind::kUnsupported:
      break;
  }
  done(Unexpected(RuntimeFailure(
      "tern does not run the integration '" + request.resource +
      "': Task resources can be Lambda functions, arn:aws:states:::lambda:invoke, "
      "arn:aws:states:::states:startExecution (.sync, .sync:2, .waitForTaskToken) and "
      "activities")));
}

void BusImpl::InvokeLambdaTask(const engine::TaskRequest& request, const TaskResource& resource,
                               std::function<void(engine::TaskResult)> done) {
  workers::InvokeRequest invoke;
  invoke.trace_id = request.trace_id;
  InvocationType type = InvocationType::kRequestResponse;
  std::string function = resource.function;
  if (resource.kind == TaskResource::Kind::kLambdaFunction) {
    invoke.payload = DumpCompact(request.payload);
  } else {
    const Json& p = request.payload;
    if (!p.is_object() || !p.contains("FunctionName") || !p["FunctionName"].is_string()) {
      return done(
          Unexpected(RuntimeFailure("The lambda:invoke task of state '" + request.state_name +
                                    "' needs a FunctionName parameter (a function name or ARN)")));
    }
    function = p["FunctionName"].get<std::string>();
    invoke.payload = p.contains("Payload") ? DumpCompact(p["Payload"]) : "{}";
    std::string invocation_type = p.value("InvocationType", std::string("RequestResponse"));
    if (invocation_type == "Event") type = InvocationType::kEvent;
    if (invocation_type == "DryRun") type = InvocationType::kDryRun;
    invoke.log_tail = p.value("LogType", std::string()) == "Tail";
  }
  invoke.function = function;
  const TaskResource::Kind kind = resource.kind;
  if (resource.pattern == TaskResource::Pattern::kWaitForTaskToken && request.task_token) {
    // The callback pattern: the task ends when SendTaskSuccess/Failure names the token. The
    // function is only told about the token; a failed invocation fails the task.
    const std::string token = *request.task_token;
    tokens.Register(token, request.heartbeat_seconds, std::move(done));
    if (request.resumed) {
      // The function got the token before the checkpoint; its answer may be waiting already.
      if (store_ != nullptr) ApplyTokenUpdates({token});
      return;
    }
    InvokeFunction(std::move(invoke), type,
                   [this, token, kind, delivered = request.on_delivered](FunctionResponse r) {
                     engine::TaskResult result = LambdaTaskResult(kind, r);
                     if (!result) {
                       tokens.Complete(token, std::move(result));
                     } else if (delivered) {
                       delivered();
                     }
                   });
    return;
  }
  InvokeFunction(std::move(invoke), type, [kind, done = std::move(done)](FunctionResponse r) {
    done(LambdaTaskResult(kind, r));
  });
}

void BusImpl::StartExecutionTask(const engine::TaskRequest& request, const TaskResource& resource,
                                 std::function<void(engine::TaskResult)> done) {
  runtime::Runner* r = runner.load();
  if (r == nullptr || store_ == nullptr) {
    return done(Unexpected(RuntimeFailure(
        "states:startExecution needs a database: run the parent with --db or under tern serve")));
  }
  const Json& p = request.payload;
  if (!p.is_object() || !p.contains("StateMachineArn") || !p["StateMachineArn"].is_string()) {
    return done(
        Unexpected(RuntimeFailure("The states:startExecution task of state '" + request.state_name +
                                  "' needs a StateMachineArn parameter")));
  }
  const std::string machine_arn = p["StateMachineArn"].get<std::string>();
  std::string input = "{}";
  if (p.contains("Input"))
    input = p["Input"].is_string() ? p["Input"].get<std::string>() : DumpCompact(p["Input"]);
  const std::string name = p.value("Name", std::string());
  // Starting waits for a commit: never on the engine's thread.
  std::thread([this, r, request, resource, machine_arn, input, name,
               done = std::move(done)]() mutable {
    auto machine = store_->GetStateMachine(machine_arn);
    if (!machine) {
      return done(Unexpected(asl::Failure{
          "StepFunctions.StateMachineDoesNotExistException",
          "State Machine Does Not Exist: '" + machine_arn +
              "' (Service: AWSStepFunctions; "
              "Status Code: 400; Error Code: StateMachineDoesNotExist; Proxy: null)"}));
    }
    auto started = r->StartExecution(*machine, name, input, true, request.trace_id);
    if (!started) {
      return done(Unexpected(asl::Failure{"StepFunctions.ExecutionAlreadyExistsException",
                                          started.error().message()}));
    }
    Json start_result{{"ExecutionArn", started->arn},
                      {"StartDate", engine::FormatTimestamp(started->start)}};
    if (resource.pattern == TaskResource::Pattern::kRequestResponse) return done(start_result);
    if (resource.pattern == TaskResource::Pattern::kWaitForTaskToken && request.task_token) {
      tokens.Register(*request.task_token, request.heartbeat_seconds, std::move(done));
      if (request.on_delivered) request.on_delivered();
      return;
    }
    const bool parsed = resource.pattern == TaskResource::Pattern::kSync2;
    r->OnEnded(started->arn,
               [this, parsed, input, machine_arn, name = started->name,
                done = std::move(done)](Result<storage::ExecutionRecord, Status> ended) {
                 if (!ended) return done(Unexpected(RuntimeFailure(ended.error().message())));
                 Json d{{"ExecutionArn", ended->arn},
                        {"Input", input},
                        {"InputDetails", Json{{"Included", true}}},
                        {"Name", name},
                        {"StartDate", engine::FormatTimestamp(ended->start)},
                        {"StateMachineArn", machine_arn},
                        {"Status", storage::ExecutionStatusName(ended->status)}};
                 if (ended->stop) d["StopDate"] = engine::FormatTimestamp(*ended->stop);
                 if (ended->status != storage::ExecutionStatus::kSucceeded) {
                   if (!ended->error.empty()) d["Error"] = ended->error;
                   if (!ended->cause.empty()) d["Cause"] = ended->cause;
                   return done(Unexpected(asl::Failure{"States.TaskFailed", DumpCompact(d)}));
                 }
                 std::string output = ended->output.value_or("null");
                 d["Output"] = parsed ? Json::parse(output, nullptr, false) : Json(output);
                 d["OutputDetails"] = Json{{"Included", true}};
                 done(std::move(d));
               });
  }).detach();
}

void BusImpl::ScheduleActivity(const engine::TaskRequest& request,
                               std::function<void(engine::TaskResult)> done) {
  if (!request.task_token) {
    return done(Unexpected(RuntimeFailure("an activity task needs a task token")));
  }
  tokens.Register(*request.task_token, request.heartbeat_seconds, std::move(done));
  if (request.resumed && store_ != nullptr) ApplyTokenUpdates({*request.task_token});
  {
    std::lock_guard lock(activity_mu_);
    activity_queues_[request.resource].push_back(
        {*request.task_token, DumpCompact(request.payload)});
  }
  activity_cv_.notify_all();
  if (request.on_delivered) request.on_delivered();
}

std::optional<ActivityTask> BusImpl::GetActivityTask(const std::string& arn,
                                                     std::chrono::milliseconds wait) {
  std::unique_lock lock(activity_mu_);
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    auto& queue = activity_queues_[arn];
    while (!queue.empty()) {
      ActivityTask task = std::move(queue.front());
      queue.pop_front();
      // A task whose execution moved on (timed out, aborted) is not handed out.
      if (tokens.Waiting(task.token)) return task;
    }
    if (activity_cv_.wait_until(lock, deadline) == std::cv_status::timeout) return std::nullopt;
  }
}

engine::TaskResult CompletionResult(const storage::TaskTokenCompletion& c) {
  if (!c.success) return Unexpected(asl::Failure{c.error, c.cause});
  Json output = Json::parse(c.output, nullptr, false);
  return output.is_discarded() ? Json(c.output) : output;
}

Status BusImpl::CompleteToken(const std::string& token, engine::TaskResult result,
                              const storage::TaskTokenCompletion& completion) {
  if (tokens.Waiting(token)) {
    // Recorded too, so a resume after a crash before the result is committed still has it.
    if (store_ != nullptr) store_->CompleteTaskToken(token, completion);
    return tokens.Complete(token, std::move(result));
  }
  if (store_ == nullptr) return Status::NotFound("Task Timed Out: '" + token + "'");
  return store_->CompleteTaskToken(token, completion);
}

Status BusImpl::HeartbeatToken(const std::string& token) {
  if (tokens.Waiting(token)) return tokens.Heartbeat(token);
  if (store_ == nullptr) return Status::NotFound("Task Timed Out: '" + token + "'");
  return store_->HeartbeatTaskToken(token, engine::RealClock().Now());
}

void BusImpl::ApplyTokenUpdates(const std::vector<std::string>& waiting) {
  std::lock_guard lock(updates_mu_);
  auto updates = store_->TaskTokenUpdates(waiting);
  if (!updates) return;  // the store reports its own errors; try again next round
  for (const storage::TaskTokenRecord& r : *updates) {
    if (r.completion) {
      tokens.Complete(r.token, CompletionResult(*r.completion));
      heartbeats_.erase(r.token);
    } else if (r.last_heartbeat > heartbeats_[r.token]) {
      heartbeats_[r.token] = r.last_heartbeat;
      tokens.Heartbeat(r.token);
    }
  }
}

void BusImpl::PollTokenUpdates() {
  std::unique_lock lock(poll_mu_);
  while (!stopping_) {
    poll_cv_.wait_for(lock, std::chrono::milliseconds(200));
    if (stopping_) break;
    lock.unlock();
    std::vector<std::string> waiting = tokens.WaitingTokens();
    if (!waiting.empty()) ApplyTokenUpdates(waiting);
    lock.lock();
  }
}

Bus::Bus(workers::Pool& pool, storage::Store* store, BusOptions options)
    : impl_(std::make_unique<BusImpl>(pool, store, std::move(options))) {}
Bus::~Bus() = default;

void Bus::SetRunner(runtime::Runner* runner) { impl_->runner = runner; }

void Bus::InvokeFunction(workers::InvokeRequest request, InvocationType type,
                         std::function<void(FunctionResponse)> done) {
  impl_->InvokeFunction(std::move(request), type, std::move(done));
}

FunctionResponse Bus::InvokeFunctionAndWait(workers::InvokeRequest request, InvocationType type) {
  std::promise<FunctionResponse> answer;
  impl_->InvokeFunction(std::move(request), type,
                        [&answer](FunctionResponse r) { answer.set_value(std::move(r)); });
  return answer.get_future().get();
}

void Bus::Invoke(const engine::TaskRequest& request, std::function<void(engine::TaskResult)> done) {
  impl_->InvokeTask(request, std::move(done));
}

Status Bus::SendTaskSuccess(const std::string& token, const std::string& output_json) {
  Json output = Json::parse(output_json, nullptr, false);
  if (output.is_discarded()) return Status::InvalidArgument("Invalid Output: not valid JSON");
  storage::TaskTokenCompletion c;
  c.success = true;
  c.output = DumpCompact(output);
  c.completed = engine::RealClock().Now();
  return impl_->CompleteToken(token, std::move(output), c);
}

Status Bus::SendTaskFailure(const std::string& token, const std::string& error,
                            const std::string& cause) {
  storage::TaskTokenCompletion c;
  c.success = false;
  c.error = error;
  c.cause = cause;
  c.completed = engine::RealClock().Now();
  return impl_->CompleteToken(token, Unexpected(asl::Failure{error, cause}), c);
}

Status Bus::SendTaskHeartbeat(const std::string& token) { return impl_->HeartbeatToken(token); }

std::optional<ActivityTask> Bus::GetActivityTask(const std::string& activity_arn,
                                                 std::chrono::milliseconds wait) {
  return impl_->GetActivityTask(activity_arn, wait);
}

uint64_t Bus::recursion_stops() const { return impl_->recursion_stops.load(); }

AsyncStats Bus::async_stats() const { return impl_->async ? impl_->async->stats() : AsyncStats{}; }

}  // namespace tern::triggers
