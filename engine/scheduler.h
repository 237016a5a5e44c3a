// A small event loop: ready callbacks, timers, and a count of outstanding external operations
// (invocations running elsewhere). With a virtual clock, time jumps to the next timer when
// nothing is ready and nothing external is outstanding.
//
// Thread safety: Post() and EndExternal() may be called from any thread; everything else, and
// every callback, runs on the thread that calls Run().
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <utility>

#include "engine/clock.h"

namespace tern::engine {

class Scheduler {
 public:
  using Callback = std::function<void()>;
  using TimerId = uint64_t;

  explicit Scheduler(Clock& clock) : clock_(clock) {}

  Clock& clock() { return clock_; }

  void Post(Callback cb);
  TimerId At(TimeMs when, Callback cb);
  void Cancel(TimerId id);

  // An operation that will Post() its completion from elsewhere: Run() must wait for it.
  void BeginExternal();
  void EndExternal();

  // `hook` runs on the loop thread between callbacks: at most every `interval_ms` while
  // callbacks keep coming, and whenever the loop is about to wait or return after running
  // any. A durable runner checkpoints there, so a checkpoint never sees a half-run callback.
  void SetQuantumHook(Callback hook, int64_t interval_ms);

  // Runs until no callback is ready, no timer is pending and no external operation is
  // outstanding, or until `stop` (checked between callbacks) returns true.
  void Run(const std::function<bool()>& stop = nullptr);

 private:
  Clock& clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Callback> ready_;                             // guarded by mu_
  int64_t externals_ = 0;                                  // guarded by mu_
  std::map<std::pair<TimeMs, TimerId>, Callback> timers_;  // loop thread only
  std::map<TimerId, TimeMs> timer_index_;                  // loop thread only
  TimerId next_timer_ = 1;

  void AfterCallback();
  void BeforeIdle();
  Callback hook_;                     // loop thread only
  int64_t hook_interval_ms_ = 0;
  int64_t last_hook_ms_ = 0;          // steady clock
  bool ran_since_hook_ = false;
};

}  // namespace tern::engine
