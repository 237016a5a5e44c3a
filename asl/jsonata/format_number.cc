// $formatNumber: XPath F&O 3.1 format-number (§4.7), ported from the reference's
// functions.js formatNumber. Works on code points so that the digit family may start at any
// zero digit (e.g. U+0660) and the per-mille sign (U+2030) is one character.
#include <cmath>
#include <cstdio>
#include <numeric>

#include "asl/jsonata/errors.h"
#include "asl/jsonata/library.h"
#include "asl/jsonata/utf8.h"

namespace tern::asl::jsonata {
namespace {

using U32 = std::u32string;

U32 ToU32(const std::string& s) {
  U32 out;
  for (uint32_t cp : ToCodePoints(s)) out.push_back(static_cast<char32_t>(cp));
  return out;
}

std::string ToUtf8(const U32& s) {
  std::string out;
  for (char32_t c : s) AppendUtf8(&out, static_cast<uint32_t>(c));
  return out;
}

struct Properties {
  char32_t decimal = U'.';
  char32_t grouping = U',';
  char32_t exponent = U'e';
  char32_t minus = U'-';
  char32_t percent = U'%';
  char32_t per_mille = U'\u2030';
  char32_t zero = U'0';
  char32_t digit = U'#';
  char32_t pattern = U';';
  bool IsFamily(char32_t c) const { return c >= zero && c < zero + 10; }
  bool IsActive(char32_t c) const {
    return IsFamily(c) || c == decimal || c == exponent || c == grouping || c == digit ||
           c == pattern;
  }
};

struct Parts {
  U32 prefix, suffix, active, mantissa, integer, fractional, subpicture;
  bool has_exponent = false;
  U32 exponent;
};

struct Pic {
  std::vector<size_t> integer_grouping;
  size_t regular = 0;
  int min_integer = 0;
  int scaling = 0;
  std::vector<size_t> fractional_grouping;
  int min_fraction = 0;
  int max_fraction = 0;
  int min_exponent = 0;
  U32 prefix, suffix, picture;
};

size_t Count(const U32& s, char32_t c) {
  size_t n = 0;
  for (char32_t x : s) n += x == c;
  return n;
}

Parts SplitParts(const U32& sub, const Properties& p) {
  Parts parts;
  parts.subpicture = sub;
  size_t prefix_len = sub.size();
  for (size_t i = 0; i < sub.size(); ++i) {
    if (p.IsActive(sub[i]) && sub[i] != p.exponent) {
      prefix_len = i;
      break;
    }
  }
  size_t suffix_start = sub.size();
  for (size_t i = sub.size(); i-- > 0;) {
    if (p.IsActive(sub[i]) && sub[i] != p.exponent) {
      suffix_start = i + 1;
      break;
    }
  }
  if (prefix_len == sub.size()) ThrowError("D3086");  // no active character at all
  parts.prefix = sub.substr(0, prefix_len);
  parts.suffix = suffix_start >= prefix_len ? sub.substr(suffix_start) : U32();
  size_t active_len = sub.size() - parts.prefix.size() - parts.suffix.size();
  parts.active = sub.substr(parts.prefix.size(), active_len);
  size_t exp_pos = sub.find(p.exponent, parts.prefix.size());
  if (exp_pos == U32::npos || exp_pos > sub.size() - parts.suffix.size()) {
    parts.mantissa = parts.active;
  } else {
    parts.mantissa = parts.active.substr(0, std::min(exp_pos, parts.active.size()));
    parts.has_exponent = true;
    parts.exponent = exp_pos + 1 <= parts.active.size() ? parts.active.substr(exp_pos + 1) : U32();
  }
  size_t dec = parts.mantissa.find(p.decimal);
  if (dec == U32::npos) {
    parts.integer = parts.mantissa;
    parts.fractional = parts.suffix;
  } else {
    parts.integer = parts.mantissa.substr(0, dec);
    parts.fractional = parts.mantissa.substr(dec + 1);
  }
  return parts;
}

void Validate(const Parts& parts, const Properties& p) {
  const U32& sub = parts.subpicture;
  std::string error;
  if (Count(sub, p.decimal) > 1) error = "D3081";
  if (Count(sub, p.percent) > 1) error = "D3082";
  if (Count(sub, p.per_mille) > 1) error = "D3083";
  if (Count(sub, p.percent) > 0 && Count(sub, p.per_mille) > 0) error = "D3084";
  bool valid = false;
  for (char32_t c : parts.mantissa) valid = valid || p.IsFamily(c) || c == p.digit;
  if (!valid) error = "D3085";
  for (char32_t c : parts.active) {
    if (!p.IsActive(c)) error = "D3086";
  }
  size_t dec = sub.find(p.decimal);
  if (dec != U32::npos) {
    if ((dec > 0 && sub[dec - 1] == p.grouping) ||
        (dec + 1 < sub.size() && sub[dec + 1] == p.grouping)) {
      error = "D3087";
    }
  } else if (!parts.integer.empty() && parts.integer.back() == p.grouping) {
    error = "D3088";
  }
  U32 double_group{p.grouping, p.grouping};
  if (sub.find(double_group) != U32::npos) error = "D3089";
  size_t opt = parts.integer.find(p.digit);
  if (opt != U32::npos) {
    for (size_t i = 0; i < opt; ++i) {
      if (p.IsFamily(parts.integer[i])) error = "D3090";
    }
  }
  opt = parts.fractional.rfind(p.digit);
  if (opt != U32::npos) {
    for (size_t i = opt; i < parts.fractional.size(); ++i) {
      if (p.IsFamily(parts.fractional[i])) error = "D3091";
    }
  }
  if (parts.has_exponent && !parts.exponent.empty() &&
      (Count(sub, p.percent) > 0 || Count(sub, p.per_mille) > 0)) {
    error = "D3092";
  }
  if (parts.has_exponent) {
    bool bad = parts.exponent.empty();
    for (char32_t c : parts.exponent) bad = bad || !p.IsFamily(c);
    if (bad) error = "D3093";
  }
  if (!error.empty()) ThrowError(error);
}

std::vector<size_t> GroupingPositions(const U32& part, bool to_left, const U32& integer,
                                      const Properties& p) {
  std::vector<size_t> positions;
  size_t pos = part.find(p.grouping);
  while (pos != U32::npos) {
    U32 side = to_left ? part.substr(0, pos) : part.substr(pos);
    size_t n = 0;
    for (char32_t c : side) n += p.IsFamily(c) || c == p.digit;
    positions.push_back(n);
    pos = integer.find(p.grouping, pos + 1);
  }
  return positions;
}

Pic Analyse(const Parts& parts, const Properties& p) {
  Pic pic;
  pic.integer_grouping = GroupingPositions(parts.integer, false, parts.integer, p);
  if (!pic.integer_grouping.empty()) {
    size_t factor = 0;
    for (size_t pos : pic.integer_grouping) factor = std::gcd(factor, pos);
    bool regular = factor > 0;
    for (size_t i = 1; regular && i <= pic.integer_grouping.size(); ++i) {
      regular = std::find(pic.integer_grouping.begin(), pic.integer_grouping.end(), i * factor) !=
                pic.integer_grouping.end();
    }
    pic.regular = regular ? factor : 0;
  }
  pic.fractional_grouping = GroupingPositions(parts.fractional, true, parts.integer, p);
  for (char32_t c : parts.integer) pic.min_integer += p.IsFamily(c);
  pic.scaling = pic.min_integer;
  for (char32_t c : parts.fractional) {
    pic.min_fraction += p.IsFamily(c);
    pic.max_fraction += p.IsFamily(c) || c == p.digit;
  }
  if (pic.min_integer == 0 && pic.max_fraction == 0) {
    if (parts.has_exponent) {
      pic.min_fraction = 1;
      pic.max_fraction = 1;
    } else {
      pic.min_integer = 1;
    }
  }
  if (parts.has_exponent && pic.min_integer == 0 && parts.integer.find(p.digit) != U32::npos) {
    pic.min_integer = 1;
  }
  if (pic.min_integer == 0 && pic.min_fraction == 0) pic.min_fraction = 1;
  if (parts.has_exponent) {
    for (char32_t c : parts.exponent) pic.min_exponent += p.IsFamily(c);
  }
  pic.prefix = parts.prefix;
  pic.suffix = parts.suffix;
  pic.picture = parts.subpicture;
  return pic;
}

U32 MakeString(double value, int dp, const Properties& p) {
  char buf[400];
  std::snprintf(buf, sizeof(buf), "%.*f", dp, std::fabs(value));
  U32 out;
  for (const char* c = buf; *c != 0; ++c) {
    out.push_back(*c >= '0' && *c <= '9' ? static_cast<char32_t>(p.zero + (*c - '0'))
                                         : static_cast<char32_t>(*c));
  }
  return out;
}

char32_t FirstChar(const Value& options, const char* key, char32_t fallback) {
  Value v = options.Get(key);
  if (!v.IsString() || v.str().empty()) return fallback;
  return ToU32(v.str())[0];
}

Value FnFormatNumber(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  const double value = args[0].number();
  Properties p;
  const Value& options = Arg(args, 2);
  if (options.IsObject()) {
    p.decimal = FirstChar(options, "decimal-separator", p.decimal);
    p.grouping = FirstChar(options, "grouping-separator", p.grouping);
    p.exponent = FirstChar(options, "exponent-separator", p.exponent);
    p.minus = FirstChar(options, "minus-sign", p.minus);
    p.percent = FirstChar(options, "percent", p.percent);
    p.per_mille = FirstChar(options, "per-mille", p.per_mille);
    p.zero = FirstChar(options, "zero-digit", p.zero);
    p.digit = FirstChar(options, "digit", p.digit);
    p.pattern = FirstChar(options, "pattern-separator", p.pattern);
  }
  U32 picture = ToU32(Arg(args, 1).IsString() ? args[1].str() : "");
  std::vector<U32> subs;
  size_t start = 0;
  for (;;) {
    size_t sep = picture.find(p.pattern, start);
    subs.push_back(picture.substr(start, sep == U32::npos ? U32::npos : sep - start));
    if (sep == U32::npos) break;
    start = sep + 1;
  }
  if (subs.size() > 2) ThrowError("D3080");
  std::vector<Parts> parts;
  for (const U32& s : subs) parts.push_back(SplitParts(s, p));
  for (const Parts& part : parts) Validate(part, p);
  std::vector<Pic> pics;
  for (const Parts& part : parts) pics.push_back(Analyse(part, p));
  if (pics.size() == 1) {
    pics.push_back(pics[0]);
    pics[1].prefix = U32(1, p.minus) + pics[1].prefix;
  }
  const Pic& pic = value >= 0 ? pics[0] : pics[1];
  double adjusted = value;
  if (pic.picture.find(p.percent) != U32::npos) {
    adjusted = value * 100;
  } else if (pic.picture.find(p.per_mille) != U32::npos) {
    adjusted = value * 1000;
  }
  double mantissa = adjusted;
  bool has_exponent = false;
  int exponent = 0;
  if (pic.min_exponent != 0) {
    has_exponent = true;
    double max_m = std::pow(10, pic.scaling);
    double min_m = std::pow(10, pic.scaling - 1);
    while (mantissa < min_m) {
      mantissa *= 10;
      exponent -= 1;
    }
    while (mantissa > max_m) {
      mantissa /= 10;
      exponent += 1;
    }
  }
  double rounded = RoundHalfEven(mantissa, pic.max_fraction);
  U32 s = MakeString(rounded, pic.max_fraction, p);
  size_t dot = s.find(U'.');
  if (dot == U32::npos) {
    s.push_back(p.decimal);
  } else {
    s[dot] = p.decimal;
  }
  while (!s.empty() && s.front() == p.zero) s.erase(0, 1);
  while (!s.empty() && s.back() == p.zero) s.pop_back();
  size_t dec = s.find(p.decimal);
  int pad_left = pic.min_integer - static_cast<int>(dec);
  int pad_right = pic.min_fraction - static_cast<int>(s.size() - dec - 1);
  if (pad_left > 0) s = U32(static_cast<size_t>(pad_left), p.zero) + s;
  if (pad_right > 0) s += U32(static_cast<size_t>(pad_right), p.zero);
  dec = s.find(p.decimal);
  if (pic.regular > 0) {
    size_t groups = dec > 0 ? (dec - 1) / pic.regular : 0;
    for (size_t g = 1; g <= groups; ++g) s.insert(dec - g * pic.regular, 1, p.grouping);
  } else {
    for (size_t pos : pic.integer_grouping) {
      if (pos <= dec) s.insert(dec - pos, 1, p.grouping);
      ++dec;
    }
  }
  dec = s.find(p.decimal);
  for (size_t pos : pic.fractional_grouping) {
    if (pos + dec + 1 <= s.size()) s.insert(pos + dec + 1, 1, p.grouping);
  }
  dec = s.find(p.decimal);
  if (dec == s.size() - 1) s.pop_back();
  if (has_exponent) {
    U32 exp = MakeString(exponent, 0, p);
    int pad = pic.min_exponent - static_cast<int>(exp.size());
    if (pad > 0) exp = U32(static_cast<size_t>(pad), p.zero) + exp;
    s.push_back(p.exponent);
    if (exponent < 0) s.push_back(p.minus);
    s += exp;
  }
  return Value::String(ToUtf8(pic.prefix + s + pic.suffix));
}

}  // namespace

void RegisterFormatFunctions(FunctionTable* t) {
  t->Add("formatNumber", "<n-so?:s>", FnFormatNumber, 3);
}

}  // namespace tern::asl::jsonata
