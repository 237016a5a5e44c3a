// Pool::Impl: construction, shutdown, and the function definitions (add, update, remove,
// concurrency settings, stats).
#include <filesystem>
#include <future>

#include <boost/asio/post.hpp>

#include "workers/detail/pool_impl.h"

namespace tern::workers {

namespace net = boost::asio;
using detail::EnvState;

namespace {

constexpr int kMinTimeout = 1, kMaxTimeout = 900;
constexpr int kMinMemory = 128, kMaxMemory = 10240;

// "arn:aws:lambda:R:A:function:NAME[:QUALIFIER]", "A:function:NAME", "NAME[:QUALIFIER]".
std::string FunctionNameOf(const std::string& name_or_arn) {
  std::string name = name_or_arn;
  if (auto pos = name.find("function:"); pos != std::string::npos) {
    name = name.substr(pos + 9);
  }
  if (auto colon = name.find(':'); colon != std::string::npos) name = name.substr(0, colon);
  return name;
}

}  // namespace

Pool::Impl::Impl(PoolOptions options)
    : options_(std::move(options)),
      runtimes_dir_(detail::ResolveRuntimesDir(options_)),
      work_(net::make_work_guard(io_)),
      monitor_(options_.memory_poll_interval,
               [this](pid_t pgid) { net::post(io_, [this, pgid] { OnMemoryExceeded(pgid); }); }) {
  thread_ = std::thread([this] { io_.run(); });
}

Pool::Impl::~Impl() {
  std::promise<void> stopped;
  net::post(io_, [this, &stopped] {
    ShutdownAll();
    stopped.set_value();
  });
  stopped.get_future().wait();
  work_.reset();
  io_.stop();
  thread_.join();
  // Handlers still queued (closed sockets, cancelled reads) are destroyed with io_; they hold
  // environments whose processes were already reaped.
}

void Pool::Impl::ShutdownAll() {
  for (auto& [id, env] : envs_) detail::KillGroup(env->process.pid);
  for (auto& [id, env] : envs_) {
    detail::Reap(env->process.pid);
    monitor_.Unwatch(env->process.pid);
    env->timer.cancel();
    boost::system::error_code ignored;
    env->output.close(ignored);
    env->exit_watch.close(ignored);
    env->server.reset();
    env->next_reply.reset();
    env->state = EnvState::kStopping;
    if (env->current) {
      Function* f = FindFunction(env->function);
      FailInvocation(f, std::move(env->current), InvokeStatus::kServiceError, "ServiceException",
                     "tern is shutting down", "");
    }
  }
  envs_.clear();
  env_by_pgid_.clear();
  for (auto& [name, f] : functions_) {
    while (!f.pending.empty()) {
      auto invocation = std::move(f.pending.front());
      f.pending.pop_front();
      FailInvocation(&f, std::move(invocation), InvokeStatus::kServiceError, "ServiceException",
                     "tern is shutting down", "");
    }
  }
}

Status Pool::Impl::PutFunction(project::FunctionSpec spec) {
  if (spec.name.empty()) spec.name = spec.logical_id;
  if (spec.name.empty()) return Status::InvalidArgument("a function needs a name");
  auto kind = detail::ClassifyRuntime(spec.runtime);
  if (!kind) return kind.error();
  std::error_code ec;
  if (!std::filesystem::is_directory(spec.code_dir, ec)) {
    return Status::InvalidArgument("function " + spec.name + ": code folder '" + spec.code_dir +
                                   "' does not exist");
  }
  spec.code_dir = std::filesystem::absolute(spec.code_dir, ec).lexically_normal().string();
  if (spec.code_dir.size() > 1 && spec.code_dir.back() == '/') spec.code_dir.pop_back();
  if (spec.timeout_seconds < kMinTimeout || spec.timeout_seconds > kMaxTimeout) {
    return Status::InvalidArgument("function " + spec.name + ": Timeout must be 1..900 seconds");
  }
  if (spec.memory_mb < kMinMemory || spec.memory_mb > kMaxMemory) {
    return Status::InvalidArgument("function " + spec.name + ": MemorySize must be 128..10240");
  }
  if (spec.arn.empty()) {
    spec.arn =
        "arn:aws:lambda:" + options_.region + ":" + options_.account + ":function:" + spec.name;
  }
  {
    std::lock_guard lock(mu_);
    if (*kind == detail::RuntimeKind::kPython && !python_resolved_) {
      python_ = detail::ResolvePython(options_);
      python_resolved_ = true;
    }
    if (*kind == detail::RuntimeKind::kNode && !node_resolved_) {
      node_ = detail::ResolveNode(options_);
      node_resolved_ = true;
    }
    if (*kind != detail::RuntimeKind::kProvided && runtimes_dir_.empty()) {
      return Status(
          StatusCode::kFailedPrecondition,
          "the bundled runtime clients (runtimes/python, runtimes/node) were not found; set "
          "TERN_RUNTIMES_DIR");
    }
    specs_[spec.name] = spec;
    FunctionStats& stats = stats_[spec.name];
    stats.function = spec.name;
    stats.reserved_concurrency = spec.reserved_concurrency;
    stats.provisioned_concurrency = spec.provisioned_concurrency;
  }
  net::post(io_, [this, spec = std::move(spec)]() mutable { ApplyFunction(std::move(spec)); });
  return Status::Ok();
}

void Pool::Impl::ApplyFunction(project::FunctionSpec spec) {
  std::string name = spec.name;
  Function& f = functions_[name];
  bool is_new = f.generation == 0;
  if (!is_new && f.reserved) reserved_total_ -= *f.reserved;
  f.generation += 1;
  f.reserved = spec.reserved_concurrency;
  if (f.reserved) reserved_total_ += *f.reserved;
  f.provisioned = spec.provisioned_concurrency;
  f.provisioned_failed = false;
  if (!f.log) {
    f.log = std::make_unique<detail::FunctionLog>(options_.log_dir + "/" + name + ".log",
                                                  options_.log_file_max_bytes);
  }
  f.spec = std::move(spec);
  if (!is_new) RetireOldEnvironments(name, f.generation);
  Rebalance(name);
  Publish(name);
}

void Pool::Impl::RetireOldEnvironments(const std::string& name, uint64_t generation) {
  std::vector<EnvPtr> idle;
  for (auto& [id, env] : envs_) {
    if (env->function == name && env->generation != generation && env->state == EnvState::kIdle) {
      idle.push_back(env);
    }
  }
  // Starting, busy and returning ones are stopped when they next call /next (OnReady).
  for (const EnvPtr& env : idle) Stop(env);
}

Status Pool::Impl::RemoveFunction(const std::string& name_or_arn) {
  std::string name = FunctionNameOf(name_or_arn);
  {
    std::lock_guard lock(mu_);
    if (!specs_.erase(name)) return Status::NotFound("Function not found: " + name);
    stats_.erase(name);
  }
  net::post(io_, [this, name] { ApplyRemove(name); });
  return Status::Ok();
}

void Pool::Impl::ApplyRemove(const std::string& name) {
  auto it = functions_.find(name);
  if (it == functions_.end()) return;
  Function& f = it->second;
  for (auto& [id, env] : envs_) {
    if (env->function == name && env->state != EnvState::kStopping) Stop(env);
  }
  while (!f.pending.empty()) {
    auto invocation = std::move(f.pending.front());
    f.pending.pop_front();
    FailInvocation(&f, std::move(invocation), InvokeStatus::kNotFound, "ResourceNotFoundException",
                   "Function not found: " + f.spec.arn, "");
  }
  // Busy environments fail their invocation when the exit is seen (OnExit), with the function
  // gone; keep the bookkeeping until then by leaving reserved counts as they were.
  if (f.reserved) reserved_total_ -= *f.reserved;
  f.reserved.reset();
  f.generation += 1;
  f.provisioned = 0;
  f.spec.name.clear();  // marks it deleted; the entry stays for environments still exiting
}

Status Pool::Impl::SetReservedConcurrency(const std::string& name_or_arn,
                                          std::optional<int> reserved) {
  std::string name = FunctionNameOf(name_or_arn);
  if (reserved && *reserved < 0) return Status::InvalidArgument("reserved concurrency < 0");
  int provisioned = 0;
  {
    std::lock_guard lock(mu_);
    auto it = specs_.find(name);
    if (it == specs_.end()) return Status::NotFound("Function not found: " + name);
    it->second.reserved_concurrency = reserved;
    provisioned = it->second.provisioned_concurrency;
    stats_[name].reserved_concurrency = reserved;
  }
  net::post(io_,
            [this, name, reserved, provisioned] { ApplyConcurrency(name, reserved, provisioned); });
  return Status::Ok();
}

Status Pool::Impl::SetInvokeSettings(const std::string& name_or_arn,
                                     std::optional<project::EventInvokeConfig> event_invoke_config,
                                     bool recursive_loop_allow) {
  std::string name = FunctionNameOf(name_or_arn);
  std::lock_guard lock(mu_);
  auto it = specs_.find(name);
  if (it == specs_.end()) return Status::NotFound("Function not found: " + name);
  it->second.event_invoke_config = event_invoke_config;
  it->second.recursive_loop_allow = recursive_loop_allow;
  // The I/O thread's copy is not read for these (callers use GetFunction); keep it equal anyway
  // so a later look at it cannot disagree.
  net::post(io_, [this, name, event_invoke_config = std::move(event_invoke_config),
                  recursive_loop_allow]() mutable {
    auto f = functions_.find(name);
    if (f == functions_.end() || f->second.spec.name.empty()) return;
    f->second.spec.event_invoke_config = std::move(event_invoke_config);
    f->second.spec.recursive_loop_allow = recursive_loop_allow;
  });
  return Status::Ok();
}

Status Pool::Impl::SetProvisionedConcurrency(const std::string& name_or_arn, int environments) {
  std::string name = FunctionNameOf(name_or_arn);
  if (environments < 0) return Status::InvalidArgument("provisioned concurrency < 0");
  std::optional<int> reserved;
  {
    std::lock_guard lock(mu_);
    auto it = specs_.find(name);
    if (it == specs_.end()) return Status::NotFound("Function not found: " + name);
    it->second.provisioned_concurrency = environments;
    reserved = it->second.reserved_concurrency;
    stats_[name].provisioned_concurrency = environments;
  }
  net::post(io_, [this, name, reserved, environments] {
    ApplyConcurrency(name, reserved, environments);
  });
  return Status::Ok();
}

void Pool::Impl::ApplyConcurrency(const std::string& name, std::optional<int> reserved,
                                  int provisioned) {
  Function* f = FindFunction(name);
  if (!f) return;
  if (f->reserved) reserved_total_ -= *f->reserved;
  f->reserved = reserved;
  if (f->reserved) reserved_total_ += *f->reserved;
  f->spec.reserved_concurrency = reserved;
  f->spec.provisioned_concurrency = provisioned;
  if (provisioned < f->provisioned) {
    // Extra provisioned environments become on-demand ones and are reaped when idle.
    int keep = provisioned;
    for (auto& [id, env] : envs_) {
      if (env->function != name || !env->provisioned || env->state == EnvState::kStopping) {
        continue;
      }
      if (keep > 0) {
        --keep;
        continue;
      }
      env->provisioned = false;
      if (env->state == EnvState::kIdle) Stop(env);
    }
  }
  f->provisioned = provisioned;
  f->provisioned_failed = false;
  Rebalance(name);
  Publish(name);
}

std::optional<project::FunctionSpec> Pool::Impl::GetFunction(const std::string& name_or_arn) const {
  std::lock_guard lock(mu_);
  auto it = specs_.find(FunctionNameOf(name_or_arn));
  if (it == specs_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Pool::Impl::ListFunctions() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> names;
  for (const auto& [name, spec] : specs_) names.push_back(name);
  return names;
}

Pool::Impl::Function* Pool::Impl::FindFunction(const std::string& name_or_arn) {
  auto it = functions_.find(FunctionNameOf(name_or_arn));
  if (it == functions_.end() || it->second.spec.name.empty()) return nullptr;
  return &it->second;
}

void Pool::Impl::Publish(const std::string& name) {
  FunctionStats gauges;
  for (const auto& [id, env] : envs_) {
    if (env->function != name) continue;
    switch (env->state) {
      case EnvState::kStarting:
        ++gauges.starting;
        break;
      case EnvState::kIdle:
      case EnvState::kReturning:  // answered; about to wait in /next again
        ++gauges.idle;
        break;
      case EnvState::kBusy:
        ++gauges.busy;
        break;
      case EnvState::kStopping:
        break;
    }
  }
  auto it = functions_.find(name);
  bool provisioned_failed = false;
  if (it != functions_.end()) {
    gauges.pending = static_cast<int>(it->second.pending.size());
    provisioned_failed = it->second.provisioned_failed;
  }
  {
    std::lock_guard lock(mu_);
    auto stats = stats_.find(name);
    if (stats == stats_.end()) return;
    stats->second.starting = gauges.starting;
    stats->second.idle = gauges.idle;
    stats->second.busy = gauges.busy;
    stats->second.pending = gauges.pending;
    if (provisioned_failed) stats->second.provisioned_concurrency = 0;
  }
  changed_.notify_all();
}

Status Pool::Impl::AwaitProvisioned(const std::string& name_or_arn,
                                    std::chrono::milliseconds timeout) {
  std::string name = FunctionNameOf(name_or_arn);
  std::unique_lock lock(mu_);
  bool ready = changed_.wait_for(lock, timeout, [&] {
    auto it = stats_.find(name);
    if (it == stats_.end()) return true;
    const FunctionStats& s = it->second;
    return s.starting == 0 && s.idle + s.busy >= s.provisioned_concurrency;
  });
  if (!stats_.count(name)) return Status::NotFound("Function not found: " + name);
  if (!ready) return Status::ResourceExhausted("provisioned environments not ready in time");
  return Status::Ok();
}

std::vector<FunctionStats> Pool::Impl::Stats() const {
  std::lock_guard lock(mu_);
  std::vector<FunctionStats> out;
  for (const auto& [name, stats] : stats_) out.push_back(stats);
  return out;
}

std::optional<FunctionStats> Pool::Impl::StatsFor(const std::string& name_or_arn) const {
  std::lock_guard lock(mu_);
  auto it = stats_.find(FunctionNameOf(name_or_arn));
  if (it == stats_.end()) return std::nullopt;
  return it->second;
}

std::string Pool::Impl::LogPath(const std::string& name_or_arn) const {
  return options_.log_dir + "/" + FunctionNameOf(name_or_arn) + ".log";
}

}  // namespace tern::workers
