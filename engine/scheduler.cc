#include "engine/scheduler.h"

#include <chrono>

namespace tern::engine {

void Scheduler::Post(Callback cb) {
  {
    std::lock_guard lock(mu_);
    ready_.push_back(std::move(cb));
  }
  cv_.notify_one();
}

Scheduler::TimerId Scheduler::At(TimeMs when, Callback cb) {
  TimerId id = next_timer_++;
  timers_.emplace(std::make_pair(when, id), std::move(cb));
  timer_index_.emplace(id, when);
  return id;
}

void Scheduler::Cancel(TimerId id) {
  auto it = timer_index_.find(id);
  if (it == timer_index_.end()) return;
  timers_.erase({it->second, id});
  timer_index_.erase(it);
}

void Scheduler::BeginExternal() {
  std::lock_guard lock(mu_);
  ++externals_;
}

void Scheduler::EndExternal() {
  {
    std::lock_guard lock(mu_);
    --externals_;
  }
  cv_.notify_one();
}

namespace {
int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

void Scheduler::SetQuantumHook(Callback hook, int64_t interval_ms) {
  hook_ = std::move(hook);
  hook_interval_ms_ = interval_ms;
  last_hook_ms_ = SteadyMs();
}

void Scheduler::AfterCallback() {
  if (!hook_) return;
  ran_since_hook_ = true;
  int64_t now = SteadyMs();
  if (now - last_hook_ms_ < hook_interval_ms_) return;
  last_hook_ms_ = now;
  ran_since_hook_ = false;
  hook_();
}

void Scheduler::BeforeIdle() {
  if (!hook_ || !ran_since_hook_) return;
  last_hook_ms_ = SteadyMs();
  ran_since_hook_ = false;
  hook_();
}

void Scheduler::Run(const std::function<bool()>& stop) {
  while (true) {
    if (stop && stop()) {
      BeforeIdle();
      return;
    }
    Callback next;
    {
      std::unique_lock lock(mu_);
      if (!ready_.empty()) {
        next = std::move(ready_.front());
        ready_.pop_front();
      }
    }
    if (next) {
      next();
      AfterCallback();
      continue;
    }
    // Nothing ready: fire the earliest due timer, or wait for one (or for a Post()).
    if (!timers_.empty()) {
      auto first = timers_.begin();
      TimeMs due = first->first.first;
      TimeMs now = clock_.Now();
      bool externals_pending;
      {
        std::lock_guard lock(mu_);
        externals_pending = externals_ > 0;
      }
      if (due > now && clock_.is_virtual() && !externals_pending) {
        clock_.AdvanceTo(due);
        now = due;
      }
      if (due <= now) {
        Callback cb = std::move(first->second);
        timer_index_.erase(first->first.second);
        timers_.erase(first);
        cb();
        AfterCallback();
        continue;
      }
      BeforeIdle();
      // Work is running elsewhere (a function, a process): time passes for real until it
      // reports back or the timer is due, even on a virtual clock, so a timeout racing real
      // work is honest.
      std::unique_lock lock(mu_);
      bool woken =
          cv_.wait_for(lock, std::chrono::milliseconds(due - now), [&] { return !ready_.empty(); });
      if (!woken && clock_.is_virtual()) clock_.AdvanceTo(due);
      continue;
    }
    BeforeIdle();
    std::unique_lock lock(mu_);
    if (ready_.empty() && externals_ == 0) return;
    cv_.wait(lock, [&] { return !ready_.empty() || externals_ == 0; });
  }
}

}  // namespace tern::engine
