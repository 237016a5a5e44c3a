#include "asl/parse/json_reader.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "asl/parse/limits.h"

namespace tern::asl {
namespace {

// An object's members are kept in order (ordered_json), so looking a name up is a scan: fine
// for the few members most objects have, quadratic for "States" with 10,000 states (reading
// such a definition took 0.3 s, all of it comparing names). Past this many members, an object
// also indexes its names.
constexpr size_t kIndexedMembers = 16;

// One open container on the reader's explicit stack.
struct Frame {
  Json value;
  std::string pointer;
  std::string key;         // the member whose value is being read (objects only)
  bool duplicate = false;  // `key` is already a member (the later value wins, as in nlohmann)
  std::unique_ptr<std::unordered_set<std::string>> names;  // past kIndexedMembers
  bool expect_value_first = true;
};

// True when `key` is already a member of the frame's object; remembers it otherwise.
bool SeenBefore(Frame& frame, const std::string& key) {
  auto& members = frame.value.get_ref<Json::object_t&>();
  if (!frame.names) {
    if (members.size() < kIndexedMembers) return frame.value.contains(key);
    frame.names = std::make_unique<std::unordered_set<std::string>>();
    for (const auto& member : members) frame.names->insert(member.first);
  }
  return !frame.names->insert(key).second;
}

// Adds the member the frame was reading, without scanning for it when it is new.
void AddMember(Frame& frame, Json&& value) {
  if (frame.duplicate) {
    frame.value[frame.key] = std::move(value);
    return;
  }
  auto& members = frame.value.get_ref<Json::object_t&>();
  members.Container::emplace_back(std::move(frame.key), std::move(value));
}

class Reader {
 public:
  Reader(std::string_view text, const JsonReadOptions& options)
      : text_(text),
        track_(options.track_locations),
        max_depth_(options.max_depth > 0 ? options.max_depth : kMaxNestingDepth) {}

  Result<Document, ParseError> Run() {
    doc_.format = SourceFormat::kJson;
    if (text_.size() >= 3 && static_cast<unsigned char>(text_[0]) == 0xEF &&
        static_cast<unsigned char>(text_[1]) == 0xBB &&
        static_cast<unsigned char>(text_[2]) == 0xBF) {
      Advance(3);  // UTF-8 byte order mark
    }
    SkipSpace();
    if (AtEnd()) return Fail("the document is empty: expected a JSON value");
    if (!ParseDocument()) return Unexpected(std::move(error_));
    SkipSpace();
    if (!AtEnd())
      return Fail(std::string("unexpected ") + Describe() + " after the end of the JSON value");
    return std::move(doc_);
  }

 private:
  bool ParseDocument() {
    std::vector<Frame> stack;
    while (true) {
      // Read one value (scalars complete immediately; containers push a frame).
      SkipSpace();
      std::string pointer =
          stack.empty() ? std::string()
          : stack.back().value.is_object()
              ? stack.back().pointer + "/" + EscapePointerToken(stack.back().key)
              : stack.back().pointer + "/" + std::to_string(stack.back().value.size());
      SourceLocation at = Here();
      Json value;
      bool complete = true;
      if (AtEnd()) return Error("unexpected end of input: expected a value");
      char c = Peek();
      if (c == '{' || c == '[') {
        if (static_cast<int>(stack.size()) >= max_depth_) {
          return Error("nesting is deeper than " + std::to_string(max_depth_) + " levels");
        }
        Advance(1);
        if (track_ && (stack.empty() || !stack.back().value.is_object()))
          doc_.locations.Add(pointer, at);
        Frame f;
        f.value = c == '{' ? Json::object() : Json::array();
        f.pointer = std::move(pointer);
        stack.push_back(std::move(f));
        SkipSpace();
        if (c == '{') {
          if (!AtEnd() && Peek() == '}') {
            Advance(1);
          } else if (!ReadKey(stack.back())) {
            return false;
          } else {
            continue;
          }
        } else {
          if (!AtEnd() && Peek() == ']') {
            Advance(1);
          } else {
            continue;
          }
        }
        // Empty container: it is complete now.
        value = std::move(stack.back().value);
        pointer = std::move(stack.back().pointer);
        stack.pop_back();
      } else {
        if (!ReadScalar(value)) return false;
        if (track_ && (stack.empty() || !stack.back().value.is_object()))
          doc_.locations.Add(pointer, at);
      }
      // Attach the completed value, then close every container that ends here.
      while (complete) {
        if (stack.empty()) {
          doc_.value = std::move(value);
          return true;
        }
        Frame& top = stack.back();
        if (top.value.is_object()) {
          AddMember(top, std::move(value));
        } else {
          top.value.push_back(std::move(value));
        }
        SkipSpace();
        if (AtEnd()) {
          return Error(std::string("unexpected end of input: expected ',' or '") +
                       (top.value.is_object() ? "}" : "]") + "'");
        }
        char d = Peek();
        if (d == ',') {
          Advance(1);
          SkipSpace();
          if (top.value.is_object() && !ReadKey(top)) return false;
          complete = false;
        } else if ((d == '}' && top.value.is_object()) || (d == ']' && top.value.is_array())) {
          Advance(1);
          value = std::move(top.value);
          pointer = std::move(top.pointer);
          stack.pop_back();
        } else {
          return Error(std::string("expected ',' or '") + (top.value.is_object() ? "}" : "]") +
                       "', found " + Describe());
        }
      }
    }
  }

