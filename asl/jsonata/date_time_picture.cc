// Calendar arithmetic and date/time picture strings (XPath F&O §9.8) for $fromMillis and
// $toMillis, ported from the reference's datetime.js.
#include "asl/jsonata/date_time_picture.h"

#include <cmath>
#include <cstring>

#include "asl/jsonata/errors.h"

namespace tern::asl::jsonata::detail {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Howard Hinnant's days_from_civil / civil_from_days.
static int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int64_t* m, int64_t* d) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

// Date.UTC: month is zero-based and may overflow.
int64_t Utc(int64_t year, int64_t month, int64_t day, int64_t h, int64_t mi, int64_t s,
            int64_t ms) {
  year += FloorDiv(month, 12);
  month -= FloorDiv(month, 12) * 12;
  int64_t days = DaysFromCivil(year, month + 1, 1) + day - 1;
  return days * kMillisPerDay + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

static int64_t StartOfFirstWeek(int64_t year, int64_t month) {
  int64_t first = Utc(year, month);
  int day = Date(first).weekday;
  if (day == 0) day = 7;
  return day > 4 ? first + (8 - day) * kMillisPerDay : first - (day - 1) * kMillisPerDay;
}

static double DeltaWeeks(int64_t start, int64_t end) {
  return static_cast<double>(end - start) / static_cast<double>(kMillisPerDay * 7) + 1;
}

// getDateTimeFragment; P answers through `text`.
int64_t Fragment(const Date& date, char component, std::string* text) {
  switch (component) {
    case 'Y':
      return date.year;
    case 'M':
      return date.month + 1;
    case 'D':
      return date.day;
    case 'd': {
      int64_t today = Utc(date.year, date.month, date.day);
      return (today - Utc(date.year, 0)) / kMillisPerDay + 1;
    }
    case 'F':
      return date.weekday == 0 ? 7 : date.weekday;
    case 'W': {
      int64_t start = StartOfFirstWeek(date.year, 0);
      int64_t today = Utc(date.year, date.month, date.day);
      double week = DeltaWeeks(start, today);
      if (week > 52) {
        if (today >= StartOfFirstWeek(date.year + 1, 0)) week = 1;
      } else if (week < 1) {
        week = DeltaWeeks(StartOfFirstWeek(date.year - 1, 0), today);
      }
      return static_cast<int64_t>(std::floor(week));
    }
    case 'w': {
      int64_t start = StartOfFirstWeek(date.year, date.month);
      int64_t today = Utc(date.year, date.month, date.day);
      double week = DeltaWeeks(start, today);
      if (week > 4) {
        if (today >= StartOfFirstWeek(date.year, date.month + 1)) week = 1;
      } else if (week < 1) {
        week = DeltaWeeks(StartOfFirstWeek(date.year, date.month - 1), today);
      }
      return static_cast<int64_t>(std::floor(week));
    }
    case 'X': {
      int64_t start = StartOfFirstWeek(date.year, 0);
      int64_t end = StartOfFirstWeek(date.year + 1, 0);
      if (date.millis < start) return date.year - 1;
      if (date.millis >= end) return date.year + 1;
      return date.year;
    }
    case 'x': {
      int64_t start = StartOfFirstWeek(date.year, date.month);
      int64_t end = StartOfFirstWeek(date.year, date.month + 1);
      if (date.millis < start) return (date.month + 11) % 12 + 1;
      if (date.millis >= end) return (date.month + 1) % 12 + 1;
      return date.month + 1;
    }
    case 'H':
      return date.hour;
    case 'h': {
      int64_t h = date.hour % 12;
      return h == 0 ? 12 : h;
    }
    case 'P':
      if (text != nullptr) *text = date.hour >= 12 ? "pm" : "am";
      return date.hour >= 12 ? 1 : 0;
    case 'm':
      return date.minute;
    case 's':
      return date.second;
    case 'f':
      return date.ms;
    case 'C':
    case 'E':
      if (text != nullptr) *text = "ISO";
      return 0;
    default:
      return 0;
  }
}

static std::string DefaultPresentation(char component) {
  switch (component) {
    case 'Y':
    case 'M':
    case 'D':
    case 'd':
    case 'W':
    case 'w':
    case 'X':
    case 'x':
    case 'H':
    case 'h':
    case 'f':
      return "1";
    case 'F':
    case 'P':
    case 'C':
    case 'E':
      return "n";
    case 'm':
    case 's':
      return "01";
    case 'Z':
    case 'z':
      return "01:01";
    default:
      return "";
  }
}

std::vector<Marker> AnalyseDateTimePicture(const std::string& picture) {
  std::vector<Marker> spec;
  auto add_literal = [&](size_t start, size_t end) {
    if (end <= start) return;
    std::string literal = picture.substr(start, end - start);
    std::string cleaned;
    for (size_t i = 0; i < literal.size(); ++i) {
      cleaned += literal[i];
      if (literal[i] == ']' && i + 1 < literal.size() && literal[i + 1] == ']') ++i;
    }
    Marker m;
    m.literal = true;
    m.value = cleaned;
    spec.push_back(m);
  };
  size_t start = 0;
  size_t pos = 0;
  while (pos < picture.size()) {
    if (picture[pos] == '[') {
      if (pos + 1 < picture.size() && picture[pos + 1] == '[') {
        add_literal(start, pos);
        Marker m;
        m.literal = true;
        m.value = "[";
        spec.push_back(m);
        pos += 2;
        start = pos;
        continue;
      }
      add_literal(start, pos);
      start = pos;
      pos = picture.find(']', start);
      if (pos == std::string::npos) ThrowError("D3135");
      std::string marker;
      for (char c : picture.substr(start + 1, pos - start - 1)) {
        if (!std::isspace(static_cast<unsigned char>(c))) marker += c;
      }
      Marker def;
      def.component = marker.empty() ? 0 : marker[0];
      size_t comma = marker.rfind(',');
      std::string pres;
      if (comma != std::string::npos) {
        std::string width = marker.substr(comma + 1);
        size_t dash = width.find('-');
        std::string min = dash == std::string::npos ? width : width.substr(0, dash);
        std::string max = dash == std::string::npos ? "" : width.substr(dash + 1);
        auto parse = [](const std::string& w, bool given) {
          if (!given || w == "*" || w.empty() || !std::isdigit(static_cast<unsigned char>(w[0]))) {
            return -1;
          }
          return std::atoi(w.c_str());
        };
        def.has_width = true;
        def.width_min = parse(min, true);
        def.width_max = parse(max, dash != std::string::npos);
        pres = marker.substr(1, comma - 1);
      } else {
        pres = marker.size() > 1 ? marker.substr(1) : "";
      }
      if (pres.size() == 1) {
        def.presentation1 = pres;
      } else if (pres.size() > 1) {
        char last = pres.back();
        if (std::string("atco").find(last) != std::string::npos) {
          def.presentation2 = std::string(1, last);
          def.presentation1 = pres.substr(0, pres.size() - 1);
        } else {
          def.presentation1 = pres;
        }
      } else {
        def.presentation1 = DefaultPresentation(def.component);
      }
      if (def.presentation1.empty()) ThrowError("D3132", -1, "", std::string(1, def.component));
      if (def.presentation1[0] == 'n') {
        def.names = Names::kLower;
      } else if (def.presentation1[0] == 'N') {
        def.names = def.presentation1.size() > 1 && def.presentation1[1] == 'n' ? Names::kTitle
                                                                                : Names::kUpper;
      } else if (std::string("YMDdFWwXxHhmsf").find(def.component) != std::string::npos) {
        std::string pattern = def.presentation1;
        if (!def.presentation2.empty()) pattern += ";" + def.presentation2;
        def.integer_format = AnalyseIntegerPicture(pattern);
        def.has_integer_format = true;
        if (def.width_min >= 0 && def.integer_format.mandatory_digits < def.width_min) {
          def.integer_format.mandatory_digits = def.width_min;
        }
        if (std::string("YMD").find(def.component) != std::string::npos) {
          def.n = -1;
          if (def.width_max >= 0) {
            def.n = def.width_max;
            def.integer_format.mandatory_digits = def.n;
          } else {
            int w = def.integer_format.mandatory_digits + def.integer_format.optional_digits;
            if (w >= 2) def.n = w;
          }
        }
      }
      if (def.component == 'Z' || def.component == 'z') {
        def.integer_format = AnalyseIntegerPicture(def.presentation1);
        def.has_integer_format = true;
      }
      spec.push_back(def);
      start = pos + 1;
    }
    ++pos;
  }
  add_literal(start, pos);
  return spec;
}

static std::string ApplyNames(std::string s, Names names) {
  for (char& c : s) {
    if (names == Names::kUpper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (names == Names::kLower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

static std::string FormatComponent(const Date& date, const Marker& m, int64_t offset_hours,
                                   int64_t offset_minutes) {
  std::string text;
  int64_t value = Fragment(date, m.component, &text);
  const char c = m.component;
  if (std::string("YMDdFWwXxHhms").find(c) != std::string::npos) {
    if (c == 'Y' && m.n != -1) value = value % static_cast<int64_t>(std::pow(10, m.n));
    if (m.names != Names::kNone) {
      std::string name;
      if (c == 'M' || c == 'x') {
        name = kMonths[value - 1];
      } else if (c == 'F') {
        name = kDays[value];
      } else {
        ThrowError("D3133", -1, "", std::string(1, c));
      }
      name = ApplyNames(name, m.names);
      if (m.width_max >= 0 && static_cast<int>(name.size()) > m.width_max) {
        name = name.substr(0, static_cast<size_t>(m.width_max));
      }
      return name;
    }
    return FormatInteger(value, m.integer_format);
  }
  if (c == 'f') return FormatInteger(value, m.integer_format);
  if (c == 'Z' || c == 'z') {
    const int64_t offset = offset_hours * 100 + offset_minutes;
    std::string out;
    if (m.integer_format.regular) {
      out = FormatInteger(offset, m.integer_format);
    } else {
      int digits = m.integer_format.mandatory_digits;
      if (digits == 1 || digits == 2) {
        out = FormatInteger(offset_hours, m.integer_format);
        if (offset_minutes != 0) {
          out += ":" + FormatInteger(offset_minutes, AnalyseIntegerPicture("00"));
        }
      } else if (digits == 3 || digits == 4) {
        out = FormatInteger(offset, m.integer_format);
      } else {
        ThrowError("D3134", -1, "", std::to_string(digits));
      }
    }
    if (offset >= 0) out = "+" + out;
    if (c == 'z') out = "GMT" + out;
    if (offset == 0 && m.presentation2 == "t") out = "Z";
    return out;
  }
  if (c == 'P') return m.names == Names::kUpper ? ApplyNames(text, Names::kUpper) : text;
  if (c == 'C' || c == 'E') return text;
  return "";
}

std::string FormatDateTime(int64_t millis, const Value& picture, const Value& timezone) {
  int64_t offset_hours = 0;
  int64_t offset_minutes = 0;
  if (timezone.IsString()) {
    int64_t offset = std::strtoll(timezone.str().c_str(), nullptr, 10);
    offset_hours = FloorDiv(offset, 100);
    offset_minutes = offset % 100;
  }
  static const auto* kIso = new std::vector<Marker>(
      AnalyseDateTimePicture("[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"));
  std::vector<Marker> parsed;
  const std::vector<Marker>* spec = kIso;
  if (picture.IsString()) {
    parsed = AnalyseDateTimePicture(picture.str());
    spec = &parsed;
  }
  Date date(millis + (60 * offset_hours + offset_minutes) * 60000);
  std::string out;
  for (const Marker& m : *spec) {
    out += m.literal ? m.value : FormatComponent(date, m, offset_hours, offset_minutes);
  }
  return out;
}

}  // namespace tern::asl::jsonata::detail
