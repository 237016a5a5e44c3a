#include "common/regex_repeats.h"

#include <cctype>

namespace tern {
namespace {

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Reads the digits at `pos` (advancing it); false when there are none.
bool ReadCount(std::string_view p, size_t& pos, std::string_view& digits) {
  const size_t start = pos;
  while (pos < p.size() && IsDigit(p[pos])) ++pos;
  digits = p.substr(start, pos - start);
  return !digits.empty();
}

bool TooLarge(std::string_view digits) {
  size_t first = digits.find_first_not_of('0');
  if (first == std::string_view::npos) return false;
  digits.remove_prefix(first);
  if (digits.size() > 6) return true;  // more than 999,999: no need to read it
  return std::stol(std::string(digits)) > kMaxRegexRepeat;
}

}  // namespace

std::string CheckRegexRepeats(std::string_view p) {
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\') {
      ++i;  // the escaped character is a literal
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
    } else if (c == '{') {
      size_t pos = i + 1;
      std::string_view low, high;
      if (!ReadCount(p, pos, low)) continue;  // not a repetition: a literal '{'
      if (pos < p.size() && p[pos] == ',') {
        ++pos;
        ReadCount(p, pos, high);
      }
      if (pos >= p.size() || p[pos] != '}') continue;
      for (std::string_view count : {low, high}) {
        if (TooLarge(count)) {
          return "the repetition count " + std::string(count) + " in '" + std::string(p) +
                 "' is too large (at most " + std::to_string(kMaxRegexRepeat) + ")";
        }
      }
      i = pos;
    }
  }
  return "";
}

}  // namespace tern
