#include "asl/validate/intrinsic_arguments.h"

#include <vector>

namespace tern::asl::validate {
namespace {

// Nested calls deeper than this are not examined (AWS allows about 10 levels).
constexpr int kMaxDepth = 32;

enum class ArgKind { kString, kNumber, kOther };

struct Call {
  std::string name;
  std::vector<ArgKind> args;
  std::vector<std::string> texts;
};

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  // Parses `Name(args...)` at the cursor, checking nested calls too; false on anything odd.
  bool ParseCall(int depth, std::string& problem) {
    if (depth > kMaxDepth) return false;
    size_t open = text_.find('(', pos_);
    if (open == std::string_view::npos) return false;
    Call call{std::string(Trim(text_.substr(pos_, open - pos_))), {}, {}};
    pos_ = open + 1;
    SkipSpace();
    if (Peek() == ')') {
      ++pos_;
    } else {
      while (true) {
        SkipSpace();
        size_t start = pos_;
        ArgKind kind = ArgKind::kOther;
        char c = Peek();
        if (c == '\'') {
          if (!SkipString()) return false;
          kind = ArgKind::kString;
        } else if (text_.substr(pos_).starts_with("States.")) {
          if (!ParseCall(depth + 1, problem)) return false;
        } else {
          // A number, true/false/null or a path: up to the next top-level ',' or ')'.
          int brackets = 0;
          while (pos_ < text_.size()) {
            char d = text_[pos_];
            if (d == '\'' && !SkipString()) return false;
            if (d == '[' || d == '(') ++brackets;
            if ((d == ']' || d == ')') && brackets > 0) {
              --brackets;
            } else if ((d == ',' || d == ')') && brackets == 0) {
              break;
            }
            if (d != '\'') ++pos_;
          }
          std::string_view token = Trim(text_.substr(start, pos_ - start));
          if (!token.empty() && (token[0] == '-' || (token[0] >= '0' && token[0] <= '9'))) {
            kind = ArgKind::kNumber;
          }
        }
        call.args.push_back(kind);
        call.texts.emplace_back(Trim(text_.substr(start, pos_ - start)));
        SkipSpace();
        if (Peek() == ',') {
          ++pos_;
          continue;
        }
        if (Peek() != ')') return false;
        ++pos_;
        break;
      }
    }
    if (problem.empty()) problem = Judge(call);
    return true;
  }

 private:
  static std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  }
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  // Skips a single-quoted string with backslash escapes; false when it never ends.
  bool SkipString() {
    ++pos_;
    while (pos_ < text_.size()) {
      if (text_[pos_] == '\\') {
        pos_ += 2;
      } else if (text_[pos_] == '\'') {
        ++pos_;
        return true;
      } else {
        ++pos_;
      }
    }
    return false;
  }

  // Which arguments (0-based) must be numbers, and which strings, per function.
  static std::string Judge(const Call& call) {
    struct Rule {
      std::string_view name;
      std::vector<int> numbers;
      std::vector<int> strings;
    };
    static const Rule kRules[] = {
        {"States.MathAdd", {0, 1}, {}},
        {"States.MathRandom", {0, 1, 2}, {}},
        {"States.ArrayRange", {0, 1, 2}, {}},
        {"States.ArrayPartition", {1}, {}},
        {"States.ArrayGetItem", {1}, {}},
        {"States.Format", {}, {0}},
        {"States.StringToJson", {}, {0}},
        {"States.StringSplit", {}, {0, 1}},
        {"States.Base64Encode", {}, {0}},
        {"States.Base64Decode", {}, {0}},
        {"States.Hash", {}, {1}},
    };
    for (const Rule& rule : kRules) {
      if (rule.name != call.name) continue;
      for (int i : rule.numbers) {
        if (i < static_cast<int>(call.args.size()) && call.args[i] == ArgKind::kString) {
          return "argument " + std::to_string(i + 1) + " of " + call.name +
                 " must be a number, not the string " + call.texts[i];
        }
      }
      for (int i : rule.strings) {
        if (i < static_cast<int>(call.args.size()) && call.args[i] == ArgKind::kNumber) {
          return "argument " + std::to_string(i + 1) + " of " + call.name +
                 " must be a string, not the number " + call.texts[i];
        }
      }
    }
    return {};
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::string LiteralArgumentProblem(std::string_view text) {
  std::string problem;
  Scanner scanner(text);
  if (!scanner.ParseCall(0, problem)) return {};
  return problem;
}

}  // namespace tern::asl::validate
