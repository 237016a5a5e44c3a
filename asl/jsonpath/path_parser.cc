// Parses JSONPath text into steps, following Jayway's PathCompiler (which AWS uses): dot and
// bracket members, quoted names, indexes, wildcards, `..`, slices, unions, filters, functions.

#include <cctype>
#include <charconv>
#include <string>
#include <string_view>

#include "asl/jsonpath/detail/filter_expression.h"
#include "asl/jsonpath/detail/path_ast.h"

namespace tern::asl::jsonpath::detail {
namespace {

Step MakeStep(StepKind kind) {
  Step step;
  step.kind = kind;
  return step;
}

bool IsVariableStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsVariableChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool ParseInt(std::string_view s, int64_t& out) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

class PathParser {
 public:
  PathParser(std::string_view text, bool allow_relative)
      : text_(text), allow_relative_(allow_relative) {}

  Result<ParsedPath, std::string> Parse() {
    ParsedPath path;
    if (text_.empty()) return Fail("Path must not be empty");
    if (text_[0] == '@' && allow_relative_) {
      path.relative = true;
      pos_ = 1;
    } else if (text_[0] != '$') {
      return Fail("Path must start with '$'");
    } else if (text_.size() > 1 && text_[1] == '$') {
      path.root = PathRoot::kContext;
      pos_ = 2;
    } else if (text_.size() > 1 && IsVariableStart(text_[1])) {
      path.root = PathRoot::kVariable;
      pos_ = 1;
      while (pos_ < text_.size() && IsVariableChar(text_[pos_])) path.variable += text_[pos_++];
    } else {
      pos_ = 1;
    }
    while (pos_ < text_.size()) {
      if (!ParseStep(path.steps)) return Unexpected(error_);
    }
    for (size_t i = 0; i + 1 < path.steps.size(); ++i) {
      if (path.steps[i].kind == StepKind::kFunction) {
        return Fail("A path function must be the last step");
      }
    }
    return path;
  }

 private:
  Unexpected<std::string> Fail(std::string message) { return Unexpected(std::string(message)); }
  bool Error(std::string message) {
    error_ = std::move(message);
    return false;
  }

  bool ParseStep(std::vector<Step>& steps) {
    char c = text_[pos_];
    if (c == '.') {
      if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '.') {
        pos_ += 2;
        steps.push_back(MakeStep(StepKind::kScan));
        if (pos_ >= text_.size()) return Error("Path must not end with a '.' or '..'");
        if (text_[pos_] == '[') return ParseBracket(steps);
        return ParseDotMember(steps);
      }
      ++pos_;
      if (pos_ >= text_.size()) return Error("Path must not end with a '.' or '..'");
      if (text_[pos_] == '.' || text_[pos_] == '[') {
        return Error("Could not parse token starting at position " + std::to_string(pos_));
      }
      return ParseDotMember(steps);
    }
    if (c == '[') return ParseBracket(steps);
    return Error("Could not parse token starting at position " + std::to_string(pos_) + ": '" +
                 std::string(text_.substr(pos_)) + "'");
  }

