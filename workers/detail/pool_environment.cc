// Pool::Impl: the life of an execution environment: spawn (INIT), the Runtime API requests it
// makes, its output, its exit, and the limits that stop it (init timeout, invocation timeout,
// memory, idle reaping).
#include <cerrno>

#include <boost/asio/post.hpp>

#include "common/json.h"
#include "workers/detail/log_lines.h"
#include "workers/detail/pool_impl.h"
#include "workers/detail/runtime_api_routes.h"
#include "workers/detail/text_util.h"

namespace tern::workers {

namespace net = boost::asio;
using detail::EnvState;
using detail::RouteKind;

namespace {

// A response larger than Lambda's synchronous limit is refused (413) and fails the invocation.
constexpr size_t kMaxResponseBytes = 6 * 1024 * 1024;
constexpr size_t kMaxErrorBodyBytes = 1024 * 1024;

std::string ErrorDocument(const std::string& type, const std::string& message) {
  Json doc = Json::object();
  doc["errorType"] = type;
  doc["errorMessage"] = message;
  return doc.dump();
}

}  // namespace

void Pool::Impl::StartEnvironment(Function& f, bool provisioned) {
  auto env = std::make_shared<detail::Environment>(io_, next_env_id_++);
  env->function = f.spec.name;
  env->generation = f.generation;
  env->provisioned = provisioned;
  env->spawned = std::chrono::steady_clock::now();

  auto fail_start = [&](InvokeStatus status, const std::string& type, const std::string& message) {
    if (provisioned) {
      f.provisioned_failed = true;
      return;
    }
    if (f.pending.empty()) return;
    auto invocation = std::move(f.pending.front());
    f.pending.pop_front();
    std::string text = "RequestId: " + invocation->request.request_id + " Error: " + message;
    FailInvocation(&f, std::move(invocation), status, type, text, "");
  };

  auto server = detail::RuntimeApiServer::Listen(
      io_,
      [this, weak = std::weak_ptr(env)](detail::ApiRequest request, detail::ApiReply reply) {
        if (auto e = weak.lock()) OnApiRequest(e, std::move(request), std::move(reply));
      },
      kMaxResponseBytes);
  if (!server)
    return fail_start(InvokeStatus::kServiceError, "ServiceException", server.error().message());
  env->server = std::move(*server);

  detail::LaunchContext context;
  context.api_port = env->server->port();
  context.provisioned = provisioned;
  context.region = options_.region;
  context.log_stream =
      detail::DatePath(detail::NowEpochMs()) + "/[$LATEST]" + detail::RandomHex(32);
  detail::RuntimePaths paths;
  {
    std::lock_guard lock(mu_);
    paths = {runtimes_dir_, python_, node_};
  }
  auto plan = detail::PlanLaunch(f.spec, paths, context);
  if (!plan)
    return fail_start(InvokeStatus::kFunctionError, plan.error().type, plan.error().message);
  auto child = detail::Spawn(*plan);
  if (!child)
    return fail_start(InvokeStatus::kServiceError, "ServiceException", child.error().message());
  env->process = *child;
  env->output.assign(child->output_fd);
  env->exit_watch.assign(child->pidfd);
  envs_[env->id] = env;
  env_by_pgid_[env->process.pid] = env->id;
  if (options_.memory_poll_interval.count() > 0) {
    monitor_.Watch(env->process.pid, uint64_t(f.spec.memory_mb) << 20);
  }
  f.log->Append(detail::InitStartLine(f.spec.runtime));
  {
    std::lock_guard lock(mu_);
    if (auto it = stats_.find(f.spec.name); it != stats_.end()) it->second.cold_starts += 1;
  }
  ReadOutput(env);
  WatchExit(env);
  ArmTimer(env, options_.init_timeout, [this](const EnvPtr& e) {
    if (e->state != EnvState::kStarting) return;
    e->init_timed_out = true;
    Stop(e);
  });
}

void Pool::Impl::OnApiRequest(const EnvPtr& env, detail::ApiRequest request,
                              detail::ApiReply reply) {
  detail::Route route = detail::MatchRoute(request.method, request.target);
  auto header = [&request](const char* name) {
    auto it = request.headers.find(name);
    return it == request.headers.end() ? std::string() : it->second;
  };
  switch (route.kind) {
    case RouteKind::kNotFound:
      return reply(detail::ApiError(404, "NotFound", "unknown Runtime API path " + request.target));
    case RouteKind::kMethodNotAllowed:
      return reply(detail::ApiError(405, "MethodNotAllowed",
                                    request.method + " is not allowed on " + request.target));
    case RouteKind::kNext:
      if (env->state == EnvState::kStarting) {
        env->init_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                 env->spawned)
                           .count();
        return OnReady(env, std::move(reply));
      }
      if (env->state == EnvState::kReturning) return OnReady(env, std::move(reply));
      return reply(detail::ApiError(403, "InvalidStateTransition",
                                    "State transition from Ready to Ready failed: an invocation "
                                    "is in progress or /next is already waiting"));
    case RouteKind::kResponse:
    case RouteKind::kError: {
      if (env->state != EnvState::kBusy || !env->current ||
          env->current->request.request_id != route.request_id) {
        return reply(
            detail::ApiError(400, "InvalidRequestID", "Invalid request ID: " + route.request_id));
      }
      if (request.body_too_large) {
        reply(detail::ApiError(413, "RequestEntityTooLarge",
                               "Exceeded maximum allowed payload size (6291556 bytes)."));
        return Complete(env, InvokeStatus::kFunctionError,
                        ErrorDocument("Function.ResponseSizeTooLarge",
                                      "Response payload size exceeded maximum allowed payload "
                                      "size (6291556 bytes)."),
                        "Function.ResponseSizeTooLarge");
      }
      reply(detail::Accepted());
      if (route.kind == RouteKind::kResponse) {
        return Complete(env, InvokeStatus::kOk, std::move(request.body), "");
      }
      std::string body = std::move(request.body);
      if (body.size() > kMaxErrorBodyBytes) body.resize(kMaxErrorBodyBytes);
      std::string type = header("lambda-runtime-function-error-type");
      if (body.empty()) body = ErrorDocument(type.empty() ? "Unhandled" : type, "");
      return Complete(env, InvokeStatus::kFunctionError, std::move(body), type);
    }
    case RouteKind::kInitError:
      if (env->state != EnvState::kStarting) {
        return reply(detail::ApiError(403, "InvalidStateTransition",
                                      "init/error is only accepted during INIT"));
      }
      env->init_error_type = header("lambda-runtime-function-error-type");
      env->init_error_body = request.body_too_large ? "" : std::move(request.body);
      if (env->init_error_type.empty()) env->init_error_type = "Runtime.Unknown";
      reply(detail::Accepted());
      // Lambda discards an environment whose INIT failed; its process gets no second chance.
      return Stop(env);
  }
}