  // Reads `"key" :` into the frame; records the key's location.
  bool ReadKey(Frame& frame) {
    if (AtEnd()) return Error("unexpected end of input: expected a member name");
    if (Peek() != '"') return Error("expected a member name in double quotes, found " + Describe());
    SourceLocation at = Here();
    std::string key;
    if (!ReadString(key)) return false;
    SkipSpace();
    if (AtEnd() || Peek() != ':') return Error("expected ':' after member name \"" + key + "\"");
    Advance(1);
    std::string pointer = frame.pointer + "/" + EscapePointerToken(key);
    frame.duplicate = SeenBefore(frame, key);
    if (frame.duplicate) doc_.duplicate_keys.push_back({pointer, at});
    if (track_) doc_.locations.Add(std::move(pointer), at);
    frame.key = std::move(key);
    return true;
  }

  bool ReadScalar(Json& out) {
    char c = Peek();
    if (c == '"') {
      std::string s;
      if (!ReadString(s)) return false;
      out = std::move(s);
      return true;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber(out);
    if (Match("true")) return out = true, true;
    if (Match("false")) return out = false, true;
    if (Match("null")) return out = nullptr, true;
    return Error("expected a JSON value, found " + Describe());
  }

  bool Match(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    Advance(word.size());
    return true;
  }

  bool ReadNumber(Json& out) {
    size_t start = pos_;
    bool is_float = false;
    if (Peek() == '-') Advance(1);
    if (AtEnd() || !IsDigit(Peek())) return Error("invalid number: expected a digit after '-'");
    if (Peek() == '0') {
      Advance(1);
      if (!AtEnd() && IsDigit(Peek()))
        return Error("invalid number: leading zeros are not allowed");
    } else {
      while (!AtEnd() && IsDigit(Peek())) Advance(1);
    }
    if (!AtEnd() && Peek() == '.') {
      is_float = true;
      Advance(1);
      if (AtEnd() || !IsDigit(Peek())) return Error("invalid number: expected a digit after '.'");
      while (!AtEnd() && IsDigit(Peek())) Advance(1);
    }
    if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
      is_float = true;
      Advance(1);
      if (!AtEnd() && (Peek() == '+' || Peek() == '-')) Advance(1);
      if (AtEnd() || !IsDigit(Peek()))
        return Error("invalid number: expected a digit in the exponent");
      while (!AtEnd() && IsDigit(Peek())) Advance(1);
    }
    std::string_view digits = text_.substr(start, pos_ - start);
    if (!is_float) {
      int64_t i = 0;
      auto r = std::from_chars(digits.data(), digits.data() + digits.size(), i);
      if (r.ec == std::errc() && r.ptr == digits.data() + digits.size()) return out = i, true;
      uint64_t u = 0;
      r = std::from_chars(digits.data(), digits.data() + digits.size(), u);
      if (r.ec == std::errc() && r.ptr == digits.data() + digits.size()) return out = u, true;
    }
    std::string copy(digits);
    double d = std::strtod(copy.c_str(), nullptr);
    if (!std::isfinite(d)) return Error("number " + copy + " is out of range");
    out = d;
    return true;
  }