  // After '.' (or '..'): `*`, a name, or a function `name()`.
  bool ParseDotMember(std::vector<Step>& steps) {
    if (text_[pos_] == '*') {
      ++pos_;
      steps.push_back(MakeStep(StepKind::kWildcard));
      return true;
    }
    size_t start = pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '.' || c == '[' || c == '(') break;
      if (c == ' ') {
        return Error(
            "Use bracket notion ['my prop'] if your property contains blank characters. "
            "position: " +
            std::to_string(pos_));
      }
      ++pos_;
    }
    std::string name(text_.substr(start, pos_ - start));
    if (name.empty()) {
      return Error("Could not parse token starting at position " + std::to_string(start));
    }
    if (pos_ < text_.size() && text_[pos_] == '(') {
      // Jayway path functions take no arguments in the forms we support.
      size_t close = text_.find(')', pos_);
      if (close == std::string_view::npos) return Error("Function '" + name + "' is not closed");
      std::string_view args = text_.substr(pos_ + 1, close - pos_ - 1);
      if (args.find_first_not_of(' ') != std::string_view::npos) {
        return Error("Path function '" + name + "' takes no arguments");
      }
      static constexpr std::string_view kFunctions[] = {
          "length", "size", "min", "max", "avg", "sum", "stddev", "keys", "first", "last"};
      bool known = false;
      for (std::string_view f : kFunctions) known = known || f == name;
      if (!known) return Error("Function with name: " + name + " does not exist.");
      pos_ = close + 1;
      Step step = MakeStep(StepKind::kFunction);
      step.function = name;
      steps.push_back(std::move(step));
      return true;
    }
    Step step = MakeStep(StepKind::kProperty);
    step.names.push_back(std::move(name));
    steps.push_back(std::move(step));
    return true;
  }

  bool ParseBracket(std::vector<Step>& steps) {
    size_t open = pos_;
    ++pos_;
    SkipSpaces();
    if (pos_ >= text_.size()) return Error("Unclosed bracket at position " + std::to_string(open));
    char c = text_[pos_];
    if (c == '?') return ParseFilterStep(steps, open);
    if (c == '\'' || c == '"') return ParseQuotedNames(steps, open);
    if (c == '*') {
      ++pos_;
      SkipSpaces();
      if (pos_ >= text_.size() || text_[pos_] != ']') {
        return Error("Expected ']' at position " + std::to_string(pos_));
      }
      ++pos_;
      steps.push_back(MakeStep(StepKind::kWildcard));
      return true;
    }
    size_t close = text_.find(']', pos_);
    if (close == std::string_view::npos) {
      return Error("Unclosed bracket at position " + std::to_string(open));
    }
    std::string_view body = text_.substr(pos_, close - pos_);
    pos_ = close + 1;
    if (body.find(':') != std::string_view::npos) return ParseSlice(body, steps);
    Step step = MakeStep(StepKind::kIndex);
    size_t start = 0;
    while (true) {
      size_t comma = body.find(',', start);
      std::string_view part = body.substr(
          start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      int64_t index = 0;
      if (!ParseInt(part, index)) {
        return Error("Could not parse token starting at position " + std::to_string(open) + ": '[" +
                     std::string(body) + "]'");
      }
      step.indexes.push_back(index);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    steps.push_back(std::move(step));
    return true;
  }

  bool ParseSlice(std::string_view body, std::vector<Step>& steps) {
    Step step = MakeStep(StepKind::kSlice);
    std::optional<int64_t>* fields[] = {&step.slice.start, &step.slice.end, &step.slice.step};
    size_t start = 0;
    for (int i = 0; i < 3; ++i) {
      size_t colon = body.find(':', start);
      std::string_view part = body.substr(
          start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
      if (part.find_first_not_of(' ') != std::string_view::npos) {
        int64_t v = 0;
        if (!ParseInt(part, v)) return Error("Invalid slice '[" + std::string(body) + "]'");
        *fields[i] = v;
      }
      if (colon == std::string_view::npos) break;
      if (i == 2) return Error("Invalid slice '[" + std::string(body) + "]'");
      start = colon + 1;
    }
    if (step.slice.step && *step.slice.step == 0) {
      return Error("Slice step cannot be zero: '[" + std::string(body) + "]'");
    }
    steps.push_back(std::move(step));
    return true;
  }

  bool ParseQuotedNames(std::vector<Step>& steps, size_t open) {
    Step step = MakeStep(StepKind::kProperty);
    while (true) {
      SkipSpaces();
      if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) {
        return Error("Expected a quoted property name at position " + std::to_string(pos_));
      }
      char quote = text_[pos_++];
      std::string name;
      bool closed = false;
      while (pos_ < text_.size()) {
        char c = text_[pos_++];
        if (c == '\\' && pos_ < text_.size()) {
          // A backslash stops the next character from closing the name but stays in it: AWS
          // finds the key `Test\""Name"` with the path $['Test\""Name"'].
          name += c;
          name += text_[pos_++];
        } else if (c == quote) {
          closed = true;
          break;
        } else {
          name += c;
        }
      }
      if (!closed)
        return Error("Property has not been closed - missing closing " + std::string(1, quote));
      step.names.push_back(std::move(name));
      SkipSpaces();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        break;
      }
      return Error("Unclosed bracket at position " + std::to_string(open));
    }
    steps.push_back(std::move(step));
    return true;
  }

  // `[?(expr)]`: finds the matching ')' while skipping quoted strings and regex literals.
  bool ParseFilterStep(std::vector<Step>& steps, size_t open) {
    ++pos_;  // '?'
    SkipSpaces();
    if (pos_ >= text_.size() || text_[pos_] != '(') {
      return Error("Filter must start with '[?(' at position " + std::to_string(open));
    }
    size_t body_start = pos_ + 1;
    int depth = 0;
    char quote = 0;
    size_t i = pos_;
    for (; i < text_.size(); ++i) {
      char c = text_[i];
      if (quote) {
        if (c == '\\') {
          ++i;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        if (--depth == 0) break;
      }
    }
    if (i >= text_.size()) return Error("Filter is not closed at position " + std::to_string(open));
    std::string_view body = text_.substr(body_start, i - body_start);
    pos_ = i + 1;
    SkipSpaces();
    if (pos_ >= text_.size() || text_[pos_] != ']') {
      return Error("Filter must end with ')]' at position " + std::to_string(pos_));
    }
    ++pos_;
    auto filter = ParseFilter(body);
    if (!filter.has_value()) return Error(filter.error());
    Step step = MakeStep(StepKind::kFilter);
    step.filter = *filter;
    steps.push_back(std::move(step));
    return true;
  }

  void SkipSpaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }

  std::string_view text_;
  bool allow_relative_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

Result<ParsedPath, std::string> ParsePath(std::string_view text, bool allow_relative) {
  return PathParser(text, allow_relative).Parse();
}

std::string RenderStep(const Step& step) {
  switch (step.kind) {
    case StepKind::kProperty: {
      std::string out = "[";
      for (size_t i = 0; i < step.names.size(); ++i) {
        out += (i ? ",'" : "'") + step.names[i] + "'";
      }
      return out + "]";
    }
    case StepKind::kIndex: {
      std::string out = "[";
      for (size_t i = 0; i < step.indexes.size(); ++i) {
        out += (i ? "," : "") + std::to_string(step.indexes[i]);
      }
      return out + "]";
    }
    case StepKind::kWildcard:
      return "[*]";
    case StepKind::kSlice: {
      std::string out = "[";
      if (step.slice.start) out += std::to_string(*step.slice.start);
      out += ":";
      if (step.slice.end) out += std::to_string(*step.slice.end);
      if (step.slice.step) out += ":" + std::to_string(*step.slice.step);
      return out + "]";
    }
    case StepKind::kFilter:
      return "[?]";
    case StepKind::kScan:
      return "..";
    case StepKind::kFunction:
      return "." + step.function + "()";
  }
  return "";
}

bool IsDefinite(const std::vector<Step>& steps) {
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    switch (s.kind) {
      case StepKind::kProperty:
        // Jayway merges ['a','b'] into one object when it is the last step.
        if (s.names.size() > 1 && i + 1 != steps.size()) return false;
        break;
      case StepKind::kIndex:
        if (s.indexes.size() != 1) return false;
        break;
      case StepKind::kFunction:
        break;
      default:
        return false;
    }
  }
  return true;
}

}  // namespace tern::asl::jsonpath::detail
