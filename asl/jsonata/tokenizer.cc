#include "asl/jsonata/tokenizer.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "asl/jsonata/errors.h"
#include "asl/jsonata/utf8.h"

namespace tern::asl::jsonata {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'; }

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

bool IsOperatorChar(char c) { return c != 0 && std::strchr(".[]{}(),@#;:?+-*/%|=<>^&!", c); }

Token Tokenizer::ScanRegex() {
  size_t start = pos_;
  int depth = 0;
  auto char_at = [&](size_t i) { return i < text_.size() ? text_[i] : '\0'; };
  auto is_closing_slash = [&](size_t p) {
    if (text_[p] == '/' && depth == 0) {
      size_t backslashes = 0;
      while (p >= backslashes + 1 && text_[p - (backslashes + 1)] == '\\') ++backslashes;
      return backslashes % 2 == 0;
    }
    return false;
  };
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (is_closing_slash(pos_)) {
      std::string pattern = text_.substr(start, pos_ - start);
      if (pattern.empty()) ThrowError("S0301", static_cast<int64_t>(pos_));
      ++pos_;
      size_t flags_start = pos_;
      while (char_at(pos_) == 'i' || char_at(pos_) == 'm') ++pos_;
      Token t;
      t.type = Token::Type::kRegex;
      t.value = pattern;
      t.flags = text_.substr(flags_start, pos_ - flags_start);
      t.position = static_cast<int64_t>(pos_);
      return t;
    }
    bool escaped = pos_ > 0 && text_[pos_ - 1] == '\\';
    if ((c == '(' || c == '[' || c == '{') && !escaped) ++depth;
    if ((c == ')' || c == ']' || c == '}') && !escaped) --depth;
    ++pos_;
  }
  ThrowError("S0302", static_cast<int64_t>(pos_));
}