  bool ReadString(std::string& out) {
    Advance(1);  // opening quote
    while (true) {
      if (AtEnd()) return Error("unterminated string: expected a closing '\"'");
      unsigned char c = static_cast<unsigned char>(Peek());
      if (c == '"') {
        Advance(1);
        return true;
      }
      if (c < 0x20)
        return Error("control character U+" + Hex4(c) + " must be escaped inside a string");
      if (c == '\\') {
        Advance(1);
        if (AtEnd()) return Error("unterminated escape sequence");
        char e = Peek();
        Advance(1);
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            uint32_t cp = 0;
            if (!ReadHex4(cp)) return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              uint32_t low = 0;
              if (!Match("\\u") || !ReadHex4(low) || low < 0xDC00 || low > 0xDFFF) {
                return Error("invalid surrogate pair in \\u escape");
              }
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              return Error("lone low surrogate in \\u escape");
            }
            AppendUtf8(out, cp);
            break;
          }
          default:
            return Error(std::string("invalid escape sequence '\\") + e + "'");
        }
        continue;
      }
      if (c < 0x80) {
        out += static_cast<char>(c);
        Advance(1);
        continue;
      }
      size_t n = Utf8Length(pos_);
      if (n == 0) return Error("invalid UTF-8 byte 0x" + Hex2(c) + " in string");
      out.append(text_.substr(pos_, n));
      Advance(n);
    }
  }

  bool ReadHex4(uint32_t& cp) {
    if (pos_ + 4 > text_.size()) return Error("incomplete \\u escape");
    for (int i = 0; i < 4; ++i) {
      char h = text_[pos_ + i];
      cp <<= 4;
      if (h >= '0' && h <= '9') {
        cp |= h - '0';
      } else if (h >= 'a' && h <= 'f') {
        cp |= h - 'a' + 10;
      } else if (h >= 'A' && h <= 'F') {
        cp |= h - 'A' + 10;
      } else {
        return Error("invalid hex digit in \\u escape");
      }
    }
    Advance(4);
    return true;
  }

  // Length of a well-formed UTF-8 sequence at `at`, or 0.
  size_t Utf8Length(size_t at) const {
    auto b = [&](size_t i) { return static_cast<unsigned char>(text_[at + i]); };
    unsigned char c = b(0);
    size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (n == 0 || at + n > text_.size()) return 0;
    for (size_t i = 1; i < n; ++i) {
      if ((b(i) & 0xC0) != 0x80) return 0;
    }
    if (n == 3 && ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) >= 0xA0))) return 0;
    if (n == 4 && ((c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) >= 0x90))) return 0;
    return n;
  }

  static void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
  static std::string Hex2(unsigned c) {
    const char* d = "0123456789ABCDEF";
    return {d[(c >> 4) & 0xF], d[c & 0xF]};
  }
  static std::string Hex4(unsigned c) { return "00" + Hex2(c); }

  void SkipSpace() {
    while (!AtEnd()) {
      char c = Peek();
      if (c == ' ' || c == '\t' || c == '\r') {
        Advance(1);
      } else if (c == '\n') {
        ++line_;
        ++pos_;
        line_start_ = pos_;
      } else {
        break;
      }
    }
  }

  // Strings never contain raw newlines, so only SkipSpace moves to a new line.
  void Advance(size_t n) { pos_ += n; }
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }
  SourceLocation Here() const { return {line_, static_cast<int>(pos_ - line_start_) + 1}; }

  std::string Describe() const {
    if (AtEnd()) return "end of input";
    unsigned char c = static_cast<unsigned char>(Peek());
    if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
    return "byte 0x" + Hex2(c);
  }

  bool Error(std::string message) {
    error_ = ParseError{std::move(message), Here()};
    return false;
  }
  Result<Document, ParseError> Fail(std::string message) {
    Error(std::move(message));
    return Unexpected(std::move(error_));
  }

  std::string_view text_;
  bool track_;
  int max_depth_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
  Document doc_;
  ParseError error_;
};

}  // namespace

std::string ParseError::ToString() const {
  if (!where.known()) return message;
  return "line " + std::to_string(where.line) + ", column " + std::to_string(where.column) + ": " +
         message;
}

Result<Document, ParseError> ReadJson(std::string_view text, const JsonReadOptions& options) {
  return Reader(text, options).Run();
}

}  // namespace tern::asl
