// Date/time functions: $now $millis $fromMillis $toMillis $formatInteger $parseInteger, and
// the parsing half of picture strings (formatting is in date_time_picture.cc), ported from the
// reference's datetime.js. All arithmetic is on UTC epoch milliseconds; the only time zone is
// the explicit offset argument.
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <optional>

#include "asl/jsonata/date_time_picture.h"
#include "asl/jsonata/errors.h"
#include "asl/jsonata/integer_format.h"
#include "asl/jsonata/library.h"
#include "asl/jsonata/regex_runner.h"
#include "asl/jsonata/std_regex.h"

namespace tern::asl::jsonata {
namespace {

using detail::AnalyseDateTimePicture;
using detail::Date;
using detail::FormatDateTime;
using detail::Fragment;
using detail::kDays;
using detail::kMillisPerDay;
using detail::kMonths;
using detail::Marker;
using detail::Utc;

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
  return Value::String(FormatInteger(static_cast<int64_t>(std::floor(args[0].number())), format));
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
