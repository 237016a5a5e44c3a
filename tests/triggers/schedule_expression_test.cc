// Schedule expressions against EventBridge's documented examples (cron and rate), on a virtual
// clock: every expected time is computed, nothing waits.
#include "triggers/schedule_expression.h"

#include <atomic>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"
#include "engine/clock.h"
#include "engine/timestamp.h"
#include "triggers/schedule.h"

namespace tern::triggers {
namespace {

int64_t T(const char* text) { return *engine::ParseTimestamp(text); }
std::string S(int64_t ms) { return engine::FormatTimestamp(ms); }

std::vector<std::string> Fires(const char* expression, const char* from, int n) {
  auto e = ScheduleExpression::Parse(expression);
  EXPECT_TRUE(e) << expression << ": " << (e ? "" : e.error());
  std::vector<std::string> out;
  if (!e) return out;
  int64_t t = T(from);
  for (int i = 0; i < n; ++i) {
    auto next = e->Next(t, T(from));
    if (!next) break;
    out.push_back(S(*next));
    t = *next;
  }
  return out;
}

using V = std::vector<std::string>;

TEST(ScheduleExpression, EventBridgeDocumentedCronExamples) {
  // 10:00 UTC every day
  EXPECT_EQ(Fires("cron(0 10 * * ? *)", "2024-01-01T12:00:00Z", 2),
            (V{"2024-01-02T10:00:00.000Z", "2024-01-03T10:00:00.000Z"}));
  // 12:15 UTC every day
  EXPECT_EQ(Fires("cron(15 12 * * ? *)", "2024-01-01T12:15:00Z", 1),
            (V{"2024-01-02T12:15:00.000Z"}));
  // 6:00 PM Monday through Friday (2024-01-05 is a Friday)
  EXPECT_EQ(Fires("cron(0 18 ? * MON-FRI *)", "2024-01-05T19:00:00Z", 2),
            (V{"2024-01-08T18:00:00.000Z", "2024-01-09T18:00:00.000Z"}));
  // 8:00 AM on the first day of the month
  EXPECT_EQ(Fires("cron(0 8 1 * ? *)", "2024-01-01T09:00:00Z", 2),
            (V{"2024-02-01T08:00:00.000Z", "2024-03-01T08:00:00.000Z"}));
  // Every 15 minutes
  EXPECT_EQ(Fires("cron(0/15 * * * ? *)", "2024-01-01T10:07:00Z", 4),
            (V{"2024-01-01T10:15:00.000Z", "2024-01-01T10:30:00.000Z", "2024-01-01T10:45:00.000Z",
               "2024-01-01T11:00:00.000Z"}));
  // Every 10 minutes, Monday through Friday (from a Saturday)
  EXPECT_EQ(Fires("cron(0/10 * ? * MON-FRI *)", "2024-01-06T00:00:00Z", 2),
            (V{"2024-01-08T00:00:00.000Z", "2024-01-08T00:10:00.000Z"}));
  // Every 5 minutes, Monday through Friday, 8:00 AM to 5:55 PM
  EXPECT_EQ(Fires("cron(0/5 8-17 ? * MON-FRI *)", "2024-01-08T17:55:30Z", 2),
            (V{"2024-01-09T08:00:00.000Z", "2024-01-09T08:05:00.000Z"}));
  // 9:00 AM on the first Monday of each month
  EXPECT_EQ(Fires("cron(0 9 ? * 2#1 *)", "2024-01-01T10:00:00Z", 2),
            (V{"2024-02-05T09:00:00.000Z", "2024-03-04T09:00:00.000Z"}));
}

TEST(ScheduleExpression, WildcardsLWAndHash) {
  // L: the last day of the month (2024 is a leap year)
  EXPECT_EQ(Fires("cron(0 0 L * ? *)", "2024-02-01T00:00:00Z", 2),
            (V{"2024-02-29T00:00:00.000Z", "2024-03-31T00:00:00.000Z"}));
  // 6L: the last Friday of the month
  EXPECT_EQ(Fires("cron(0 0 ? * 6L *)", "2024-01-01T00:00:00Z", 1),
            (V{"2024-01-26T00:00:00.000Z"}));
  // 3W: the weekday nearest the 3rd (Sat 3 Feb -> Fri 2; Sun 3 Mar -> Mon 4)
  EXPECT_EQ(Fires("cron(0 0 3W * ? *)", "2024-01-31T00:00:00Z", 2),
            (V{"2024-02-02T00:00:00.000Z", "2024-03-04T00:00:00.000Z"}));
  // 1W when the 1st is a Saturday stays in the month: Monday the 3rd (June 2024)
  EXPECT_EQ(Fires("cron(0 0 1W 6 ? 2024)", "2024-05-01T00:00:00Z", 1),
            (V{"2024-06-03T00:00:00.000Z"}));
  // LW: the last weekday (31 Mar 2024 is a Sunday)
  EXPECT_EQ(Fires("cron(0 0 LW 3 ? 2024)", "2024-01-01T00:00:00Z", 1),
            (V{"2024-03-29T00:00:00.000Z"}));
  // Lists, names and years
  EXPECT_EQ(
      Fires("cron(30 6,18 ? JAN,JUL SUN 2030)", "2024-01-01T00:00:00Z", 3),
      (V{"2030-01-06T06:30:00.000Z", "2030-01-06T18:30:00.000Z", "2030-01-13T06:30:00.000Z"}));
  // A schedule whose years are over never fires again
  auto past = ScheduleExpression::Parse("cron(0 0 1 1 ? 2020)");
  ASSERT_TRUE(past);
  EXPECT_EQ(past->Next(T("2024-01-01T00:00:00Z"), 0), std::nullopt);
}

TEST(ScheduleExpression, Rates) {
  auto e = ScheduleExpression::Parse("rate(5 minutes)");
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->is_rate());
  int64_t a = T("2024-01-01T00:00:10Z");
  EXPECT_EQ(S(*e->Next(a, a)), "2024-01-01T00:05:10.000Z");
  EXPECT_EQ(S(*e->Next(a + 7 * 60'000, a)), "2024-01-01T00:10:10.000Z");
  EXPECT_EQ(ScheduleExpression::Parse("rate(1 hour)")->rate_ms(), 3'600'000);
  EXPECT_EQ(ScheduleExpression::Parse("rate(2 days)")->rate_ms(), 2 * 86'400'000);
}

TEST(ScheduleExpression, RejectsWhatEventBridgeRejects) {
  for (const char* bad :
       {"rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "rate(5 weeks)", "rate(5)",
        "cron(0 10 * * * *)", "cron(0 10 ? * ? *)", "cron(0 10 * *)", "cron(60 10 * * ? *)",
        "cron(0 24 * * ? *)", "cron(0 0 32 * ? *)", "cron(0 0 ? * 8 *)", "cron(0 0 ? * 2#6 *)",
        "cron(0 0 * 13 ? *)", "cron(0 0 * * ? 1969)", "every 5 minutes", "cron(0 0 5-2 * ? *)"}) {
    EXPECT_FALSE(ScheduleExpression::Parse(bad)) << bad;
  }
}

TEST(Schedule, FiresOnAVirtualClockWithTheScheduledEventShape) {
  engine::VirtualClock clock(T("2024-01-01T00:00:30Z"));
  ScheduleConfig config;
  config.id = "F/Tick";
  config.rule_arn = "arn:aws:events:us-east-1:123456789012:rule/F-Tick";
  std::mutex mu;
  std::vector<std::pair<int64_t, std::string>> fires;
  Schedule schedule(
      config, *ScheduleExpression::Parse("cron(* * * * ? *)"),
      [&](const std::string& event, int64_t at) {
        std::lock_guard lock(mu);
        if (fires.size() < 3) fires.emplace_back(at, event);
      },
      clock);
  schedule.Start();
  for (int i = 0; i < 20000; ++i) {
    {
      std::lock_guard lock(mu);
      if (fires.size() == 3) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  schedule.Stop();
  ASSERT_EQ(fires.size(), 3u);
  EXPECT_EQ(S(fires[0].first), "2024-01-01T00:01:00.000Z");
  EXPECT_EQ(S(fires[2].first), "2024-01-01T00:03:00.000Z");
  Json event = Json::parse(fires[0].second);
  EXPECT_EQ(event["version"], "0");
  EXPECT_EQ(event["detail-type"], "Scheduled Event");
  EXPECT_EQ(event["source"], "aws.events");
  EXPECT_EQ(event["account"], "123456789012");
  EXPECT_EQ(event["time"], "2024-01-01T00:01:00Z");
  EXPECT_EQ(event["region"], "us-east-1");
  EXPECT_EQ(event["resources"], Json::array({config.rule_arn}));
  EXPECT_EQ(event["detail"], Json::object());
  EXPECT_EQ(event["id"].get<std::string>().size(), 36u);
}

TEST(Schedule, InputReplacesTheEvent) {
  ScheduleConfig config;
  config.input = R"({"job": "nightly"})";
  EXPECT_EQ(ScheduledEvent(config, 0), R"({"job": "nightly"})");
}

}  // namespace
}  // namespace tern::triggers