std::optional<Token> Tokenizer::Next(bool prefix) {
  const size_t length = text_.size();
  auto char_at = [&](size_t i) { return i < length ? text_[i] : '\0'; };
  auto make = [&](Token::Type type, std::string value) {
    Token t;
    t.type = type;
    t.value = std::move(value);
    t.position = static_cast<int64_t>(pos_);
    return t;
  };
  for (;;) {
    while (pos_ < length && IsSpace(text_[pos_])) ++pos_;
    if (pos_ >= length) return std::nullopt;
    if (text_[pos_] == '/' && char_at(pos_ + 1) == '*') {
      size_t comment_start = pos_;
      pos_ += 2;
      while (!(char_at(pos_) == '*' && char_at(pos_ + 1) == '/')) {
        ++pos_;
        if (pos_ >= length) ThrowError("S0106", static_cast<int64_t>(comment_start));
      }
      pos_ += 2;
      continue;
    }
    break;
  }
  char c = text_[pos_];
  if (!prefix && c == '/') {
    ++pos_;
    return ScanRegex();
  }
  static const char* kDouble[] = {"..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"};
  for (const char* op : kDouble) {
    if (c == op[0] && char_at(pos_ + 1) == op[1]) {
      pos_ += 2;
      return make(Token::Type::kOperator, op);
    }
  }
  if (IsOperatorChar(c)) {
    ++pos_;
    return make(Token::Type::kOperator, std::string(1, c));
  }
  if (c == '"' || c == '\'') {
    char quote = c;
    ++pos_;
    std::string s;
    while (pos_ < length) {
      c = text_[pos_];
      if (c == '\\') {
        ++pos_;
        c = char_at(pos_);
        switch (c) {
          case '"':
            s += '"';
            break;
          case '\\':
            s += '\\';
            break;
          case '/':
            s += '/';
            break;
          case 'b':
            s += '\b';
            break;
          case 'f':
            s += '\f';
            break;
          case 'n':
            s += '\n';
            break;
          case 'r':
            s += '\r';
            break;
          case 't':
            s += '\t';
            break;
          case 'u': {
            std::string hex = text_.substr(pos_ + 1, 4);
            bool ok = hex.size() == 4;
            for (char h : hex) ok = ok && IsHex(h);
            if (!ok) ThrowError("S0104", static_cast<int64_t>(pos_));
            uint32_t cp = static_cast<uint32_t>(std::strtoul(hex.c_str(), nullptr, 16));
            pos_ += 4;
            // Join a UTF-16 surrogate pair written as two escapes.
            if (cp >= 0xD800 && cp <= 0xDBFF && char_at(pos_ + 1) == '\\' &&
                char_at(pos_ + 2) == 'u') {
              std::string low = text_.substr(pos_ + 3, 4);
              bool low_ok = low.size() == 4;
              for (char h : low) low_ok = low_ok && IsHex(h);
              uint32_t lo =
                  low_ok ? static_cast<uint32_t>(std::strtoul(low.c_str(), nullptr, 16)) : 0;
              if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                pos_ += 6;
              }
            }
            AppendUtf8(&s, cp);
            break;
          }
          default:
            ThrowError("S0103", static_cast<int64_t>(pos_), std::string(1, c));
        }
      } else if (c == quote) {
        ++pos_;
        return make(Token::Type::kString, std::move(s));
      } else {
        s += c;
      }
      ++pos_;
    }
    ThrowError("S0101", static_cast<int64_t>(pos_));
  }
  if (c >= '0' && c <= '9') {
    // -?(0|([1-9][0-9]*))(\.[0-9]+)?([Ee][-+]?[0-9]+)?
    size_t p = pos_;
    if (text_[p] == '0') {
      ++p;
    } else {
      while (p < length && std::isdigit(static_cast<unsigned char>(text_[p]))) ++p;
    }
    if (char_at(p) == '.' && std::isdigit(static_cast<unsigned char>(char_at(p + 1)))) {
      ++p;
      while (p < length && std::isdigit(static_cast<unsigned char>(text_[p]))) ++p;
    }
    if (char_at(p) == 'e' || char_at(p) == 'E') {
      size_t q = p + 1;
      if (char_at(q) == '+' || char_at(q) == '-') ++q;
      if (std::isdigit(static_cast<unsigned char>(char_at(q)))) {
        while (q < length && std::isdigit(static_cast<unsigned char>(text_[q]))) ++q;
        p = q;
      }
    }
    std::string literal = text_.substr(pos_, p - pos_);
    double d = std::strtod(literal.c_str(), nullptr);
    if (!std::isfinite(d)) ThrowError("S0102", static_cast<int64_t>(pos_), literal);
    pos_ = p;
    Token t = make(Token::Type::kNumber, literal);
    t.number = d;
    return t;
  }
  if (c == '`') {
    ++pos_;
    size_t end = text_.find('`', pos_);
    if (end != std::string::npos) {
      std::string name = text_.substr(pos_, end - pos_);
      pos_ = end + 1;
      return make(Token::Type::kName, std::move(name));
    }
    pos_ = length;
    ThrowError("S0105", static_cast<int64_t>(pos_));
  }
  size_t i = pos_;
  // A name ends at whitespace or an operator; "~>" counts although "~" alone does not.
  while (i < length && !IsSpace(text_[i]) && !IsOperatorChar(text_[i]) &&
         !(text_[i] == '~' && char_at(i + 1) == '>')) {
    ++i;
  }
  if (text_[pos_] == '$') {
    std::string name = text_.substr(pos_ + 1, i - pos_ - 1);
    pos_ = i;
    return make(Token::Type::kVariable, std::move(name));
  }
  std::string name = text_.substr(pos_, i - pos_);
  pos_ = i;
  if (name == "or" || name == "in" || name == "and") return make(Token::Type::kOperator, name);
  if (name == "true" || name == "false" || name == "null") {
    Token t = make(Token::Type::kValue, name);
    t.literal = name == "null" ? 0 : name == "true" ? 1 : 2;
    return t;
  }
  if (pos_ == length && name.empty()) return std::nullopt;
  return make(Token::Type::kName, std::move(name));
}

}  // namespace tern::asl::jsonata
