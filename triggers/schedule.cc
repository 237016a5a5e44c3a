#include "triggers/schedule.h"

#include <algorithm>
#include <chrono>

#include "common/json.h"
#include "engine/uuid.h"

namespace tern::triggers {

std::string ScheduledEvent(const ScheduleConfig& config, int64_t time_ms) {
  if (config.input) return *config.input;
  // EventBridge's time has whole seconds: "2024-01-01T16:53:06Z".
  std::time_t seconds = static_cast<std::time_t>(time_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char time[32];
  std::strftime(time, sizeof time, "%Y-%m-%dT%H:%M:%SZ", &tm);
  Json event = {{"version", "0"},
                {"id", engine::NewUuid()},
                {"detail-type", "Scheduled Event"},
                {"source", "aws.events"},
                {"account", config.account},
                {"time", time},
                {"region", config.region},
                {"resources", Json::array({config.rule_arn})},
                {"detail", Json::object()}};
  return event.dump();
}

Schedule::Schedule(ScheduleConfig config, ScheduleExpression expression, Target target,
                   engine::Clock& clock)
    : config_(std::move(config)),
      expression_(std::move(expression)),
      target_(std::move(target)),
      clock_(clock) {}

Schedule::~Schedule() { Stop(); }

void Schedule::Start() {
  if (!config_.enabled || thread_.joinable()) return;
  anchor_ = clock_.Now();
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void Schedule::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::optional<int64_t> Schedule::NextFire() const {
  return expression_.Next(clock_.Now(), anchor_ ? anchor_ : clock_.Now());
}

void Schedule::Run() {
  int64_t after = clock_.Now();
  while (true) {
    std::optional<int64_t> next = expression_.Next(after, anchor_);
    std::unique_lock lock(mu_);
    if (!next) return;
    while (!stopping_) {
      int64_t now = clock_.Now();
      if (now >= *next) break;
      if (clock_.is_virtual()) {
        clock_.AdvanceTo(*next);  // tests: nothing else to wait for
        break;
      }
      // Re-read the clock at least once a second (a changed wall clock, a suspended machine).
      wake_.wait_for(lock, std::chrono::milliseconds(std::min<int64_t>(*next - now, 1000)));
    }
    if (stopping_) return;
    lock.unlock();
    target_(ScheduledEvent(config_, *next), *next);
    // Late fires collapse into one: the next run is the first one after now.
    after = std::max(*next, clock_.Now());
  }
}

}  // namespace tern::triggers
