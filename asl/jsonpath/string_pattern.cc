#include "asl/jsonpath/string_pattern.h"

namespace tern::asl::jsonpath {

StringPattern::StringPattern(std::string_view pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      tokens_.push_back(Token{false, pattern[++i]});
    } else if (c == '*') {
      // Consecutive stars are one star.
      if (tokens_.empty() || !tokens_.back().star) tokens_.push_back(Token{true, 0});
    } else {
      tokens_.push_back(Token{false, c});
    }
  }
}

// Classic wildcard matching with single-star backtracking: linear in practice, and at worst
// O(pattern * text) with no recursion.
bool StringPattern::Matches(std::string_view text) const {
  size_t t = 0, p = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < tokens_.size() && !tokens_[p].star && tokens_[p].literal == text[t]) {
      ++p;
      ++t;
    } else if (p < tokens_.size() && tokens_[p].star) {
      star_p = p++;
      star_t = t;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < tokens_.size() && tokens_[p].star) ++p;
  return p == tokens_.size();
}

}  // namespace tern::asl::jsonpath