void Pool::Impl::OnReady(const EnvPtr& env, detail::ApiReply reply) {
  Function* f = FindFunction(env->function);
  DisarmTimer(env);
  if (!f || env->generation != f->generation) {
    Stop(env);  // retired: the function was updated or removed
    if (f) Rebalance(f->spec.name);
    return;
  }
  env->next_reply = std::move(reply);
  if (!f->pending.empty()) {
    auto invocation = std::move(f->pending.front());
    f->pending.pop_front();
    Dispatch(env, std::move(invocation));
  } else {
    env->state = EnvState::kIdle;
    env->last_used = std::chrono::steady_clock::now();
    if (!env->provisioned) {
      ArmTimer(env, options_.idle_timeout, [this](const EnvPtr& e) {
        if (e->state != EnvState::kIdle || e->provisioned) return;
        {
          std::lock_guard lock(mu_);
          auto stats = stats_.find(e->function);
          if (stats != stats_.end()) stats->second.reaped += 1;
        }
        Stop(e);
      });
    }
  }
  Publish(f->spec.name);
}

void Pool::Impl::ReadOutput(const EnvPtr& env) {
  // Wait for readability and read here, rather than async_read_some: a completed read whose
  // handler is still queued would hold output that DrainOutput (at the end of an invocation)
  // has not seen, and the log would get it after the END line.
  env->output.async_wait(net::posix::stream_descriptor::wait_read,
                         [this, env](boost::system::error_code ec) {
                           if (ec) return;
                           if (DrainOutput(env)) ReadOutput(env);
                         });
}

