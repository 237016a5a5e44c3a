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

namespace detail {
// RealClock's last reading, per thread.
struct MillisecondCache {
  uint64_t tsc = 0;          // when `ms` was read (before the read)
  uint64_t valid_ticks = 0;  // ticks from `tsc` that surely stay within `ms`
  TimeMs ms = 0;
};
}  // namespace detail

class RealClock final : public Clock {
 public:
  TimeMs Now() const override { return Read(); }

  // Now(), without the virtual call: inlined where every transition stamps an event (see
  // HistoryBuilder). The answer only changes once a millisecond, so each thread keeps the last
  // one and the CPU's timestamp counter says when it may have ended (clock.cc explains why that
  // is safe); only then is the real clock read.
  static TimeMs Read() {
#if defined(__x86_64__)
    const uint64_t tsc = __builtin_ia32_rdtsc();
    // Unsigned: a counter that went backwards gives a huge difference, so a real read.
    if (tsc - cache_.tsc < cache_.valid_ticks) return cache_.ms;
    return ReadAndCache(tsc);
#else
    return ReadAndCache(0);
#endif
  }

 private:
  // Constant-initialised, so reading it is one thread-local load (no initialisation guard).
  static inline thread_local constinit detail::MillisecondCache cache_;
  // Reads the real clock; refreshes cache_ when the timestamp counter is trusted.
  static TimeMs ReadAndCache(uint64_t tsc);
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
