// A running schedule: fires a target at the times of a ScheduleExpression with EventBridge's
// scheduled-event document (../shared/spec/LAMBDA.md §7), or the configured Input instead.
//
// Missed runs: runs that fell while tern was not running are not made up, as with an
// EventBridge rule that was disabled; rate() schedules count their periods from Start().
// A fire that is late (the process was busy or the machine asleep) fires once, not once per
// period missed.
//
// Thread safety: Start/Stop from one thread; the target runs on the schedule's thread.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "engine/clock.h"
#include "triggers/schedule_expression.h"

namespace tern::triggers {

struct ScheduleConfig {
  std::string id;        // "Function/EventId"
  std::string rule_arn;  // arn:aws:events:REGION:ACCOUNT:rule/NAME (the event's resources)
  std::string region = "us-east-1";
  std::string account = "123456789012";
  std::optional<std::string> input;  // JSON text sent instead of the scheduled event
  bool enabled = true;
};

// The scheduled-event document for a fire at `time_ms`.
std::string ScheduledEvent(const ScheduleConfig& config, int64_t time_ms);

class Schedule {
 public:
  using Target = std::function<void(const std::string& event_json, int64_t fire_time_ms)>;

  Schedule(ScheduleConfig config, ScheduleExpression expression, Target target,
           engine::Clock& clock);
  ~Schedule();
  Schedule(const Schedule&) = delete;
  Schedule& operator=(const Schedule&) = delete;

  void Start();
  void Stop();

  // The next fire time after now, if any (for `tern sources`).
  std::optional<int64_t> NextFire() const;
  const ScheduleConfig& config() const { return config_; }
  const ScheduleExpression& expression() const { return expression_; }

 private:
  void Run();

  const ScheduleConfig config_;
  const ScheduleExpression expression_;
  const Target target_;
  engine::Clock& clock_;
  int64_t anchor_ = 0;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace tern::triggers
