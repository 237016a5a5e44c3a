// Parses intrinsic calls: States.Name(arg, ...), where an argument is a single-quoted string
// (escapes \' \{ \} \\), a number, true/false/null, a Path ($..., $$..., $var...) or a nested call.

#include <cctype>
#include <string>
#include <string_view>

#include "asl/jsonpath/detail/intrinsic_ast.h"

namespace tern::asl::jsonpath::detail {
namespace {

// AWS documents a nesting limit of 10 levels; deeper calls are rejected when parsed.
constexpr int kMaxNesting = 10;

class IntrinsicParser {
 public:
  explicit IntrinsicParser(std::string_view text) : text_(text) {}

  Result<std::shared_ptr<const IntrinsicNode>, std::string> Parse() {
    auto node = ParseCall(0);
    if (!node) return Unexpected(error_);
    SkipSpaces();
    if (pos_ != text_.size()) {
      return Unexpected("Unexpected '" + std::string(text_.substr(pos_)) +
                        "' after the intrinsic function call");
    }
    return std::shared_ptr<const IntrinsicNode>(std::move(node));
  }

 private:
  std::nullptr_t Error(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return nullptr;
  }

  bool Fail(std::string message) {
    Error(std::move(message));
    return false;
  }

  std::shared_ptr<IntrinsicNode> ParseCall(int depth) {
    if (depth >= kMaxNesting) {
      return Error("Intrinsic functions may be nested at most " + std::to_string(kMaxNesting) +
                   " levels deep");
    }
    SkipSpaces();
    size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                                   text_[pos_] == '.' || text_[pos_] == '_')) {
      ++pos_;
    }
    std::string_view name = text_.substr(start, pos_ - start);
    const IntrinsicFunction* function = FindIntrinsic(name);
    if (!function) return Error("Unknown intrinsic function '" + std::string(name) + "'");
    SkipSpaces();
    if (pos_ >= text_.size() || text_[pos_] != '(') {
      return Error("Expected '(' after " + std::string(name));
    }
    ++pos_;
    auto node = std::make_shared<IntrinsicNode>();
    node->function = function;
    SkipSpaces();
    if (pos_ < text_.size() && text_[pos_] == ')') {
      ++pos_;
    } else {
      while (true) {
        IntrinsicArg arg;
        if (!ParseArg(arg, depth)) return nullptr;
        node->args.push_back(std::move(arg));
        SkipSpaces();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] == ')') {
          ++pos_;
          break;
        }
        return Error("Expected ',' or ')' in the arguments of " + std::string(name));
      }
    }
    return node;
  }

  bool ParseArg(IntrinsicArg& arg, int depth) {
    SkipSpaces();
    if (pos_ >= text_.size()) return Fail("Unexpected end of the intrinsic function call");
    char c = text_[pos_];
    if (c == '\'') return ParseString(arg);
    if (c == '$') return ParsePathArg(arg);
    if (text_.substr(pos_, 7) == "States.") {
      auto call = ParseCall(depth + 1);
      if (!call) return false;
      arg.kind = IntrinsicArg::Kind::kCall;
      arg.call = std::move(call);
      return true;
    }
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != ')' && text_[pos_] != ' ') {
      ++pos_;
    }
    std::string word(text_.substr(start, pos_ - start));
    Json value = Json::parse(word, nullptr, false);
    if (word.empty() || value.is_discarded() || value.is_structured() || value.is_string()) {
      return Fail("Invalid intrinsic function argument '" + word + "'");
    }
    arg.kind = IntrinsicArg::Kind::kLiteral;
    arg.literal = std::move(value);
    return true;
  }

  bool ParseString(IntrinsicArg& arg) {
    ++pos_;
    std::string value;
    std::string raw;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == '\\' && pos_ < text_.size()) {
        char next = text_[pos_++];
        raw += c;
        raw += next;
        if (next == '\'' || next == '{' || next == '}' || next == '\\') {
          value += next;
        } else {
          value += c;
          value += next;
        }
      } else if (c == '\'') {
        arg.kind = IntrinsicArg::Kind::kLiteral;
        arg.literal = std::move(value);
        arg.raw = std::move(raw);
        arg.is_string = true;
        return true;
      } else {
        value += c;
        raw += c;
      }
    }
    return Fail("Unterminated string literal in the intrinsic function call");
  }

  // A path runs to the next ',' or ')' outside brackets, quotes and parentheses.
  bool ParsePathArg(IntrinsicArg& arg) {
    size_t start = pos_;
    int depth = 0;
    char quote = 0;
    for (; pos_ < text_.size(); ++pos_) {
      char c = text_[pos_];
      if (quote) {
        if (c == '\\') {
          ++pos_;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[' || c == '(') {
        ++depth;
      } else if (c == ']' || (c == ')' && depth > 0)) {
        --depth;
      } else if ((c == ',' || c == ')') && depth == 0) {
        break;
      }
    }
    std::string_view text = text_.substr(start, pos_ - start);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    auto path = Path::Compile(text);
    if (!path.has_value()) return Fail(path.error());
    arg.kind = IntrinsicArg::Kind::kPath;
    arg.path = std::move(path).value();
    return true;
  }

  void SkipSpaces() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

Result<std::shared_ptr<const IntrinsicNode>, std::string> ParseIntrinsic(std::string_view text) {
  return IntrinsicParser(text).Parse();
}

}  // namespace tern::asl::jsonpath::detail
