// Task: builds the effective input, hands it to the Invoker, and applies the result pipeline.
// History follows the resource's family: legacy Lambda ARNs produce LambdaFunction* events,
// activities Activity* events, service integrations Task* events (spec/API.md §A.4).
#include <cmath>

#include "asl/core/error_names.h"
#include "engine/detail/execution_impl.h"
#include "engine/detail/io_pipeline.h"
#include "engine/detail/state_eval.h"
#include "engine/uuid.h"

namespace tern::engine {
namespace {

enum class Family { kLambda, kActivity, kService };

struct ResourceInfo {
  Family family = Family::kService;
  std::string resource_type;  // service integrations: "lambda", "states", ...
  std::string resource;       // service integrations: "invoke", "startExecution.sync:2"
  bool wait_for_token = false;
};

ResourceInfo Classify(const std::string& arn) {
  ResourceInfo info;
  info.wait_for_token = arn.size() > 18 && arn.ends_with(".waitForTaskToken");
  if (arn.starts_with("arn:aws:lambda:")) {
    info.family = Family::kLambda;
  } else if (arn.find(":activity:") != std::string::npos) {
    info.family = Family::kActivity;
    info.wait_for_token = true;
  } else if (arn.starts_with("arn:aws:states:::")) {
    std::string rest = arn.substr(17);
    auto colon = rest.find(':');
    info.resource_type = rest.substr(0, colon);
    info.resource = colon == std::string::npos ? "" : rest.substr(colon + 1);
  } else {
    info.resource_type = "unknown";
    info.resource = arn;
  }
  return info;
}

std::string Prefix(Family f) {
  switch (f) {
    case Family::kLambda:
      return "LambdaFunction";
    case Family::kActivity:
      return "Activity";
    case Family::kService:
      return "Task";
  }
  return "Task";
}

std::string DetailsField(const std::string& type) {
  std::string field = type;
  field[0] = static_cast<char>(std::tolower(field[0]));
  return field + "EventDetails";
}

// Adds resourceType/resource to a service-integration event's details.
Json Details(const ResourceInfo& info, Json extra) {
  if (info.family != Family::kService) return extra;
  Json d{{"resourceType", info.resource_type}, {"resource", info.resource}};
  for (auto it = extra.begin(); it != extra.end(); ++it) d[it.key()] = it.value();
  return d;
}

Result<std::optional<double>, asl::Failure> ResolveSeconds(const asl::NumberDecl& decl,
                                                           const char* path_field,
                                                           const StateEval& ev,
                                                           const Json& effective,
                                                           const asl::jsonata::Bindings* b) {
  if (decl.literal) return std::optional<double>(*decl.literal);
  if (decl.path) {
    auto v = decl.path->Evaluate(ev.With(effective));
    if (!v) return Unexpected(asl::Failure{std::string(asl::errors::kRuntime), v.error()});
    if (!v->is_number() || v->get<double>() <= 0) {
      return Unexpected(
          asl::Failure{std::string(asl::errors::kRuntime),
                       std::string("The ") + path_field + " field refers to value \"" + Dump(*v) +
                           "\" which is not a valid positive integer: " + decl.path->text()});
    }
    return std::optional<double>(v->get<double>());
  }
  if (decl.expression && b) {
    auto v = decl.expression->Evaluate(*b);
    if (!v) return Unexpected(v.error());
    if (!v->is_number()) {
      return Unexpected(asl::Failure{std::string(asl::errors::kQueryEvaluationError),
                                     std::string("The field '") + path_field +
                                         "' must be a positive integer, but was " + Dump(*v)});
    }
    return std::optional<double>(v->get<double>());
  }
  return std::optional<double>();
}

void OnResult(ExecutionImpl& exec, Frame& frame, const ResourceInfo& info, TaskResult result);

// What a task visit computes before anything is written or invoked.
struct PreparedTask {
  ResourceInfo info;
  Json payload;
  std::string payload_text;
  std::optional<double> timeout;
  std::optional<double> heartbeat;
};

// Evaluates the task's input (Parameters/Arguments, with $$.Task.Token when there is a token),
// TimeoutSeconds and HeartbeatSeconds. On error the state has been failed: nullopt.
std::optional<PreparedTask> Prepare(ExecutionImpl& exec, Frame& frame,
                                    const std::optional<std::string>& token) {
  const asl::State& s = *frame.state;
  PreparedTask t;
  t.info = Classify(s.resource);
  StateEval ev(exec, frame);
  if (token) {
    ev.context = exec.ContextObject(frame, nullptr, -1, &*token);
    ev.pc.context = &ev.context;
  }
  auto fail = [&](asl::Failure f) -> std::optional<PreparedTask> {
    exec.FailState(frame, std::move(f));
    return std::nullopt;
  };
  std::optional<StatesBindings> bindings;
  if (s.language == asl::QueryLanguage::kJsonata) {
    Json states = exec.StatesVariable(frame, nullptr, nullptr);
    if (token) states["context"] = ev.context;
    bindings.emplace(*frame.scope, std::move(states));
    auto args = EvaluateJsonata(s.arguments, frame.input, *bindings);
    if (!args) return fail(args.error());
    t.payload = std::move(args).value();
  } else {
    // The task token must be visible to Parameters as $$.Task.Token.
    auto effective = ApplyFilterPath(s.input_path, frame.input, ev.pc);
    if (!effective) return fail(effective.error());
    auto params = ApplyTemplate(s.parameters, std::move(effective).value(), ev.pc);
    if (!params) return fail(params.error());
    t.payload = std::move(params).value();
  }
  const asl::jsonata::Bindings* b = bindings ? &*bindings : nullptr;
  auto timeout = ResolveSeconds(s.timeout_seconds, "TimeoutSecondsPath", ev, frame.input, b);
  if (!timeout) return fail(timeout.error());
  t.timeout = *timeout;
  auto heartbeat = ResolveSeconds(s.heartbeat_seconds, "HeartbeatSecondsPath", ev, frame.input, b);
  if (!heartbeat) return fail(heartbeat.error());
  t.heartbeat = *heartbeat;
  t.payload_text = Dump(t.payload);
  if (t.payload_text.size() > kMaxPayloadBytes) {
    return fail({std::string(asl::errors::kDataLimitExceeded),
                 "The state/task '" + s.name +
                     "' input exceeds the maximum number of bytes service limit."});
  }
  return t;
}

// Writes ...Scheduled and ...Started.
void WriteScheduled(ExecutionImpl& exec, Frame& frame, const PreparedTask& t) {
  const asl::State& s = *frame.state;
  const ResourceInfo& info = t.info;
  HistoryBuilder& h = *frame.history;
  const std::string prefix = Prefix(info.family);
  Json scheduled;
  if (info.family == Family::kService) {
    scheduled =
        Details(info, Json{{"region", exec.options().region}, {"parameters", t.payload_text}});
  } else {
    scheduled = Json{{"resource", s.resource},
                     {"input", t.payload_text},
                     {"inputDetails", Json{{"truncated", false}}}};
  }
  if (t.timeout) scheduled["timeoutInSeconds"] = static_cast<int64_t>(*t.timeout);
  if (t.heartbeat && info.family != Family::kLambda) {
    scheduled["heartbeatInSeconds"] = static_cast<int64_t>(*t.heartbeat);
  }
  const std::string scheduled_type = prefix + "Scheduled";
  frame.prev_event =
      h.Add(scheduled_type, DetailsField(scheduled_type), std::move(scheduled), frame.prev_event);
  const std::string started_type = prefix + "Started";
  if (info.family == Family::kService) {
    frame.prev_event = h.Add(started_type, DetailsField(started_type),
                             Details(info, Json::object()), frame.prev_event);
  } else if (info.family == Family::kActivity) {
    frame.prev_event = h.Add(started_type, DetailsField(started_type), Json{{"workerName", "tern"}},
                             frame.prev_event);
  } else {
    frame.prev_event = h.Add(started_type, "", Json(), frame.prev_event);
  }
}

// Invokes the task and arms its timeout, due at frame.wake_at (0: none).
void Dispatch(ExecutionImpl& exec, Frame& frame, PreparedTask t, bool resumed) {
  const asl::State& s = *frame.state;
  const ResourceInfo info = t.info;
  TaskRequest request;
  request.resource = s.resource;
  request.payload = std::move(t.payload);
  request.state_name = s.name;
  request.execution_arn = exec.arn();
  request.state_machine_name = exec.options().state_machine_name;
  request.attempt = frame.retry_count;
  request.task_token = frame.task_token;
  request.timeout_seconds = t.timeout;
  request.heartbeat_seconds = t.heartbeat;
  // A resumed token task whose token was handed over before the checkpoint only waits for the
  // answer; one whose function had not returned yet is invoked again.
  request.resumed = resumed && frame.token_delivered;
  request.trace_id = exec.options().trace_id;
  const uint64_t gen = frame.generation;
  frame.token_delivered = request.resumed;
  if (frame.task_token) {
    request.on_delivered = [mailbox = exec.mailbox(), &frame, gen] {
      std::lock_guard lock(mailbox->mu);
      if (mailbox->scheduler == nullptr) return;
      mailbox->scheduler->Post([&frame, gen] {
        if (frame.generation == gen) frame.token_delivered = true;
      });
    };
  }
  frame.task_running = true;
  frame.blocked = Blocked::kTask;
  if (frame.wake_at != 0) {
    frame.timer = exec.scheduler().At(frame.wake_at, [&exec, &frame, gen, info] {
      if (frame.generation != gen || frame.done) return;
      frame.timer = 0;
      frame.task_running = false;
      frame.blocked = Blocked::kNone;
      ++frame.generation;
      const std::string type = Prefix(info.family) + "TimedOut";
      frame.prev_event = frame.history->Add(type, DetailsField(type),
                                            Details(info, Json{{"error", "States.Timeout"}}),
                                            frame.prev_event);
      exec.FailStateRaw(frame, {std::string(asl::errors::kTimeout), ""});
    });
  }
  exec.scheduler().BeginExternal();
  exec.invoker().Invoke(
      request, [mailbox = exec.mailbox(), &exec, &frame, gen, info](TaskResult result) {
        std::lock_guard lock(mailbox->mu);
        if (mailbox->scheduler == nullptr) return;  // the execution is gone: drop the late result
        mailbox->scheduler->Post([&exec, &frame, gen, info, result = std::move(result)]() mutable {
          if (frame.generation != gen || frame.done || exec.finished()) return;
          OnResult(exec, frame, info, std::move(result));
        });
        mailbox->scheduler->EndExternal();
      });
}

}  // namespace

void RunTaskState(ExecutionImpl& exec, Frame& frame) {
  std::optional<std::string> token;
  if (Classify(frame.state->resource).wait_for_token) token = NewUuid();
  auto prepared = Prepare(exec, frame, token);
  if (!prepared) return;
  WriteScheduled(exec, frame, *prepared);
  frame.task_token = std::move(token);
  frame.wake_at =
      prepared->timeout ? exec.Now() + static_cast<TimeMs>(*prepared->timeout * 1000) : 0;
  Dispatch(exec, frame, std::move(*prepared), /*resumed=*/false);
}

// The task was running when the checkpoint was taken: it is invoked again (at-least-once)
// with the same task token, and times out at its original deadline.
void ResumeTaskState(ExecutionImpl& exec, Frame& frame) {
  auto prepared = Prepare(exec, frame, frame.task_token);
  if (!prepared) return;
  Dispatch(exec, frame, std::move(*prepared), /*resumed=*/true);
}

namespace {

void OnResult(ExecutionImpl& exec, Frame& frame, const ResourceInfo& info, TaskResult result) {
  const asl::State& s = *frame.state;
  frame.task_running = false;
  frame.blocked = Blocked::kNone;
  frame.task_token.reset();
  if (frame.timer) {
    exec.scheduler().Cancel(frame.timer);
    frame.timer = 0;
  }
  HistoryBuilder& h = *frame.history;
  const std::string prefix = Prefix(info.family);
  if (!result) {
    const std::string type = prefix + "Failed";
    Json details = Json::object();
    if (!result.error().error.empty()) details["error"] = result.error().error;
    if (!result.error().cause.empty()) details["cause"] = result.error().cause;
    frame.prev_event =
        h.Add(type, DetailsField(type), Details(info, std::move(details)), frame.prev_event);
    return exec.FailStateRaw(frame, result.error());
  }
  Json value = std::move(result).value();
  std::string text = Dump(value);
  if (text.size() > kMaxPayloadBytes) {
    asl::Failure f{std::string(asl::errors::kDataLimitExceeded),
                   "The state/task '" + s.resource +
                       "' returned a result with a size exceeding the maximum number of bytes "
                       "service limit."};
    const std::string type = prefix + "Failed";
    frame.prev_event =
        h.Add(type, DetailsField(type), Details(info, Json{{"error", f.error}, {"cause", f.cause}}),
              frame.prev_event);
    return exec.FailStateRaw(frame, std::move(f));
  }
  const std::string type = prefix + "Succeeded";
  frame.prev_event =
      h.Add(type, DetailsField(type),
            Details(info, Json{{"output", text}, {"outputDetails", Json{{"truncated", false}}}}),
            frame.prev_event);

  FinishWithResult(exec, frame, std::move(value));
}

}  // namespace
}  // namespace tern::engine
