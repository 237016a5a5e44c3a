// EventBridge schedule expressions: rate(VALUE UNIT) and cron(MIN HOUR DOM MONTH DOW YEAR), with
// EventBridge's syntax and rules (docs/streams.md, "Schedules"):
//   - six fields, UTC; `,` lists, `-` ranges, `*` any, `/` increments (`0/15`, `*/5`, `1-30/2`);
//   - months 1-12 or JAN-DEC, days of week 1-7 or SUN-SAT (1 = Sunday);
//   - exactly one of day-of-month and day-of-week is `?`;
//   - day-of-month: `L` (last day), `L-n` (n days before it), `nW` (the weekday nearest day n,
//     within the month), `LW` (the last weekday);
//   - day-of-week: `L` (Saturday, the last day of the week), `nL` (the last day n of the month),
//     `n#k` (the k-th day n of the month, k 1..5);
//   - years 1970-2199.
// rate(): VALUE a positive integer, UNIT minute(s)/hour(s)/day(s); 1 takes the singular
// ("rate(1 minute)"), other values the plural, as EventBridge insists.
//
// Thread safety: immutable after Parse; any thread.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace tern::triggers {

using TimeMs = int64_t;  // milliseconds since the Unix epoch, UTC

class ScheduleExpression {
 public:
  // Parses "rate(...)" or "cron(...)"; the error names the field and what is wrong.
  static Result<ScheduleExpression, std::string> Parse(std::string_view text);

  // The first time strictly after `after` when the schedule fires, or nullopt when it never
  // does again (a cron whose years are over). Rates fire at anchor + k * period; crons on
  // whole minutes.
  std::optional<TimeMs> Next(TimeMs after, TimeMs anchor) const;

  bool is_rate() const { return rate_ms_ > 0; }
  int64_t rate_ms() const { return rate_ms_; }
  const std::string& text() const { return text_; }

 private:
  bool DayMatches(int year, unsigned month, unsigned day) const;

  std::string text_;
  int64_t rate_ms_ = 0;
  // cron fields as sets of allowed values (index = value).
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;     // 1..31
  std::bitset<13> months_;   // 1..12
  std::bitset<8> weekdays_;  // 1..7, 1 = Sunday
  std::bitset<230> years_;   // 1970..2199
  bool dom_any_ = false;     // day-of-month is `?`
  bool dow_any_ = false;     // day-of-week is `?`
  // Day-of-month specials (only one of these alone, as EventBridge allows).
  std::optional<int> last_day_offset_;  // L (0) or L-n (n)
  std::optional<int> nearest_weekday_;  // nW
  bool last_weekday_ = false;           // LW
  // Day-of-week specials.
  std::optional<int> last_weekday_of_month_;        // nL: weekday n
  std::optional<std::pair<int, int>> nth_weekday_;  // n#k: weekday n, k-th in the month
};

}  // namespace tern::triggers
