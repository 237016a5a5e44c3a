#include "engine/clock.h"

#include <time.h>

#include <fstream>
#include <string>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace tern::engine {
namespace {

int64_t ReadNs(clockid_t id) {
  timespec ts;
  clock_gettime(id, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

#if defined(__x86_64__)

// Every transition stamps a history event with RealClock::Now(), and clock_gettime was a fifth
// of a Pass state's cost. The answer only changes once a millisecond, so each thread remembers
// the last one with the CPU's timestamp counter (a few cycles to read) and reads the real
// clock again only once the counter says the millisecond may have ended.
//
// The counter is trusted only when the kernel keeps time with it at start-up (it then checked
// that it runs at a constant rate and in step on every CPU), and its rate is taken low, so the
// cache always gives up early rather than late: Now() returns what the real clock would. (When
// the real clock is stepped back, a cached reading may stay ahead of it for under 1 ms.)

// TSC ticks per nanosecond, a lower bound; 0 when the TSC is not to be trusted. The two counter
// readings lie inside the interval the two clock readings bound, so the ticks counted are
// divided by at least the time they took: being descheduled in between only lowers the figure.
double TicksPerNsLowerBound() {
  std::ifstream source("/sys/devices/system/clocksource/clocksource0/current_clocksource");
  std::string name;
  if (!(source >> name) || name != "tsc") return 0;
  const int64_t n0 = ReadNs(CLOCK_MONOTONIC);
  const uint64_t t0 = __rdtsc();
  int64_t now = n0;
  while (now - n0 < 200'000) now = ReadNs(CLOCK_MONOTONIC);  // 0.2 ms, once per process
  const uint64_t t1 = __rdtsc();
  const int64_t n1 = ReadNs(CLOCK_MONOTONIC);
  if (t1 <= t0 || n1 <= n0) return 0;
  return 0.9 * static_cast<double>(t1 - t0) / static_cast<double>(n1 - n0);
}

#endif

}  // namespace

TimeMs RealClock::ReadAndCache([[maybe_unused]] uint64_t tsc) {
#if defined(__x86_64__)
  static const double ticks_per_ns = TicksPerNsLowerBound();
  if (ticks_per_ns > 0) {
    const int64_t ns = ReadNs(CLOCK_REALTIME);
    const int64_t left_in_ms = 1'000'000 - ns % 1'000'000;
    cache_.tsc = tsc;
    cache_.valid_ticks = static_cast<uint64_t>(static_cast<double>(left_in_ms) * ticks_per_ns);
    cache_.ms = ns / 1'000'000;
    return cache_.ms;
  }
#endif
  return ReadNs(CLOCK_REALTIME) / 1'000'000;
}

}  // namespace tern::engine
