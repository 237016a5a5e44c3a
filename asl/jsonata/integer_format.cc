#include "asl/jsonata/integer_format.h"

#include <cmath>
#include <map>
#include <numeric>

#include "asl/jsonata/errors.h"
#include "asl/jsonata/std_regex.h"
#include "asl/jsonata/utf8.h"

namespace tern::asl::jsonata {
namespace {

const char* const kFew[] = {"Zero",    "One",     "Two",       "Three",    "Four",
                            "Five",    "Six",     "Seven",     "Eight",    "Nine",
                            "Ten",     "Eleven",  "Twelve",    "Thirteen", "Fourteen",
                            "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"};
const char* const kOrdinals[] = {
    "Zeroth",     "First",     "Second",    "Third",       "Fourth",     "Fifth",     "Sixth",
    "Seventh",    "Eighth",    "Ninth",     "Tenth",       "Eleventh",   "Twelfth",   "Thirteenth",
    "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth"};
const char* const kDecades[] = {"Twenty",  "Thirty", "Forty",  "Fifty",  "Sixty",
                                "Seventy", "Eighty", "Ninety", "Hundred"};
const char* const kMagnitudes[] = {"Thousand", "Million", "Billion", "Trillion"};

const uint32_t kDecimalGroups[] = {0x30,   0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6,
                                   0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0,
                                   0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
                                   0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900,
                                   0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10};

std::string Lookup(int64_t num, bool prev, bool ord) {
  std::string words;
  if (num <= 19) {
    words = std::string(prev ? " and " : "") + (ord ? kOrdinals[num] : kFew[num]);
  } else if (num < 100) {
    int64_t tens = num / 10;
    int64_t remainder = num % 10;
    words = std::string(prev ? " and " : "") + kDecades[tens - 2];
    if (remainder > 0) {
      words += "-" + Lookup(remainder, false, ord);
    } else if (ord) {
      words = words.substr(0, words.size() - 1) + "ieth";
    }
  } else if (num < 1000) {
    int64_t hundreds = num / 100;
    int64_t remainder = num % 100;
    words = std::string(prev ? ", " : "") + kFew[hundreds] + " Hundred";
    if (remainder > 0) {
      words += Lookup(remainder, true, ord);
    } else if (ord) {
      words += "th";
    }
  } else {
    int mag = static_cast<int>(std::floor(std::log10(static_cast<double>(num)) / 3));
    if (mag > 4) mag = 4;
    auto factor = static_cast<int64_t>(std::pow(10, mag * 3));
    int64_t mant = num / factor;
    int64_t remainder = num - mant * factor;
    words = std::string(prev ? ", " : "") + Lookup(mant, false, false) + " " + kMagnitudes[mag - 1];
    if (remainder > 0) {
      words += Lookup(remainder, true, ord);
    } else if (ord) {
      words += "th";
    }
  }
  return words;
}

const std::map<std::string, int64_t>& WordValues() {
  static const auto* values = [] {
    auto* m = new std::map<std::string, int64_t>();
    auto lower = [](std::string s) {
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    for (int i = 0; i < 20; ++i) (*m)[lower(kFew[i])] = i;
    for (int i = 0; i < 20; ++i) (*m)[lower(kOrdinals[i])] = i;
    for (int i = 0; i < 9; ++i) {
      std::string w = lower(kDecades[i]);
      (*m)[w] = (i + 2) * 10;
      (*m)[w.substr(0, w.size() - 1) + "ieth"] = (i + 2) * 10;
    }
    (*m)["hundredth"] = 100;
    for (int i = 0; i < 4; ++i) {
      std::string w = lower(kMagnitudes[i]);
      auto v = static_cast<int64_t>(std::pow(10, (i + 1) * 3));
      (*m)[w] = v;
      (*m)[w + "th"] = v;
    }
    return m;
  }();
  return *values;
}

int64_t WordsToNumber(const std::string& text) {
  static const std::regex kSplit(",\\s|\\sand\\s|[\\s\\-]");
  std::vector<int64_t> segs{0};
  for (std::sregex_token_iterator it(text.begin(), text.end(), kSplit, -1), end; it != end; ++it) {
    auto found = WordValues().find(it->str());
    if (found == WordValues().end()) continue;
    int64_t value = found->second;
    if (value < 100) {
      int64_t top = segs.back();
      segs.pop_back();
      if (top >= 1000) {
        segs.push_back(top);
        top = 0;
      }
      segs.push_back(top + value);
    } else {
      int64_t top = segs.back();
      segs.pop_back();
      segs.push_back(top * value);
    }
  }
  return std::accumulate(segs.begin(), segs.end(), int64_t{0});
}

std::string DecimalToRoman(int64_t value) {
  static const std::pair<int, const char*> kNumerals[] = {
      {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
      {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
  std::string out;
  while (value > 0) {
    for (const auto& [n, s] : kNumerals) {
      if (value >= n) {
        out += s;
        value -= n;
        break;
      }
    }
  }
  return out;
}

int64_t RomanToDecimal(const std::string& roman) {
  auto value_of = [](char c) -> int64_t {
    switch (std::toupper(static_cast<unsigned char>(c))) {
      case 'M':
        return 1000;
      case 'D':
        return 500;
      case 'C':
        return 100;
      case 'L':
        return 50;
      case 'X':
        return 10;
      case 'V':
        return 5;
      case 'I':
        return 1;
      default:
        return 0;
    }
  };
  int64_t decimal = 0;
  int64_t max = 1;
  for (size_t i = roman.size(); i-- > 0;) {
    int64_t v = value_of(roman[i]);
    if (v < max) {
      decimal -= v;
    } else {
      max = v;
      decimal += v;
    }
  }
  return decimal;
}

std::string DecimalToLetters(int64_t value, char a) {
  std::string letters;
  while (value > 0) {
    letters.insert(letters.begin(), static_cast<char>((value - 1) % 26 + a));
    value = (value - 1) / 26;
  }
  return letters;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string NumberToWords(int64_t value, bool ordinal) { return Lookup(value, false, ordinal); }

IntegerFormat AnalyseIntegerPicture(const std::string& picture) {
  IntegerFormat format;
  std::string primary = picture;
  size_t semicolon = picture.rfind(';');
  if (semicolon != std::string::npos) {
    primary = picture.substr(0, semicolon);
    std::string modifier = picture.substr(semicolon + 1);
    if (!modifier.empty() && modifier[0] == 'o') format.ordinal = true;
  }
  using P = IntegerFormat::Primary;
  using C = IntegerFormat::Case;
  if (primary == "A" || primary == "a") {
    format.primary = P::kLetters;
    format.letter_case = primary == "A" ? C::kUpper : C::kLower;
    return format;
  }
  if (primary == "I" || primary == "i") {
    format.primary = P::kRoman;
    format.letter_case = primary == "I" ? C::kUpper : C::kLower;
    return format;
  }
  if (primary == "W" || primary == "Ww" || primary == "w") {
    format.primary = P::kWords;
    format.letter_case = primary == "W" ? C::kUpper : primary == "Ww" ? C::kTitle : C::kLower;
    return format;
  }
  std::vector<uint32_t> cps = ToCodePoints(primary);
  bool have_zero = false;
  size_t position = 0;
  std::vector<IntegerFormat::Separator> separators;
  for (size_t i = cps.size(); i-- > 0;) {
    uint32_t cp = cps[i];
    bool digit = false;
    for (uint32_t group : kDecimalGroups) {
      if (cp >= group && cp <= group + 9) {
        digit = true;
        ++format.mandatory_digits;
        ++position;
        if (!have_zero) {
          format.zero_code = group;
          have_zero = true;
        } else if (group != format.zero_code) {
          ThrowError("D3131");
        }
        break;
      }
    }
    if (digit) continue;
    if (cp == '#') {
      ++position;
      ++format.optional_digits;
    } else {
      std::string ch;
      AppendUtf8(&ch, cp);
      separators.push_back({position, ch});
    }
  }
  if (format.mandatory_digits == 0) {
    format.primary = P::kSequence;
    format.token = primary;
    return format;
  }
  format.primary = P::kDecimal;
  size_t factor = 0;
  bool regular = !separators.empty();
  for (const auto& s : separators) {
    regular = regular && s.character == separators[0].character;
    factor = std::gcd(factor, s.position);
  }
  for (size_t i = 1; regular && i <= separators.size(); ++i) {
    bool found = false;
    for (const auto& s : separators) found = found || s.position == i * factor;
    regular = found;
  }
  if (regular && factor > 0) {
    format.regular = true;
    format.separators = {{factor, separators[0].character}};
  } else {
    format.separators = separators;
  }
  return format;
}

std::string FormatInteger(int64_t value, const IntegerFormat& format) {
  using P = IntegerFormat::Primary;
  using C = IntegerFormat::Case;
  const bool negative = value < 0;
  value = value < 0 ? -value : value;
  std::string out;
  switch (format.primary) {
    case P::kLetters:
      out = DecimalToLetters(value, format.letter_case == C::kUpper ? 'A' : 'a');
      break;
    case P::kRoman:
      out = DecimalToRoman(value);
      if (format.letter_case == C::kUpper) out = Upper(out);
      break;
    case P::kWords:
      out = NumberToWords(value, format.ordinal);
      if (format.letter_case == C::kUpper) {
        out = Upper(out);
      } else if (format.letter_case == C::kLower) {
        out = Lower(out);
      }
      break;
    case P::kDecimal: {
      std::string digits = std::to_string(value);
      int pad = format.mandatory_digits - static_cast<int>(digits.size());
      if (pad > 0) digits = std::string(static_cast<size_t>(pad), '0') + digits;
      // Work on code points: the digit family and separators may be non-ASCII.
      std::vector<std::string> chars;
      for (char d : digits) {
        std::string c;
        AppendUtf8(&c, static_cast<uint32_t>(d - '0') + format.zero_code);
        chars.push_back(c);
      }
      if (format.regular) {
        const size_t every = format.separators[0].position;
        size_t n = (chars.size() - 1) / every;
        for (size_t g = n; g > 0; --g) {
          size_t pos = chars.size() - g * every;
          chars.insert(chars.begin() + static_cast<std::ptrdiff_t>(pos),
                       format.separators[0].character);
        }
      } else {
        for (auto it = format.separators.rbegin(); it != format.separators.rend(); ++it) {
          if (it->position > chars.size()) continue;
          size_t pos = chars.size() - it->position;
          chars.insert(chars.begin() + static_cast<std::ptrdiff_t>(pos), it->character);
        }
      }
      for (const auto& c : chars) out += c;
      if (format.ordinal) {
        char last = out.empty() ? '0' : out.back();
        char before = out.size() > 1 ? out[out.size() - 2] : '0';
        const char* suffix = "th";
        if (before != '1') {
          if (last == '1') suffix = "st";
          if (last == '2') suffix = "nd";
          if (last == '3') suffix = "rd";
        }
        out += suffix;
      }
      break;
    }
    case P::kSequence:
      ThrowError("D3130", -1, "", format.token);
  }
  return negative ? "-" + out : out;
}

std::string IntegerRegex(const IntegerFormat& format) {
  using P = IntegerFormat::Primary;
  const bool upper = format.letter_case == IntegerFormat::Case::kUpper;
  switch (format.primary) {
    case P::kLetters:
      return upper ? "[A-Z]+" : "[a-z]+";
    case P::kRoman:
      return upper ? "[MDCLXVI]+" : "[mdclxvi]+";
    case P::kWords: {
      std::string re = "(?:";
      for (const auto& [word, value] : WordValues()) re += word + "|";
      return re + "and|[\\-, ])+";
    }
    case P::kDecimal:
      return format.ordinal ? "[0-9]+(?:th|st|nd|rd)" : "[0-9]+";
    case P::kSequence:
      ThrowError("D3130", -1, "", format.token);
  }
  return "";
}

int64_t ParseFormattedInteger(const std::string& text, const IntegerFormat& format) {
  using P = IntegerFormat::Primary;
  switch (format.primary) {
    case P::kLetters: {
      char a = format.letter_case == IntegerFormat::Case::kUpper ? 'A' : 'a';
      int64_t decimal = 0;
      for (size_t i = 0; i < text.size(); ++i) {
        decimal += (text[text.size() - i - 1] - a + 1) * static_cast<int64_t>(std::pow(26, i));
      }
      return decimal;
    }
    case P::kRoman:
      return RomanToDecimal(text);
    case P::kWords:
      return WordsToNumber(Lower(text));
    case P::kDecimal: {
      std::string digits =
          format.ordinal && text.size() >= 2 ? text.substr(0, text.size() - 2) : text;
      std::string clean;
      for (uint32_t cp : ToCodePoints(digits)) {
        if (cp >= format.zero_code && cp <= format.zero_code + 9) {
          clean += static_cast<char>('0' + (cp - format.zero_code));
        } else if (cp >= '0' && cp <= '9') {
          clean += static_cast<char>(cp);
        }
      }
      return clean.empty() ? 0 : std::stoll(clean);
    }
    case P::kSequence:
      ThrowError("D3130", -1, "", format.token);
  }
  return 0;
}

}  // namespace tern::asl::jsonata
