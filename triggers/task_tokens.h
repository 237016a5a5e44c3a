// Tasks paused on a task token (.waitForTaskToken, activities) in this process: who to tell when
// SendTaskSuccess/Failure arrives, and HeartbeatSeconds enforcement (States.HeartbeatTimeout
// when no heartbeat arrives in time). TimeoutSeconds is the engine's.
//
// Thread safety: every member may be called from any thread; `done` runs on the caller's
// thread (Succeed/Fail) or the timer thread (heartbeat timeouts), never under the lock.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "engine/invoker.h"

namespace tern::triggers {

class TaskTokens {
 public:
  TaskTokens();
  ~TaskTokens();
  TaskTokens(const TaskTokens&) = delete;
  TaskTokens& operator=(const TaskTokens&) = delete;

  void Register(const std::string& token, std::optional<double> heartbeat_seconds,
                std::function<void(engine::TaskResult)> done);
  // NotFound when no task waits for `token` here (unknown, already completed, timed out).
  Status Complete(const std::string& token, engine::TaskResult result);
  Status Heartbeat(const std::string& token);
  bool Waiting(const std::string& token) const;
  std::vector<std::string> WaitingTokens() const;

 private:
  using SteadyTime = std::chrono::steady_clock::time_point;
  struct Waiter {
    std::function<void(engine::TaskResult)> done;
    std::optional<std::chrono::milliseconds> heartbeat;
    std::optional<SteadyTime> deadline;
  };
  void TimerLoop();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Waiter> waiters_;
  bool stopping_ = false;
  std::thread timer_;
};

}  // namespace tern::triggers
