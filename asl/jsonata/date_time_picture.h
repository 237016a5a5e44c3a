// Calendar arithmetic and date/time picture strings (XPath F&O §9.8), shared by
// $fromMillis/$now (formatting) and $toMillis (parsing). Internal to the JSONata module.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "asl/jsonata/integer_format.h"
#include "asl/jsonata/value.h"

namespace tern::asl::jsonata::detail {

inline constexpr int64_t kMillisPerDay = 86400000;
inline const char* const kDays[] = {"",         "Monday", "Tuesday",  "Wednesday",
                                    "Thursday", "Friday", "Saturday", "Sunday"};
inline const char* const kMonths[] = {"January",   "February", "March",    "April",
                                      "May",       "June",     "July",     "August",
                                      "September", "October",  "November", "December"};

int64_t FloorDiv(int64_t a, int64_t b);
void CivilFromDays(int64_t z, int64_t* y, int64_t* m, int64_t* d);
// Date.UTC: month is zero-based and may overflow.
int64_t Utc(int64_t year, int64_t month, int64_t day = 1, int64_t h = 0, int64_t mi = 0,
            int64_t s = 0, int64_t ms = 0);

// The UTC fields of an epoch-millisecond timestamp.
struct Date {
  int64_t millis = 0;
  int64_t year = 1970, month = 0, day = 1, hour = 0, minute = 0, second = 0, ms = 0;
  int weekday = 4;  // 0 = Sunday
  explicit Date(int64_t t) : millis(t) {
    int64_t days = FloorDiv(t, kMillisPerDay);
    int64_t rem = t - days * kMillisPerDay;
    int64_t m;
    CivilFromDays(days, &year, &m, &day);
    month = m - 1;
    hour = rem / 3600000;
    minute = rem / 60000 % 60;
    second = rem / 1000 % 60;
    ms = rem % 1000;
    weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  }
};

// The value of one picture component (getDateTimeFragment); P, C and E answer in `text`.
int64_t Fragment(const Date& date, char component, std::string* text);

enum class Names { kNone, kLower, kUpper, kTitle };

// One part of an analysed picture: a literal or a [marker].
struct Marker {
  bool literal = false;
  std::string value;  // literal text
  char component = 0;
  std::string presentation1;
  std::string presentation2;
  int width_min = -1;  // -1: not given
  int width_max = -1;
  bool has_width = false;
  Names names = Names::kNone;
  bool has_integer_format = false;
  IntegerFormat integer_format;
  int n = -1;
};

// Throws D3132/D3135 on a malformed picture.
std::vector<Marker> AnalyseDateTimePicture(const std::string& picture);
// `picture` and `timezone` (±HHMM) may be undefined (ISO 8601, UTC).
std::string FormatDateTime(int64_t millis, const Value& picture, const Value& timezone);

}  // namespace tern::asl::jsonata::detail
