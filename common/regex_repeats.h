// A check made before a user's regular expression reaches std::regex. libstdc++ reads the count
// of a repetition such as a{12} into a long without checking for overflow (undefined behaviour,
// found by fuzzing the validator with a{6666666666666666667}), and refuses any pattern of more
// than 100,000 states anyway, so a count over that can never work.
#pragma once

#include <string>
#include <string_view>

namespace tern {

inline constexpr long kMaxRegexRepeat = 100000;

// "" when every {n}, {n,} and {n,m} in `pattern` (outside character classes, not escaped) is at
// most kMaxRegexRepeat; otherwise a message naming the first count that is not.
std::string CheckRegexRepeats(std::string_view pattern);

}  // namespace tern