bool Pool::Impl::DrainOutput(const EnvPtr& env) {
  if (!env->output.is_open()) return false;
  // Bounded, so one flooding environment cannot hold the I/O thread; the rest comes with the
  // next readiness.
  for (int rounds = 0; rounds < 16; ++rounds) {
    ssize_t n = ::read(env->output.native_handle(), env->buffer.data(), env->buffer.size());
    if (n > 0) {
      WriteOutput(env, std::string_view(env->buffer.data(), static_cast<size_t>(n)));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && errno == EAGAIN;  // 0: every writer closed the pipe
  }
  return true;
}

void Pool::Impl::WriteOutput(const EnvPtr& env, std::string_view text) {
  auto it = functions_.find(env->function);
  if (it != functions_.end() && it->second.log) it->second.log->Append(text);
  if (env->current) env->current->tail.Append(text);
}

void Pool::Impl::WatchExit(const EnvPtr& env) {
  env->exit_watch.async_wait(net::posix::stream_descriptor::wait_read,
                             [this, env](boost::system::error_code ec) {
                               if (!ec) OnExit(env);
                             });
}

void Pool::Impl::Stop(const EnvPtr& env) {
  if (env->state != EnvState::kStopping) {
    env->state = EnvState::kStopping;
    DisarmTimer(env);
  }
  detail::KillGroup(env->process.pid);  // OnExit follows when the pidfd becomes readable
}

void Pool::Impl::ArmTimer(const EnvPtr& env, std::chrono::steady_clock::duration after,
                          std::function<void(const EnvPtr&)> fire) {
  uint64_t seq = ++env->timer_seq;
  env->timer.expires_after(after);
  env->timer.async_wait(
      [weak = std::weak_ptr(env), seq, fire = std::move(fire)](boost::system::error_code ec) {
        auto e = weak.lock();
        if (ec || !e || e->timer_seq != seq) return;
        fire(e);
      });
}

void Pool::Impl::DisarmTimer(const EnvPtr& env) {
  ++env->timer_seq;
  env->timer.cancel();
}

void Pool::Impl::OnTimeout(const EnvPtr& env) {
  if (env->state != EnvState::kBusy || !env->current) return;
  Function* f = FindFunction(env->function);
  Stop(env);
  DrainOutput(env);
  auto invocation = std::move(env->current);
  int timeout = f ? f->spec.timeout_seconds : 0;
  std::string id = invocation->request.request_id;
  std::string line = detail::TimeoutLine(detail::NowEpochMs(), id, timeout);
  if (f) f->log->Append(line);
  invocation->tail.Append(line);
  InvokeResult result;
  result.status = InvokeStatus::kTimeout;
  result.function_error = "Unhandled";
  result.error_type = "Sandbox.Timedout";
  result.error_message = "RequestId: " + id + " Error: Task timed out after " +
                         detail::TwoDecimals(timeout) + " seconds";
  result.payload = ErrorDocument(result.error_type, result.error_message);
  detail::ReportFields report;
  report.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                 invocation->dispatched)
                           .count();
  report.max_memory_used_mb = MemoryUsedMb(env);
  report.status = "timeout";
  Finish(f, std::move(invocation), std::move(result), &report);
}

void Pool::Impl::OnMemoryExceeded(pid_t pgid) {
  auto it = env_by_pgid_.find(pgid);
  if (it == env_by_pgid_.end()) return;
  auto env = envs_.find(it->second);
  if (env == envs_.end()) return;
  env->second->out_of_memory = true;
  Stop(env->second);
}

