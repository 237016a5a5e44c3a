#include "asl/jsonpath/detail/filter_regex.h"

#include "common/regex_repeats.h"

// GCC 12 reports a false -Wmaybe-uninitialized inside libstdc++'s <regex> when building with
// the sanitizers, which -Werror turns into a failed CI build; the warning is about the
// library's own code, so it is silenced for this header only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop

namespace tern::asl::jsonpath::detail {
namespace {

class StdFilterRegex : public FilterRegex {
 public:
  explicit StdFilterRegex(std::regex regex) : regex_(std::move(regex)) {}
  bool Matches(std::string_view text) const override {
    try {
      return std::regex_match(text.begin(), text.end(), regex_);
    } catch (const std::regex_error&) {
      return false;  // e.g. error_complexity on a pathological pattern: no match
    }
  }

 private:
  std::regex regex_;
};

}  // namespace

std::shared_ptr<const FilterRegex> FilterRegex::Compile(const std::string& pattern,
                                                        bool ignore_case, std::string& error) {
  if (std::string too_large = CheckRegexRepeats(pattern); !too_large.empty()) {
    error = std::move(too_large);
    return nullptr;
  }
  auto flags = std::regex::ECMAScript;
  if (ignore_case) flags |= std::regex::icase;
  try {
    return std::make_shared<const StdFilterRegex>(std::regex(pattern, flags));
  } catch (const std::regex_error& e) {
    error = e.what();
    return nullptr;
  }
}

}  // namespace tern::asl::jsonpath::detail
