// The JSONata tokenizer (the reference's parser.js `tokenizer`), over UTF-8 text.
#pragma once

#include <optional>
#include <string>

namespace tern::asl::jsonata {

struct Token {
  enum class Type { kName, kVariable, kOperator, kString, kNumber, kValue, kRegex };
  Type type = Type::kName;
  std::string value;  // name, operator, decoded string, regex pattern
  std::string flags;  // regex flags
  double number = 0;
  int literal = 0;       // kValue: 0 null, 1 true, 2 false
  int64_t position = 0;  // offset just past the token, as the reference reports it
};

class Tokenizer {
 public:
  explicit Tokenizer(const std::string& text) : text_(text) {}
  // The next token, or nullopt at the end. `prefix` is true where a `/` is division, not the
  // start of a regex. Throws JsonataError (S01xx, S030x).
  std::optional<Token> Next(bool prefix);

 private:
  Token ScanRegex();
  const std::string& text_;
  size_t pos_ = 0;
};

bool IsOperatorChar(char c);

}  // namespace tern::asl::jsonata
