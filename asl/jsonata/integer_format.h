// Integer pictures (XPath F&O §4.6.1 format-integer), shared by $formatInteger,
// $parseInteger and the date/time components: decimal digit patterns with grouping, letters,
// roman numerals and English words, with ordinals. Ported from the reference's datetime.js.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tern::asl::jsonata {

struct IntegerFormat {
  enum class Primary { kDecimal, kLetters, kRoman, kWords, kSequence };
  enum class Case { kLower, kUpper, kTitle };
  struct Separator {
    size_t position = 0;
    std::string character;
  };
  Primary primary = Primary::kDecimal;
  Case letter_case = Case::kLower;
  bool ordinal = false;
  uint32_t zero_code = 0x30;
  int mandatory_digits = 0;
  int optional_digits = 0;
  bool regular = false;
  std::vector<Separator> separators;  // when regular: one entry, position = the interval
  std::string token;                  // kSequence: the unsupported picture
};

// Throws D3131 (mixed digit families).
IntegerFormat AnalyseIntegerPicture(const std::string& picture);
// Throws D3130 for an unsupported numbering sequence.
std::string FormatInteger(int64_t value, const IntegerFormat& format);
// The regex (ECMAScript) that matches what FormatInteger produces, and its inverse.
std::string IntegerRegex(const IntegerFormat& format);
int64_t ParseFormattedInteger(const std::string& text, const IntegerFormat& format);

std::string NumberToWords(int64_t value, bool ordinal);

}  // namespace tern::asl::jsonata
