// Parses filter expressions (the inside of `[?( ... )]`) the way Jayway's FilterCompiler does:
//   or := and ('||' and)*   and := unary ('&&' unary)*   unary := '!' unary | '(' or ')' | test
//   test := operand [op operand]   (a lone path operand is an existence test)

#include <cctype>
#include <string>
#include <string_view>

#include "asl/jsonpath/detail/filter_expression.h"
#include "asl/jsonpath/detail/path_ast.h"

namespace tern::asl::jsonpath::detail {
namespace {

using ExprPtr = std::shared_ptr<const FilterExpr>;

class FilterParser {
 public:
  explicit FilterParser(std::string_view text) : text_(text) {}

  Result<ExprPtr, std::string> Parse() {
    ExprPtr expr = ParseOr();
    if (!expr) return Unexpected(error_);
    SkipSpaces();
    if (pos_ != text_.size()) {
      return Unexpected("Unexpected '" + std::string(text_.substr(pos_)) + "' in filter '" +
                        std::string(text_) + "'");
    }
    return expr;
  }

 private:
  ExprPtr Error(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return nullptr;
  }

  bool Consume(std::string_view token) {
    SkipSpaces();
    if (text_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }

  // a || b || c is one node with three children, not a tree as deep as the chain is long (a
  // chain of 60,000 made evaluating it, and freeing it, overflow the stack).
  ExprPtr ParseOr() { return ParseChain("||", FilterExpr::Kind::kOr, &FilterParser::ParseAnd); }
  ExprPtr ParseAnd() { return ParseChain("&&", FilterExpr::Kind::kAnd, &FilterParser::ParseUnary); }
  ExprPtr ParseChain(std::string_view op, FilterExpr::Kind kind,
                     ExprPtr (FilterParser::*operand)()) {
    ExprPtr first = (this->*operand)();
    if (!first || !Consume(op)) return first;
    auto node = std::make_shared<FilterExpr>();
    node->kind = kind;
    node->children.push_back(std::move(first));
    do {
      ExprPtr next = (this->*operand)();
      if (!next) return nullptr;
      node->children.push_back(std::move(next));
    } while (Consume(op));
    return node;
  }

  ExprPtr ParseUnary() {
    SkipSpaces();
    // `!` and `(` nest: bounded, so that parsing, evaluating and freeing stay within the stack.
    const bool nests =
        pos_ < text_.size() &&
        ((text_[pos_] == '!' && text_.substr(pos_, 2) != "!=") || text_[pos_] == '(');
    if (nests && depth_ >= kMaxNesting) {
      return Error("The filter nests ! and ( deeper than " + std::to_string(kMaxNesting) +
                   " levels");
    }
    struct Nest {
      int& depth;
      ~Nest() { --depth; }
    } nest{++depth_};
    if (pos_ < text_.size() && text_[pos_] == '!' && text_.substr(pos_, 2) != "!=") {
      ++pos_;
      ExprPtr inner = ParseUnary();
      if (!inner) return nullptr;
      auto node = std::make_shared<FilterExpr>();
      node->kind = FilterExpr::Kind::kNot;
      node->children = {inner};
      return node;
    }
    if (pos_ < text_.size() && text_[pos_] == '(') {
      ++pos_;
      ExprPtr inner = ParseOr();
      if (!inner) return nullptr;
      if (!Consume(")")) return Error("Expected ')' in filter '" + std::string(text_) + "'");
      return inner;
    }
    return ParseTest();
  }

  ExprPtr ParseTest() {
    auto node = std::make_shared<FilterExpr>();
    if (!ParseOperand(node->left)) return nullptr;
    std::string op = ParseOperator();
    if (op.empty()) {
      if (node->left.kind != FilterOperand::Kind::kPath) {
        return Error("Expected a comparison in filter '" + std::string(text_) + "'");
      }
      node->kind = FilterExpr::Kind::kExists;
      return node;
    }
    node->kind = FilterExpr::Kind::kCompare;
    node->op = op;
    if (!ParseOperand(node->right)) return nullptr;
    return node;
  }

  std::string ParseOperator() {
    SkipSpaces();
    static constexpr std::string_view kSymbols[] = {"==", "!=", "<=", ">=", "=~", "<", ">"};
    for (std::string_view s : kSymbols) {
      if (text_.substr(pos_, s.size()) == s) {
        pos_ += s.size();
        return std::string(s);
      }
    }
    static constexpr std::string_view kWords[] = {"nin",    "in",   "subsetof", "anyof",
                                                  "noneof", "size", "empty",    "contains"};
    for (std::string_view w : kWords) {
      if (text_.substr(pos_, w.size()) == w &&
          (pos_ + w.size() == text_.size() ||
           !std::isalnum(static_cast<unsigned char>(text_[pos_ + w.size()])))) {
        pos_ += w.size();
        return std::string(w);
      }
    }
    return "";
  }

  bool ParseOperand(FilterOperand& out) {
    SkipSpaces();
    if (pos_ >= text_.size()) {
      Error("Unexpected end of filter '" + std::string(text_) + "'");
      return false;
    }
    char c = text_[pos_];
    if (c == '@' || c == '$') return ParsePathOperand(out);
    if (c == '\'' || c == '"') return ParseStringOperand(out);
    if (c == '/') return ParseRegexOperand(out);
    if (c == '[' || c == '{') return ParseJsonOperand(out);
    // Numbers, true, false, null: up to the next delimiter.
    size_t start = pos_;
    while (pos_ < text_.size() && !IsDelimiter(text_[pos_])) ++pos_;
    std::string word(text_.substr(start, pos_ - start));
    Json value = Json::parse(word, nullptr, false);
    if (word.empty() || value.is_discarded() || value.is_structured()) {
      Error("Invalid filter operand '" + word + "' in '" + std::string(text_) + "'");
      return false;
    }
    out.kind = FilterOperand::Kind::kLiteral;
    out.literal = std::move(value);
    return true;
  }

  static bool IsDelimiter(char c) {
    return c == ' ' || c == '=' || c == '!' || c == '<' || c == '>' || c == '&' || c == '|' ||
           c == ')' || c == '~';
  }

  bool ParsePathOperand(FilterOperand& out) {
    size_t start = pos_;
    int depth = 0;
    char quote = 0;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (quote) {
        if (c == '\\') {
          ++pos_;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[') {
        ++depth;
      } else if (c == ']') {
        --depth;
      } else if (c == '(' && depth == 0) {
        // A path function such as @.length(): include through ')'.
        size_t close = text_.find(')', pos_);
        if (close == std::string_view::npos) break;
        pos_ = close;
      } else if (depth == 0 && IsDelimiter(c)) {
        break;
      }
      ++pos_;
    }
    std::string_view path_text = text_.substr(start, pos_ - start);
    auto parsed = ParsePath(path_text, /*allow_relative=*/true);
    if (!parsed.has_value()) {
      Error(parsed.error());
      return false;
    }
    out.kind = FilterOperand::Kind::kPath;
    out.path = std::make_shared<ParsedPath>(std::move(parsed).value());
    return true;
  }

  bool ParseStringOperand(FilterOperand& out) {
    char quote = text_[pos_++];
    std::string value;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == '\\' && pos_ < text_.size()) {
        value += text_[pos_++];
      } else if (c == quote) {
        out.kind = FilterOperand::Kind::kLiteral;
        out.literal = value;
        return true;
      } else {
        value += c;
      }
    }
    Error("String literal is not closed in filter '" + std::string(text_) + "'");
    return false;
  }

