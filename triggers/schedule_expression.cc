#include "triggers/schedule_expression.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <vector>

namespace tern::triggers {
namespace {

namespace chr = std::chrono;

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kDayMs = 24 * 60 * kMinuteMs;
constexpr int kFirstYear = 1970;
constexpr int kLastYear = 2199;

std::vector<std::string> Split(std::string_view text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t end = text.find(sep, start);
    out.emplace_back(text.substr(start, end == std::string_view::npos ? text.npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::optional<int> Number(std::string_view s) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

struct Field {
  const char* name;
  int min;
  int max;
  std::vector<std::string_view> names;  // names[i] is value min + i
};

const Field kMinutes{"minutes", 0, 59, {}};
const Field kHours{"hours", 0, 23, {}};
const Field kDays{"day-of-month", 1, 31, {}};
const Field kMonths{
    "month",
    1,
    12,
    {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}};
const Field kWeekdays{"day-of-week", 1, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}};
const Field kYears{"year", kFirstYear, kLastYear, {}};

std::optional<int> Value(const Field& f, std::string_view s) {
  std::string up = Upper(s);
  for (size_t i = 0; i < f.names.size(); ++i) {
    if (up == f.names[i]) return f.min + static_cast<int>(i);
  }
  auto n = Number(s);
  if (!n || *n < f.min || *n > f.max) return std::nullopt;
  return n;
}

// Lists, ranges, `*` and increments into `set` (index = value - offset).
template <size_t N>
std::optional<std::string> ParseList(const Field& f, std::string_view text, std::bitset<N>& set,
                                     int offset) {
  for (const std::string& item : Split(text, ',')) {
    std::string_view range = item;
    int step = 1;
    if (size_t slash = item.find('/'); slash != std::string::npos) {
      auto s = Number(std::string_view(item).substr(slash + 1));
      if (!s || *s < 1) {
        return (std::string(f.name) + ": bad increment in '" + item + "'");
      }
      step = *s;
      range = std::string_view(item).substr(0, slash);
    }
    int lo = f.min;
    int hi = f.max;
    if (range != "*") {
      size_t dash = range.find('-');
      auto a = Value(f, range.substr(0, dash));
      if (!a) return (std::string(f.name) + ": '" + item + "' is not a valid value");
      lo = *a;
      if (dash != std::string_view::npos) {
        auto b = Value(f, range.substr(dash + 1));
        if (!b || *b < *a) {
          return (std::string(f.name) + ": '" + item + "' is not a valid range");
        }
        hi = *b;
      } else if (step == 1) {
        hi = lo;  // a single value; "a/s" runs from a to the field's end
      }
    }
    for (int v = lo; v <= hi; v += step) set.set(static_cast<size_t>(v - offset));
  }
  return std::nullopt;
}

int DaysInMonth(int year, unsigned month) {
  return static_cast<int>(static_cast<unsigned>(
      chr::year_month_day_last(chr::year(year) / chr::month(month) / chr::last).day()));
}

int Weekday(int year, unsigned month, unsigned day) {  // 1 = Sunday .. 7 = Saturday
  chr::weekday wd{chr::sys_days(chr::year(year) / chr::month(month) / chr::day(day))};
  return static_cast<int>(wd.c_encoding()) + 1;
}

}  // namespace

Result<ScheduleExpression, std::string> ScheduleExpression::Parse(std::string_view text) {
  ScheduleExpression e;
  e.text_ = std::string(text);
  auto body = [&](std::string_view prefix) -> std::optional<std::string_view> {
    if (text.size() < prefix.size() + 1 || text.substr(0, prefix.size()) != prefix ||
        text.back() != ')') {
      return std::nullopt;
    }
    return text.substr(prefix.size(), text.size() - prefix.size() - 1);
  };
  if (auto rate = body("rate(")) {
    auto parts = Split(*rate, ' ');
    parts.erase(std::remove(parts.begin(), parts.end(), ""), parts.end());
    if (parts.size() != 2) return Unexpected(std::string("rate(): expected 'rate(VALUE UNIT)'"));
    auto n = Number(parts[0]);
    if (!n || *n < 1) return Unexpected("rate(): '" + parts[0] + "' is not a positive integer");
    const std::string& unit = parts[1];
    int64_t unit_ms = 0;
    std::string singular = unit;
    if (!singular.empty() && singular.back() == 's') singular.pop_back();
    if (singular == "minute") unit_ms = kMinuteMs;
    if (singular == "hour") unit_ms = 60 * kMinuteMs;
    if (singular == "day") unit_ms = kDayMs;
    if (unit_ms == 0) {
      return Unexpected("rate(): unit '" + unit + "' is not minute(s), hour(s) or day(s)");
    }
    bool plural = unit.back() == 's';
    if ((*n == 1) == plural) {
      return Unexpected(
          "rate(): write " +
          std::string(*n == 1 ? "'1 " + singular + "'" : "the plural unit '" + singular + "s'"));
    }
    e.rate_ms_ = *n * unit_ms;
    return e;
  }
  auto cron = body("cron(");
  if (!cron) return Unexpected(std::string("expected rate(...) or cron(...)"));
  auto fields = Split(*cron, ' ');
  fields.erase(std::remove(fields.begin(), fields.end(), ""), fields.end());
  if (fields.size() != 6) {
    return Unexpected(
        "cron(): expected 6 fields (minutes hours day-of-month month day-of-week "
        "year), got " +
        std::to_string(fields.size()));
  }
  if (auto err = ParseList(kMinutes, fields[0], e.minutes_, 0)) return Unexpected(*err);
  if (auto err = ParseList(kHours, fields[1], e.hours_, 0)) return Unexpected(*err);
  if (auto err = ParseList(kMonths, fields[3], e.months_, 0)) return Unexpected(*err);
  if (auto err = ParseList(kYears, fields[5], e.years_, kFirstYear)) return Unexpected(*err);
  e.dom_any_ = fields[2] == "?";
  e.dow_any_ = fields[4] == "?";
  if (e.dom_any_ == e.dow_any_) {
    return Unexpected(std::string(
        "cron(): exactly one of day-of-month and day-of-week must be '?' (EventBridge does not "
        "allow both, or neither)"));
  }
  if (!e.dom_any_) {
    std::string dom = Upper(fields[2]);
    if (dom == "L") {
      e.last_day_offset_ = 0;
    } else if (dom == "LW") {
      e.last_weekday_ = true;
    } else if (dom.size() > 2 && dom.substr(0, 2) == "L-") {
      auto n = Number(std::string_view(dom).substr(2));
      if (!n || *n > 30) return Unexpected("day-of-month: '" + fields[2] + "' is not L-n");
      e.last_day_offset_ = *n;
    } else if (dom.size() > 1 && dom.back() == 'W') {
      auto n = Number(std::string_view(dom).substr(0, dom.size() - 1));
      if (!n || *n < 1 || *n > 31) {
        return Unexpected("day-of-month: '" + fields[2] + "' is not nW with n in 1-31");
      }
      e.nearest_weekday_ = *n;
    } else if (auto err = ParseList(kDays, fields[2], e.days_, 0))
      return Unexpected(*err);
  }
  if (!e.dow_any_) {
    std::string dow = Upper(fields[4]);
    if (size_t hash = dow.find('#'); hash != std::string::npos) {
      auto d = Value(kWeekdays, std::string_view(dow).substr(0, hash));
      auto k = Number(std::string_view(dow).substr(hash + 1));
      if (!d || !k || *k < 1 || *k > 5) {
        return Unexpected("day-of-week: '" + fields[4] + "' is not n#k (k 1-5)");
      }
      e.nth_weekday_ = std::make_pair(*d, *k);
    } else if (dow == "L") {
      e.weekdays_.set(7);
    } else if (dow.size() > 1 && dow.back() == 'L') {
      auto d = Value(kWeekdays, std::string_view(dow).substr(0, dow.size() - 1));
      if (!d) return Unexpected("day-of-week: '" + fields[4] + "' is not nL");
      e.last_weekday_of_month_ = *d;
    } else if (auto err = ParseList(kWeekdays, fields[4], e.weekdays_, 0))
      return Unexpected(*err);
  }
  return e;
}

bool ScheduleExpression::DayMatches(int year, unsigned month, unsigned day) const {
  const int dim = DaysInMonth(year, month);
  const int d = static_cast<int>(day);
  if (!dom_any_) {
    if (last_day_offset_) return d == std::max(1, dim - *last_day_offset_);
    if (last_weekday_) {
      int target = dim;
      int wd = Weekday(year, month, static_cast<unsigned>(dim));
      if (wd == 7) target -= 1;  // Saturday -> Friday
      if (wd == 1) target -= 2;  // Sunday -> Friday
      return d == target;
    }
    if (nearest_weekday_) {
      int n = std::min(*nearest_weekday_, dim);
      int wd = Weekday(year, month, static_cast<unsigned>(n));
      int target = n;
      if (wd == 7) target = n == 1 ? n + 2 : n - 1;    // Saturday: Friday, or Monday if the 1st
      if (wd == 1) target = n == dim ? n - 2 : n + 1;  // Sunday: Monday, or Friday if the last
      return d == target;
    }
    return days_.test(day);
  }
  const int wd = Weekday(year, month, day);
  if (nth_weekday_) {
    return wd == nth_weekday_->first && (d - 1) / 7 + 1 == nth_weekday_->second;
  }
  if (last_weekday_of_month_) return wd == *last_weekday_of_month_ && d + 7 > dim;
  return weekdays_.test(static_cast<size_t>(wd));
}

std::optional<TimeMs> ScheduleExpression::Next(TimeMs after, TimeMs anchor) const {
  if (is_rate()) {
    if (after < anchor) return anchor;
    return anchor + ((after - anchor) / rate_ms_ + 1) * rate_ms_;
  }
  // The first whole minute after `after`, then day by day until a day matches and has a
  // matching minute at or after the start time on that day.
  TimeMs start = (after >= 0 ? after / kMinuteMs + 1 : after / kMinuteMs) * kMinuteMs;
  TimeMs day_start = start - ((start % kDayMs) + kDayMs) % kDayMs;
  for (;; day_start += kDayMs) {
    chr::year_month_day ymd{chr::sys_days(chr::days(day_start / kDayMs))};
    int year = static_cast<int>(ymd.year());
    if (year > kLastYear) return std::nullopt;
    unsigned month = static_cast<unsigned>(ymd.month());
    unsigned day = static_cast<unsigned>(ymd.day());
    if (year < kFirstYear || !years_.test(static_cast<size_t>(year - kFirstYear))) {
      // Skip to the next January 1st.
      chr::sys_days next{chr::year(year + 1) / chr::January / 1};
      day_start = next.time_since_epoch().count() * kDayMs - kDayMs;
      continue;
    }
    if (!months_.test(month) || !DayMatches(year, month, day)) continue;
    int first_minute = start > day_start ? static_cast<int>((start - day_start) / kMinuteMs) : 0;
    for (int m = first_minute; m < 24 * 60; ++m) {
      if (hours_.test(static_cast<size_t>(m / 60)) && minutes_.test(static_cast<size_t>(m % 60))) {
        return day_start + m * kMinuteMs;
      }
    }
  }
}

}  // namespace tern::triggers
