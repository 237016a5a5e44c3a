#include "triggers/task_tokens.h"

#include <vector>

#include "asl/core/error_names.h"

namespace tern::triggers {

TaskTokens::TaskTokens() : timer_([this] { TimerLoop(); }) {}

TaskTokens::~TaskTokens() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  timer_.join();
}

void TaskTokens::Register(const std::string& token, std::optional<double> heartbeat_seconds,
                          std::function<void(engine::TaskResult)> done) {
  Waiter w;
  w.done = std::move(done);
  if (heartbeat_seconds && *heartbeat_seconds > 0) {
    w.heartbeat = std::chrono::milliseconds(static_cast<int64_t>(*heartbeat_seconds * 1000));
    w.deadline = std::chrono::steady_clock::now() + *w.heartbeat;
  }
  {
    std::lock_guard lock(mu_);
    waiters_[token] = std::move(w);
  }
  cv_.notify_all();
}

Status TaskTokens::Complete(const std::string& token, engine::TaskResult result) {
  std::function<void(engine::TaskResult)> done;
  {
    std::lock_guard lock(mu_);
    auto it = waiters_.find(token);
    if (it == waiters_.end()) return Status::NotFound("Task Timed Out: '" + token + "'");
    done = std::move(it->second.done);
    waiters_.erase(it);
  }
  done(std::move(result));
  return Status::Ok();
}

Status TaskTokens::Heartbeat(const std::string& token) {
  {
    std::lock_guard lock(mu_);
    auto it = waiters_.find(token);
    if (it == waiters_.end()) return Status::NotFound("Task Timed Out: '" + token + "'");
    if (it->second.heartbeat) {
      it->second.deadline = std::chrono::steady_clock::now() + *it->second.heartbeat;
    }
  }
  cv_.notify_all();
  return Status::Ok();
}

bool TaskTokens::Waiting(const std::string& token) const {
  std::lock_guard lock(mu_);
  return waiters_.contains(token);
}

std::vector<std::string> TaskTokens::WaitingTokens() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> tokens;
  tokens.reserve(waiters_.size());
  for (const auto& [token, waiter] : waiters_) tokens.push_back(token);
  return tokens;
}

void TaskTokens::TimerLoop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    std::optional<SteadyTime> next;
    std::vector<std::function<void(engine::TaskResult)>> expired;
    const SteadyTime now = std::chrono::steady_clock::now();
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      if (it->second.deadline && *it->second.deadline <= now) {
        expired.push_back(std::move(it->second.done));
        it = waiters_.erase(it);
        continue;
      }
      if (it->second.deadline && (!next || *it->second.deadline < *next)) {
        next = it->second.deadline;
      }
      ++it;
    }
    if (!expired.empty()) {
      lock.unlock();
      for (auto& done : expired) {
        done(Unexpected(asl::Failure{std::string(asl::errors::kHeartbeatTimeout), ""}));
      }
      lock.lock();
      continue;
    }
    if (next) {
      cv_.wait_until(lock, *next);
    } else {
      cv_.wait(lock);
    }
  }
}

}  // namespace tern::triggers