  bool ParseRegexOperand(FilterOperand& out) {
    ++pos_;
    std::string pattern;
    while (pos_ < text_.size() && text_[pos_] != '/') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) pattern += text_[pos_++];
      pattern += text_[pos_++];
    }
    if (pos_ >= text_.size()) {
      Error("Regex is not closed in filter '" + std::string(text_) + "'");
      return false;
    }
    ++pos_;
    out.kind = FilterOperand::Kind::kRegex;
    out.regex = std::move(pattern);
    while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) {
      if (text_[pos_] == 'i') out.ignore_case = true;
      ++pos_;
    }
    std::string regex_error;
    out.compiled = FilterRegex::Compile(out.regex, out.ignore_case, regex_error);
    if (!out.compiled) {
      Error("Invalid regex /" + out.regex + "/ in filter '" + std::string(text_) +
            "': " + regex_error);
      return false;
    }
    return true;
  }

  bool ParseJsonOperand(FilterOperand& out) {
    char open = text_[pos_];
    char close = open == '[' ? ']' : '}';
    int depth = 0;
    char quote = 0;
    size_t start = pos_;
    for (; pos_ < text_.size(); ++pos_) {
      char c = text_[pos_];
      if (quote) {
        if (c == '\\') {
          ++pos_;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == open) {
        ++depth;
      } else if (c == close && --depth == 0) {
        ++pos_;
        break;
      }
    }
    std::string json(text_.substr(start, pos_ - start));
    // Jayway accepts single-quoted strings inside JSON literals.
    for (char& ch : json) {
      if (ch == '\'') ch = '"';
    }
    Json value = Json::parse(json, nullptr, false);
    if (value.is_discarded()) {
      Error("Invalid JSON literal '" + json + "' in filter '" + std::string(text_) + "'");
      return false;
    }
    out.kind = FilterOperand::Kind::kLiteral;
    out.literal = std::move(value);
    return true;
  }

  void SkipSpaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
  static constexpr int kMaxNesting = 1000;
  int depth_ = 0;  // `!` and `(` being parsed
};

}  // namespace

Result<std::shared_ptr<const FilterExpr>, std::string> ParseFilter(std::string_view text) {
  return FilterParser(text).Parse();
}

}  // namespace tern::asl::jsonpath::detail