void Pool::Impl::OnExit(const EnvPtr& env) {
  // The leader is a zombie now, so its pid (the group id) cannot be reused yet: kill whatever
  // it left in its group, then reap it.
  detail::KillGroup(env->process.pid);
  int wait_status = detail::Reap(env->process.pid);
  DrainOutput(env);
  uint64_t peak = std::max(monitor_.PeakBytes(env->process.pid), uint64_t{0});
  monitor_.Unwatch(env->process.pid);
  env_by_pgid_.erase(env->process.pid);
  EnvState was = env->state;
  env->state = EnvState::kStopping;
  DisarmTimer(env);
  Function* f = FindFunction(env->function);

  std::string exit_text = "Runtime exited with error: " + detail::DescribeWaitStatus(wait_status);
  if (env->current) {
    auto invocation = std::move(env->current);
    std::string id = invocation->request.request_id;
    InvokeResult result;
    result.function_error = "Unhandled";
    detail::ReportFields report;
    report.status = "error";
    if (env->out_of_memory) {
      result.status = InvokeStatus::kOutOfMemory;
      result.error_type = "Runtime.OutOfMemory";
    } else {
      result.status = InvokeStatus::kRuntimeExited;
      result.error_type = "Runtime.ExitError";
    }
    result.error_message = "RequestId: " + id + " Error: " + exit_text;
    result.payload = ErrorDocument(result.error_type, result.error_message);
    report.error_type = result.error_type;
    report.duration_ms = std::chrono::duration<double, std::milli>(
                             std::chrono::steady_clock::now() - invocation->dispatched)
                             .count();
    report.max_memory_used_mb = static_cast<int>((peak + (1 << 20) - 1) >> 20);
    if (f) {
      f->log->Append(exit_text + "\n");
      invocation->tail.Append(exit_text + "\n");
    }
    Finish(f, std::move(invocation), std::move(result), &report);
  } else if (f && !env->served_any &&
             (was == EnvState::kStarting || env->init_timed_out || !env->init_error_type.empty() ||
              env->out_of_memory)) {
    // INIT failed: the invocation waiting longest gets the error, unless other environments
    // still starting can serve every waiting invocation.
    if (env->provisioned) f->provisioned_failed = true;
    int others_starting = 0;
    for (auto& [id, other] : envs_) {
      if (other != env && other->function == env->function &&
          (other->state == EnvState::kStarting || other->state == EnvState::kReturning) &&
          other->generation == f->generation) {
        ++others_starting;
      }
    }
    if (static_cast<int>(f->pending.size()) > others_starting) {
      auto invocation = std::move(f->pending.front());
      f->pending.pop_front();
      std::string id = invocation->request.request_id;
      {
        std::lock_guard lock(mu_);
        auto stats = stats_.find(f->spec.name);
        if (stats != stats_.end() && env->init_error_type.empty()) stats->second.crashes += 1;
      }
      if (!env->init_error_type.empty()) {
        std::string doc = env->init_error_body;
        std::string message;
        try {
          Json parsed = Json::parse(doc);
          if (parsed.is_object() && parsed.contains("errorMessage") &&
              parsed["errorMessage"].is_string()) {
            message = parsed["errorMessage"].get<std::string>();
          }
          std::string type = parsed.value("errorType", env->init_error_type);
          FailInvocation(f, std::move(invocation), InvokeStatus::kFunctionError, type, message,
                         doc);
        } catch (const Json::exception&) {
          FailInvocation(f, std::move(invocation), InvokeStatus::kFunctionError,
                         env->init_error_type, doc, "");
        }
      } else if (env->init_timed_out) {
        FailInvocation(
            f, std::move(invocation), InvokeStatus::kTimeout, "Sandbox.Timedout",
            "RequestId: " + id + " Error: Init timed out after " +
                detail::TwoDecimals(std::chrono::duration<double>(options_.init_timeout).count()) +
                " seconds",
            "");
      } else if (env->out_of_memory) {
        FailInvocation(f, std::move(invocation), InvokeStatus::kOutOfMemory, "Runtime.OutOfMemory",
                       "RequestId: " + id + " Error: " + exit_text, "");
      } else {
        FailInvocation(f, std::move(invocation), InvokeStatus::kRuntimeExited, "Runtime.ExitError",
                       "RequestId: " + id + " Error: " + exit_text, "");
      }
    }
  }

  boost::system::error_code ignored;
  env->output.close(ignored);
  env->exit_watch.close(ignored);
  env->next_reply.reset();
  // The server may be in the middle of calling us (init/error); destroy it later.
  net::post(io_, [server = std::shared_ptr<detail::RuntimeApiServer>(std::move(env->server))] {});
  envs_.erase(env->id);
  if (f) {
    Rebalance(f->spec.name);
    Publish(f->spec.name);
  }
}

}  // namespace tern::workers
