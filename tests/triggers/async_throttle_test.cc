// Throttled Event invocations: a function with reserved concurrency 1 hammered by Event invokes.
// Every throttled event is retried with Lambda's backoff (doubling from throttle_base_delay up to
// throttle_max_delay, not counted as attempts) and none is lost or dead-lettered.
#include <algorithm>
#include <future>

#include <gtest/gtest.h>

#include "tests/triggers/async_fixture.h"

namespace tern::triggers {
namespace {

using namespace std::chrono_literals;
using testing::AsyncFixture;
using testing::Eventually;

constexpr int kEvents = 12;
constexpr double kSleep = 0.1;  // seconds per invocation: the run takes >= 1.2 s

class AsyncThrottleTest : public AsyncFixture {};

TEST_F(AsyncThrottleTest, ThrottledEventsAreRetriedWithBackoffAndNoneIsLost) {
  BusOptions options = Options();
  options.async.throttle_base_delay = 25ms;
  options.async.throttle_max_delay = 200ms;
  StartBus(options);
  project::EventInvokeConfig config;
  config.maximum_retry_attempts = 0;  // a function error would lose the event: there is none
  AddFunction("one-at-a-time", "slow", config, /*reserved_concurrency=*/1);

  // Hammer: all events accepted at once, from several threads.
  std::vector<std::future<FunctionResponse>> accepted;
  for (int i = 0; i < kEvents; ++i) {
    accepted.push_back(std::async(std::launch::async, [this, i] {
      return InvokeEvent("one-at-a-time", {{"n", i}, {"sleep", kSleep}});
    }));
  }
  for (auto& f : accepted) ASSERT_EQ(f.get().status_code, 202);

  ASSERT_TRUE(Eventually([&] { return Lines("one-at-a-time").size() >= kEvents && QueueEmpty(); }))
      << Lines("one-at-a-time").size() << " of " << kEvents << " delivered";
  std::vector<int> seen;
  for (const Json& line : Lines("one-at-a-time")) seen.push_back(line["event"]["n"].get<int>());
  std::sort(seen.begin(), seen.end());
  std::vector<int> expected(kEvents);
  for (int i = 0; i < kEvents; ++i) expected[i] = i;
  EXPECT_EQ(seen, expected);  // each exactly once: none lost, none delivered twice

  // Never more than one at a time: the invocations did not overlap.
  std::vector<double> starts;
  for (const Json& line : Lines("one-at-a-time")) starts.push_back(line["at"].get<double>());
  std::sort(starts.begin(), starts.end());
  for (size_t i = 1; i < starts.size(); ++i) EXPECT_GE(starts[i] - starts[i - 1], kSleep * 0.9);

  const AsyncStats stats = bus_->async_stats();
  EXPECT_EQ(stats.succeeded, static_cast<uint64_t>(kEvents));
  EXPECT_EQ(stats.failed, 0u);
  EXPECT_EQ(DeadLetters(), 0u);
  // Every event but the first was throttled at least once ...
  EXPECT_GE(stats.throttled, static_cast<uint64_t>(kEvents - 1));
  // ... and backed off: an event waiting T seconds is retried about log2(max/base) + T/max
  // times, not once per poll. Without backoff (25 ms) this would be ~ kEvents * 1.2 s / 25 ms
  // = 576 and more; with it, at most kEvents * (3 + 1.2 s / 0.2 s) = 108 (plus slack for a
  // loaded machine stretching the run).
  const double run_seconds = starts.back() - starts.front() + kSleep;
  const double bound = kEvents * (3 + run_seconds / 0.2) + kEvents;
  EXPECT_LE(static_cast<double>(stats.throttled), bound) << "run " << run_seconds << " s";
}

}  // namespace
}  // namespace tern::triggers
