// RealClock answers from a per-thread millisecond cache (engine/clock.cc); it must still say
// exactly what the system clock says.
#include "engine/clock.h"

#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace tern::engine {
namespace {

TimeMs SystemMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Each reading lies between the system clock read just before and just after it, across many
// millisecond boundaries, and never goes back.
void ExpectAgreesWithTheSystemClock(int readings) {
  RealClock clock;
  TimeMs previous = 0;
  for (int i = 0; i < readings; ++i) {
    const TimeMs before = SystemMs();
    const TimeMs now = clock.Now();
    const TimeMs after = SystemMs();
    ASSERT_LE(before, now) << "reading " << i;
    ASSERT_LE(now, after) << "reading " << i;
    ASSERT_LE(previous, now) << "reading " << i;
    previous = now;
  }
}

TEST(RealClock, AgreesWithTheSystemClockToTheMillisecond) {
  const TimeMs start = SystemMs();
  ExpectAgreesWithTheSystemClock(2'000'000);
  EXPECT_GT(SystemMs() - start, 5) << "the readings should span several milliseconds";
}

TEST(RealClock, AgreesAcrossThreadsAndSleeps) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([] {
      for (int round = 0; round < 20; ++round) {
        ExpectAgreesWithTheSystemClock(2000);
        std::this_thread::sleep_for(std::chrono::microseconds(300));
      }
    });
  }
  for (auto& t : threads) t.join();
}

}  // namespace
}  // namespace tern::engine
