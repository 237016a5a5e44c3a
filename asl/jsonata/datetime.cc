// Date/time functions: $now $millis $fromMillis $toMillis $formatInteger $parseInteger, with
// XPath F&O §9.8 picture strings, ported from the reference's datetime.js. All arithmetic is
// on UTC epoch milliseconds; the only time zone is the explicit offset argument.
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include "asl/jsonata/std_regex.h"

#include "asl/jsonata/errors.h"
#include "asl/jsonata/regex_runner.h"
#include "asl/jsonata/integer_format.h"
#include "asl/jsonata/library.h"

namespace tern::asl::jsonata {
namespace {

constexpr int64_t kMillisPerDay = 86400000;

const char* const kDays[] = {"",         "Monday", "Tuesday",  "Wednesday",
                             "Thursday", "Friday", "Saturday", "Sunday"};
const char* const kMonths[] = {"January", "February", "March",     "April",
                               "May",     "June",     "July",      "August",
                               "September", "October", "November", "December"};

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
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
int64_t Utc(int64_t year, int64_t month, int64_t day = 1, int64_t h = 0, int64_t mi = 0,
            int64_t s = 0, int64_t ms = 0) {
  year += FloorDiv(month, 12);
  month -= FloorDiv(month, 12) * 12;
  int64_t days = DaysFromCivil(year, month + 1, 1) + day - 1;
  return days * kMillisPerDay + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

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

int64_t StartOfFirstWeek(int64_t year, int64_t month) {
  int64_t first = Utc(year, month);
  int day = Date(first).weekday;
  if (day == 0) day = 7;
  return day > 4 ? first + (8 - day) * kMillisPerDay : first - (day - 1) * kMillisPerDay;
}

double DeltaWeeks(int64_t start, int64_t end) {
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

enum class Names { kNone, kLower, kUpper, kTitle };

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

std::string DefaultPresentation(char component) {
  switch (component) {
    case 'Y': case 'M': case 'D': case 'd': case 'W': case 'w': case 'X': case 'x':
    case 'H': case 'h': case 'f':
      return "1";
    case 'F': case 'P': case 'C': case 'E':
      return "n";
    case 'm': case 's':
      return "01";
    case 'Z': case 'z':
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

std::string ApplyNames(std::string s, Names names) {
  for (char& c : s) {
    if (names == Names::kUpper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (names == Names::kLower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

std::string FormatComponent(const Date& date, const Marker& m, int64_t offset_hours,
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
  static const auto* kIso =
      new std::vector<Marker>(AnalyseDateTimePicture("[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"));
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

std::string EscapeRegex(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::strchr(".*+?^${}()|[]\\", c) != nullptr && c != 0) out += '\\';
    out += c;
  }
  return out;
}

struct ParsePart {
  std::string regex;
  char component = 0;
  std::function<std::optional<int64_t>(const std::string&)> parse;
};

std::optional<double> ParseDateTime(Evaluator& ev, const std::string& timestamp,
                                    const std::string& picture) {
  std::vector<Marker> spec = AnalyseDateTimePicture(picture);
  std::vector<ParsePart> parts;
  for (const Marker& m : spec) {
    ParsePart part;
    part.component = m.component;
    if (m.literal) {
      part.regex = EscapeRegex(m.value);
    } else if (m.component == 'Z' || m.component == 'z') {
      std::string separator;
      if (m.integer_format.regular) separator = m.integer_format.separators[0].character;
      part.regex = m.component == 'z' ? "GMT" : "";
      part.regex += "[-+][0-9]+";
      if (!separator.empty()) part.regex += EscapeRegex(separator) + "[0-9]+";
      const bool gmt = m.component == 'z';
      part.parse = [separator, gmt](const std::string& text) -> std::optional<int64_t> {
        std::string v = gmt ? text.substr(3) : text;
        int64_t hours = 0;
        int64_t minutes = 0;
        if (!separator.empty()) {
          size_t at = v.find(separator);
          hours = std::strtoll(v.substr(0, at).c_str(), nullptr, 10);
          minutes = std::strtoll(v.substr(at + separator.size()).c_str(), nullptr, 10);
        } else if (v.size() - 1 <= 2) {
          hours = std::strtoll(v.c_str(), nullptr, 10);
        } else {
          hours = std::strtoll(v.substr(0, 3).c_str(), nullptr, 10);
          minutes = std::strtoll(v.substr(3).c_str(), nullptr, 10);
        }
        return hours * 60 + minutes;
      };
    } else if (m.has_integer_format) {
      IntegerFormat format = m.integer_format;
      part.regex = IntegerRegex(format);
      // Digits of adjacent markers ("[Y0001][M01]") cannot be told apart by a greedy
      // [0-9]+, so a fixed-width decimal picture followed by another marker matches exactly
      // its width.
      const size_t index = &m - spec.data();
      const bool next_is_marker = index + 1 < spec.size() && !spec[index + 1].literal;
      if (next_is_marker && format.primary == IntegerFormat::Primary::kDecimal &&
          format.optional_digits == 0 && format.separators.empty() && !format.ordinal &&
          format.mandatory_digits >= 1) {
        part.regex = "[0-9]{" + std::to_string(format.mandatory_digits) + "}";
      }
      if (m.component == 'f') {
        // Fractional seconds: the digits are a fraction, truncated to milliseconds.
        part.regex = "[0-9]+";
        part.parse = [](const std::string& text) -> std::optional<int64_t> {
          return std::stoll((text + "000").substr(0, 3));
        };
      } else {
        part.parse = [format](const std::string& text) -> std::optional<int64_t> {
          return ParseFormattedInteger(text, format);
        };
      }
    } else {
      part.regex = "[a-zA-Z]+";
      std::vector<std::pair<std::string, int64_t>> lookup;
      auto cut = [&](const std::string& name) {
        return m.width_max > 0 ? name.substr(0, static_cast<size_t>(m.width_max)) : name;
      };
      if (m.component == 'M' || m.component == 'x') {
        for (int i = 0; i < 12; ++i) lookup.emplace_back(cut(kMonths[i]), i + 1);
      } else if (m.component == 'F') {
        for (int i = 1; i < 8; ++i) lookup.emplace_back(cut(kDays[i]), i);
      } else if (m.component == 'P') {
        lookup = {{"am", 0}, {"AM", 0}, {"pm", 1}, {"PM", 1}};
      } else {
        ThrowError("D3133", -1, "", std::string(1, m.component));
      }
      part.parse = [lookup](const std::string& text) -> std::optional<int64_t> {
        for (const auto& [name, value] : lookup) {
          if (name == text) return value;
        }
        return std::nullopt;
      };
    }
    parts.push_back(std::move(part));
  }
  std::string full = "^";
  for (const auto& p : parts) full += "(" + p.regex + ")";
  full += "$";
  std::regex re(full, std::regex::ECMAScript | std::regex::icase);
  std::smatch info;
  if (!RegexMatch(timestamp, info, re)) return std::nullopt;
  std::map<char, std::optional<int64_t>> components;
  for (size_t i = 1; i < info.size(); ++i) {
    const ParsePart& p = parts[i - 1];
    if (p.parse) components[p.component] = p.parse(info.str(i));
  }
  if (components.empty()) return std::nullopt;
  auto has = [&](char c) {
    auto it = components.find(c);
    return it != components.end() && it->second.has_value();
  };
  int mask = 0;
  auto is_type = [&](int type) { return !(~type & mask) && (type & mask) != 0; };
  for (char c : std::string("YXMxWwdD")) mask = (mask << 1) + (has(c) ? 1 : 0);
  const bool date_a = is_type(161);
  const bool date_b = !date_a && is_type(130);
  const bool date_c = is_type(84);
  const bool date_d = !date_c && is_type(72);
  mask = 0;
  for (char c : std::string("PHhmsf")) mask = (mask << 1) + (has(c) ? 1 : 0);
  const bool time_a = is_type(23);
  const bool time_b = !time_a && is_type(47);
  std::string comps = date_b ? "YB" : date_c ? "XxwF" : date_d ? "XWF" : "YMD";
  comps += time_b ? "Phmsf" : "Hmsf";
  Date now(ev.now_millis());
  bool start_specified = false;
  bool end_specified = false;
  for (char c : comps) {
    if (!has(c)) {
      if (start_specified) {
        components[c] = std::string("MDd").find(c) != std::string::npos ? 1 : 0;
        end_specified = true;
      } else {
        components[c] = Fragment(now, c, nullptr);
      }
    } else {
      start_specified = true;
      if (end_specified) ThrowError("D3136");
    }
  }
  auto get = [&](char c) -> int64_t { return has(c) ? *components[c] : 0; };
  int64_t month = get('M') > 0 ? get('M') - 1 : 0;
  int64_t day = get('D');
  if (date_b) {
    Date derived(Utc(get('Y'), 0) + (get('d') - 1) * kMillisPerDay);
    month = derived.month;
    day = derived.day;
  }
  if (date_c || date_d) ThrowError("D3136");
  int64_t hour = get('H');
  if (time_b) {
    hour = get('h') == 12 ? 0 : get('h');
    if (get('P') == 1) hour += 12;
  }
  int64_t millis = Utc(get('Y'), month, day, hour, get('m'), get('s'), get('f'));
  if (has('Z') && get('Z') != 0) {
    millis -= get('Z') * 60000;
  } else if (has('z') && get('z') != 0) {
    millis -= get('z') * 60000;
  }
  return static_cast<double>(millis);
}

std::optional<double> ParseIso8601(const std::string& s) {
  static const std::regex kIso(
      "^(\\d{4})(-([01]\\d))?(-([0-3]\\d))?(T([0-2]\\d):([0-5]\\d):([0-5]\\d))?(\\.(\\d+))?"
      "(([+-])([0-2]\\d):?([0-5]\\d)|Z)?$");
  std::smatch m;
  if (!RegexMatch(s, m, kIso)) return std::nullopt;
  auto num = [&](int i) { return m[i].matched ? std::stoll(m.str(i)) : 0; };
  int64_t year = num(1);
  int64_t month = m[3].matched ? num(3) : 1;
  int64_t day = m[5].matched ? num(5) : 1;
  if (month < 1 || month > 12 || day < 1 || day > 31) return NAN;
  int64_t ms = 0;
  if (m[11].matched) {
    std::string frac = (m.str(11) + "00").substr(0, 3);
    ms = std::stoll(frac);
  }
  int64_t millis = Utc(year, month - 1, day, num(7), num(8), num(9), ms);
  if (m[13].matched) {
    int64_t offset = (num(14) * 60 + num(15)) * 60000;
    millis += m.str(13) == "+" ? -offset : offset;
  }
  return static_cast<double>(millis);
}

Value FnNow(Evaluator& ev, std::vector<Value>& args, const Value&) {
  return Value::String(FormatDateTime(ev.now_millis(), Arg(args, 0), Arg(args, 1)));
}

Value FnMillis(Evaluator& ev, std::vector<Value>&, const Value&) {
  return Value::Number(static_cast<double>(ev.now_millis()));
}

Value FnFromMillis(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  auto millis = static_cast<int64_t>(std::floor(args[0].number()));
  return Value::String(FormatDateTime(millis, Arg(args, 1), Arg(args, 2)));
}

Value FnToMillis(Evaluator& ev, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  const std::string& s = args[0].str();
  if (Arg(args, 1).IsUndefined()) {
    std::optional<double> millis = ParseIso8601(s);
    if (!millis) ThrowError("D3110", -1, "", s);
    if (std::isnan(*millis)) return Value();
    return Value::Number(*millis);
  }
  std::optional<double> millis = ParseDateTime(ev, s, args[1].str());
  if (!millis) return Value();
  return Value::Number(*millis);
}

Value FnFormatInteger(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  IntegerFormat format = AnalyseIntegerPicture(Arg(args, 1).IsString() ? args[1].str() : "");
  return Value::String(
      FormatInteger(static_cast<int64_t>(std::floor(args[0].number())), format));
}

Value FnParseInteger(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  IntegerFormat format = AnalyseIntegerPicture(Arg(args, 1).IsString() ? args[1].str() : "");
  return Value::Number(static_cast<double>(ParseFormattedInteger(args[0].str(), format)));
}

}  // namespace

void RegisterDateTimeFunctions(FunctionTable* t) {
  t->Add("now", "<s?s?:s>", FnNow, 2);
  t->Add("millis", "<:n>", FnMillis, 0);
  t->Add("fromMillis", "<n-s?s?:s>", FnFromMillis, 3);
  t->Add("toMillis", "<s-s?:n>", FnToMillis, 2);
  t->Add("formatInteger", "<n-s:s>", FnFormatInteger, 2);
  t->Add("parseInteger", "<s-s:n>", FnParseInteger, 2);
}

}  // namespace tern::asl::jsonata
