// The pattern of the Choice operator StringMatches: `*` matches any run of characters, `\*` a
// literal star and `\\` a literal backslash; the pattern must match the whole string.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tern::asl::jsonpath {

class StringPattern {
 public:
  explicit StringPattern(std::string_view pattern);
  bool Matches(std::string_view text) const;

 private:
  struct Token {
    bool star = false;
    char literal = 0;
  };
  std::vector<Token> tokens_;
};

}  // namespace tern::asl::jsonpath
