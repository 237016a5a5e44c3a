// The regular expression of a filter's `=~ /pattern/flags`, compiled once with the path. Kept
// behind this small interface so that <regex> is included in one file only (see
// filter_regex.cc for why).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace tern::asl::jsonpath::detail {

class FilterRegex {
 public:
  // Null with `error` set when `pattern` is not a valid ECMAScript regular expression.
  static std::shared_ptr<const FilterRegex> Compile(const std::string& pattern, bool ignore_case,
                                                    std::string& error);
  virtual ~FilterRegex() = default;
  // Whole-string match, as Jayway's Pattern.matcher(s).matches().
  virtual bool Matches(std::string_view text) const = 0;
};

}  // namespace tern::asl::jsonpath::detail
