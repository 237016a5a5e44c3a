// Pool::Impl: accepting an invocation (limits, throttling), handing it to a warm or new
// environment, and turning the runtime's answer into an InvokeResult with its log lines.
#include <boost/asio/post.hpp>

#include "common/json.h"
#include "workers/detail/log_lines.h"
#include "workers/detail/pool_impl.h"
#include "workers/detail/runtime_api_routes.h"
#include "workers/detail/text_util.h"

namespace tern::workers {

namespace net = boost::asio;
using detail::EnvState;
using detail::Invocation;

namespace {

constexpr size_t kMaxPayloadBytes = 6 * 1024 * 1024;  // synchronous Invoke request limit

InvokeResult InvokeError(InvokeStatus status, std::string type, std::string message) {
  InvokeResult result;
  result.status = status;
  result.error_type = std::move(type);
  result.error_message = std::move(message);
  return result;
}

double MillisSince(detail::SteadyTime start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

void Pool::Impl::Invoke(InvokeRequest request, std::function<void(InvokeResult)> done) {
  // Request checks that need no pool state run on the caller's thread.
  if (request.payload.empty()) request.payload = "{}";
  if (request.payload.size() > kMaxPayloadBytes) {
    return done(InvokeError(InvokeStatus::kInvalidRequest, "RequestTooLargeException",
                            "Request must be smaller than 6291456 bytes for the InvokeFunction "
                            "operation"));
  }
  if (!Json::accept(request.payload)) {
    std::string detail;
    try {
      Json ignored = Json::parse(request.payload);
    } catch (const Json::exception& e) {
      detail = e.what();
    }
    return done(InvokeError(InvokeStatus::kInvalidRequest, "InvalidRequestContentException",
                            "Could not parse request body into json: Could not parse payload "
                            "into json: " +
                                detail));
  }
  if (request.request_id.empty()) request.request_id = detail::NewRequestId();
  if (request.trace_id.empty()) request.trace_id = detail::NewTraceId();
  auto invocation = std::make_unique<Invocation>();
  invocation->request = std::move(request);
  invocation->done = std::move(done);
  net::post(io_, [this, invocation = std::move(invocation)]() mutable {
    HandleInvoke(std::move(invocation));
  });
}

void Pool::Impl::HandleInvoke(std::unique_ptr<Invocation> invocation) {
  Function* f = FindFunction(invocation->request.function);
  if (!f) {
    std::string name = invocation->request.function;
    std::string arn = name.starts_with("arn:") ? name
                                               : "arn:aws:lambda:" + options_.region + ":" +
                                                     options_.account + ":function:" + name;
    InvokeResult result = InvokeError(InvokeStatus::kNotFound, "ResourceNotFoundException",
                                      "Function not found: " + arn);
    result.request_id = invocation->request.request_id;
    return invocation->done(std::move(result));
  }
  const std::string& name = f->spec.name;
  std::string reason;
  if (f->reserved) {
    if (f->in_flight >= *f->reserved) reason = "ReservedFunctionConcurrentInvocationLimitExceeded";
  } else if (unreserved_in_flight_ >= options_.account_concurrency - reserved_total_) {
    reason = "ConcurrentInvocationLimitExceeded";
  }
  if (reason.empty() && static_cast<int>(f->pending.size()) >= options_.max_pending_per_function) {
    reason = "ConcurrentInvocationLimitExceeded";
  }
  if (!reason.empty()) {
    {
      std::lock_guard lock(mu_);
      if (auto it = stats_.find(name); it != stats_.end()) it->second.throttles += 1;
    }
    InvokeResult result =
        InvokeError(InvokeStatus::kThrottled, "TooManyRequestsException", "Rate Exceeded.");
    result.throttle_reason = reason;
    result.request_id = invocation->request.request_id;
    return invocation->done(std::move(result));
  }
  {
    std::lock_guard lock(mu_);
    if (auto it = stats_.find(name); it != stats_.end()) it->second.invocations += 1;
  }
  f->in_flight += 1;
  invocation->counted_unreserved = !f->reserved.has_value();
  if (invocation->counted_unreserved) unreserved_in_flight_ += 1;
  const std::string& called = invocation->request.function;
  invocation->invoked_arn = called.starts_with("arn:") ? called : f->spec.arn;

  // The warm environment used most recently, so the others can idle out.
  EnvPtr best;
  for (auto& [id, env] : envs_) {
    if (env->function == name && env->state == EnvState::kIdle &&
        env->generation == f->generation && (!best || env->last_used > best->last_used)) {
      best = env;
    }
  }
  if (best) {
    Dispatch(best, std::move(invocation));
  } else {
    f->pending.push_back(std::move(invocation));
    Rebalance(name);
  }
  Publish(name);
}

void Pool::Impl::Rebalance(const std::string& name) {
  Function* f = FindFunction(name);
  if (!f) return;
  // Environments in INIT, and those that answered and will call /next again in a moment,
  // will each take a waiting invocation; start new ones only for the rest. (One that dies
  // instead calls Rebalance again from OnExit.)
  int starting = 0, provisioned = 0;
  for (auto& [id, env] : envs_) {
    if (env->function != name || env->generation != f->generation ||
        env->state == EnvState::kStopping) {
      continue;
    }
    if (env->state == EnvState::kStarting || env->state == EnvState::kReturning) ++starting;
    if (env->provisioned) ++provisioned;
  }
  if (!f->provisioned_failed) {
    for (; provisioned < f->provisioned; ++provisioned, ++starting) StartEnvironment(*f, true);
  }
  for (int missing = static_cast<int>(f->pending.size()) - starting; missing > 0; --missing) {
    StartEnvironment(*f, false);
  }
}

void Pool::Impl::Dispatch(const EnvPtr& env, std::unique_ptr<Invocation> invocation) {
  Function* f = FindFunction(env->function);
  env->state = EnvState::kBusy;
  DisarmTimer(env);
  invocation->cold = !env->served_any && !env->provisioned;
  if (invocation->cold) invocation->init_ms = env->init_ms;
  env->served_any = true;

  const InvokeRequest& request = invocation->request;
  int timeout_seconds = f->spec.timeout_seconds;
  detail::ApiResponse next;
  next.headers = {
      {"Lambda-Runtime-Aws-Request-Id", request.request_id},
      {"Lambda-Runtime-Deadline-Ms",
       std::to_string(detail::NowEpochMs() + int64_t{timeout_seconds} * 1000)},
      {"Lambda-Runtime-Invoked-Function-Arn", invocation->invoked_arn},
      {"Lambda-Runtime-Trace-Id", request.trace_id},
  };
  if (!request.client_context.empty()) {
    next.headers.emplace_back("Lambda-Runtime-Client-Context", request.client_context);
  }
  if (!request.cognito_identity.empty()) {
    next.headers.emplace_back("Lambda-Runtime-Cognito-Identity", request.cognito_identity);
  }
  next.body = request.payload;

  std::string start = detail::StartLine(request.request_id, "$LATEST");
  f->log->Append(start);
  invocation->tail.Append(start);
  invocation->dispatched = std::chrono::steady_clock::now();
  env->current = std::move(invocation);

  ArmTimer(env, std::chrono::seconds(timeout_seconds), [this](const EnvPtr& e) { OnTimeout(e); });
  detail::ApiReply reply = std::move(*env->next_reply);
  env->next_reply.reset();
  reply(std::move(next));
}

void Pool::Impl::Complete(const EnvPtr& env, InvokeStatus status, std::string payload,
                          std::string error_type_header) {
  Function* f = FindFunction(env->function);
  std::unique_ptr<Invocation> invocation = std::move(env->current);
  DisarmTimer(env);
  env->state = EnvState::kReturning;
  env->last_used = std::chrono::steady_clock::now();
  DrainOutput(env);

  InvokeResult result;
  result.status = status;
  result.payload = std::move(payload);
  if (status != InvokeStatus::kOk) {
    result.function_error = "Unhandled";
    result.error_type = error_type_header;
    try {
      Json doc = Json::parse(result.payload);
      if (doc.is_object()) {
        if (doc.contains("errorType") && doc["errorType"].is_string()) {
          result.error_type = doc["errorType"].get<std::string>();
        }
        if (doc.contains("errorMessage") && doc["errorMessage"].is_string()) {
          result.error_message = doc["errorMessage"].get<std::string>();
        }
      }
    } catch (const Json::exception&) {
      // A runtime may post any bytes as its error; they are returned as they are.
    }
    if (result.error_type.empty()) result.error_type = "Unhandled";
  }
  detail::ReportFields report;
  report.duration_ms = MillisSince(invocation->dispatched);
  report.max_memory_used_mb = MemoryUsedMb(env);
  Finish(f, std::move(invocation), std::move(result), &report);
}

void Pool::Impl::Finish(Function* f, std::unique_ptr<Invocation> invocation, InvokeResult result,
                        const detail::ReportFields* report) {
  result.request_id = invocation->request.request_id;
  result.cold = invocation->cold;
  result.init_duration_ms = invocation->init_ms;
  if (f) result.memory_size_mb = f->spec.memory_mb;
  if (report) {
    detail::ReportFields fields = *report;
    fields.request_id = result.request_id;
    fields.billed_ms = detail::BilledMs(fields.duration_ms);
    fields.memory_size_mb = result.memory_size_mb;
    fields.init_duration_ms = result.init_duration_ms;
    std::string lines = detail::EndLine(result.request_id) + detail::ReportLine(fields);
    if (f && f->log) f->log->Append(lines);
    invocation->tail.Append(lines);
    result.duration_ms = fields.duration_ms;
    result.billed_duration_ms = fields.billed_ms;
    result.max_memory_used_mb = fields.max_memory_used_mb;
  }
  if (invocation->request.log_tail)
    result.log_result = detail::Base64Encode(invocation->tail.Tail());
  if (f) {
    f->in_flight -= 1;
    std::lock_guard lock(mu_);
    auto stats = stats_.find(f->spec.name);
    if (stats != stats_.end() && result.function_failed()) {
      stats->second.errors += 1;
      if (result.status == InvokeStatus::kTimeout) stats->second.timeouts += 1;
      if (result.status == InvokeStatus::kRuntimeExited ||
          result.status == InvokeStatus::kOutOfMemory) {
        stats->second.crashes += 1;
      }
    }
  }
  if (invocation->counted_unreserved) unreserved_in_flight_ -= 1;
  auto done = std::move(invocation->done);
  invocation.reset();
  if (f) Publish(f->spec.name);  // before the caller learns the result, so stats agree with it
  done(std::move(result));
}

void Pool::Impl::FailInvocation(Function* f, std::unique_ptr<Invocation> invocation,
                                InvokeStatus status, const std::string& error_type,
                                const std::string& error_message, const std::string& document) {
  InvokeResult result;
  result.status = status;
  result.error_type = error_type;
  result.error_message = error_message;
  bool function_failure =
      status == InvokeStatus::kFunctionError || status == InvokeStatus::kTimeout ||
      status == InvokeStatus::kRuntimeExited || status == InvokeStatus::kOutOfMemory;
  if (function_failure) {
    result.function_error = "Unhandled";
    if (!document.empty()) {
      result.payload = document;
    } else {
      Json doc = Json::object();
      doc["errorType"] = error_type;
      doc["errorMessage"] = error_message;
      result.payload = doc.dump();
    }
  }
  Finish(f, std::move(invocation), std::move(result), nullptr);
}

int Pool::Impl::MemoryUsedMb(const EnvPtr& env) const {
  uint64_t bytes =
      std::max(detail::ProcessPeakRss(env->process.pid), monitor_.PeakBytes(env->process.pid));
  return static_cast<int>((bytes + (1 << 20) - 1) >> 20);
}

}  // namespace tern::workers
