// Time, injected (leveldb's Env, Temporal's TimeSource): the real clock, and a virtual clock that
// the scheduler moves forward when nothing else can run, so Waits, retries and timeouts finish
// instantly and deterministically (`tern run --fast`, tests).
//
// Thread safety: Now() may be called from any thread; Advance() only by the scheduler's thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace tern::engine {

// Milliseconds since the Unix epoch, UTC.
using TimeMs = int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs Now() const = 0;
  // A virtual clock jumps to `t` instead of the scheduler sleeping until then.
  virtual bool is_virtual() const { return false; }
  virtual void AdvanceTo(TimeMs) {}
};

class RealClock final : public Clock {
 public:
  TimeMs Now() const override;
};

class VirtualClock final : public Clock {
 public:
  explicit VirtualClock(TimeMs start) : now_(start) {}
  TimeMs Now() const override { return now_.load(std::memory_order_relaxed); }
  bool is_virtual() const override { return true; }
  void AdvanceTo(TimeMs t) override {
    if (t > Now()) now_.store(t, std::memory_order_relaxed);
  }

 private:
  std::atomic<TimeMs> now_;
};

}  // namespace tern::engine
