// The string intrinsics: States.Format, StringSplit, Base64Encode, Base64Decode, Hash, UUID.

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "asl/jsonpath/detail/intrinsic_ast.h"
#include "common/digest.h"
#include "asl/jsonpath/json_format.h"

namespace tern::asl::jsonpath::detail {
namespace {

// AWS's limit on the input of Base64Encode, Base64Decode and Hash.
constexpr size_t kMaxEncodedInput = 10000;

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The UTF-8 sequences of `s`, one per code point (invalid bytes stand alone).
std::vector<std::string_view> CodePoints(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + len > s.size()) len = 1;
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

// Java counts string length in UTF-16 code units: a character outside the BMP counts twice.
size_t Utf16Length(std::string_view s) {
  size_t n = 0;
  for (std::string_view cp : CodePoints(s)) n += cp.size() == 4 ? 2 : 1;
  return n;
}

// Replaces each invalid UTF-8 sequence with U+FFFD, as Java's new String(bytes, UTF_8) does.
std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool valid = len > 0 && i + len <= s.size();
    for (size_t k = 1; valid && k < len; ++k) {
      valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    }
    if (valid && len > 1) {
      uint32_t cp = c & (0xFF >> (len + 1));
      for (size_t k = 1; k < len; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
      valid = cp >= kMinForLength[len] && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
    }
    if (valid) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

// States.Format renders each value as Java's String.valueOf would.
std::string FormatArgument(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return FormatJavaNumber(v);
  return ToJavaString(v);
}

}  // namespace

Result<Json, Failure> StatesFormat(const std::vector<Json>& args, const IntrinsicNode& node) {
  if (!args[0].is_string()) return Unexpected(InvalidArguments(node));
  // A literal template keeps its escapes so that \{ and \} are not placeholders.
  bool literal = node.args[0].kind == IntrinsicArg::Kind::kLiteral && node.args[0].is_string;
  std::string_view tmpl = literal ? std::string_view(node.args[0].raw)
                                  : std::string_view(args[0].get_ref<const std::string&>());
  std::string out;
  size_t next_arg = 1;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    char c = tmpl[i];
    if (literal && c == '\\' && i + 1 < tmpl.size()) {
      char escaped = tmpl[++i];
      if (escaped != '\'' && escaped != '{' && escaped != '}' && escaped != '\\') out += c;
      out += escaped;
    } else if (c == '{' || c == '}') {
      // Only "{}" is a placeholder; AWS rejects any other unescaped brace ('Hello {{}}', '}').
      if (c == '}' || i + 1 >= tmpl.size() || tmpl[i + 1] != '}' || next_arg >= args.size()) {
        return Unexpected(InvalidArguments(node));
      }
      out += FormatArgument(args[next_arg++]);
      ++i;
    } else {
      out += c;
    }
  }
  if (next_arg != args.size()) return Unexpected(InvalidArguments(node));
  return Json(std::move(out));
}

// Every character of the second argument is a delimiter; empty tokens are dropped.
Result<Json, Failure> StatesStringSplit(const std::vector<Json>& args, const IntrinsicNode& node) {
  if (!args[0].is_string() || !args[1].is_string()) return Unexpected(InvalidArguments(node));
  std::vector<std::string_view> delimiters = CodePoints(args[1].get_ref<const std::string&>());
  Json out = Json::array();
  std::string token;
  for (std::string_view cp : CodePoints(args[0].get_ref<const std::string&>())) {
    bool is_delimiter = false;
    for (std::string_view d : delimiters) is_delimiter = is_delimiter || d == cp;
    if (!is_delimiter) {
      token += cp;
    } else if (!token.empty()) {
      out.push_back(std::move(token));
      token.clear();
    }
  }
  if (!token.empty()) out.push_back(std::move(token));
  return out;
}

Result<Json, Failure> StatesBase64Encode(const std::vector<Json>& args, const IntrinsicNode& node) {
  if (!args[0].is_string()) return Unexpected(InvalidArguments(node));
  const std::string& in = args[0].get_ref<const std::string&>();
  if (Utf16Length(in) > kMaxEncodedInput) return Unexpected(InvalidArguments(node));
  std::string out;
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<uint8_t>(in[i + 1]) << 8;
    if (i + 2 < in.size()) n |= static_cast<uint8_t>(in[i + 2]);
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? kBase64Alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kBase64Alphabet[n & 63] : '=';
  }
  return Json(std::move(out));
}

// AWS decodes leniently, like Apache commons-codec: characters outside the alphabet (spaces,
// '!') are skipped, the first '=' ends the input, a partial final group still yields its whole
// bytes ('abc' decodes), and the bytes are read as UTF-8 with U+FFFD for invalid sequences.
Result<Json, Failure> StatesBase64Decode(const std::vector<Json>& args, const IntrinsicNode& node) {
  if (!args[0].is_string()) return Unexpected(InvalidArguments(node));
  const std::string& in = args[0].get_ref<const std::string&>();
  if (Utf16Length(in) > kMaxEncodedInput) return Unexpected(InvalidArguments(node));
  std::string bytes;
  uint32_t bits = 0;
  int bit_count = 0;
  for (char c : in) {
    if (c == '=') break;
    size_t value = kBase64Alphabet.find(c);
    if (c == '-') value = 62;  // the URL-safe alphabet is accepted too
    if (c == '_') value = 63;
    if (value == std::string_view::npos) continue;
    bits = (bits << 6) | static_cast<uint32_t>(value);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      bytes += static_cast<char>((bits >> bit_count) & 0xFF);
    }
  }
  return Json(SanitizeUtf8(bytes));
}

// AWS hashes a non-string value by its JSON text (States.Hash(123, 'SHA-256') succeeds).
Result<Json, Failure> StatesHash(const std::vector<Json>& args, const IntrinsicNode& node) {
  if (!args[1].is_string()) return Unexpected(InvalidArguments(node));
  std::string data = args[0].is_string() ? args[0].get<std::string>() : ToCompactJson(args[0]);
  if (Utf16Length(data) > kMaxEncodedInput) return Unexpected(InvalidArguments(node));
  auto digest = HexDigest(args[1].get_ref<const std::string&>(), data);
  if (!digest) return Unexpected(InvalidArguments(node));
  return Json(std::move(*digest));
}

// A random (version 4, variant 1) UUID in lowercase hex.
Result<Json, Failure> StatesUuid(const std::vector<Json>&, const IntrinsicNode&) {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  uint64_t hi = engine(), lo = engine();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    uint64_t word = i < 16 ? hi : lo;
    int shift = 60 - 4 * (i % 16);
    out += kHex[(word >> shift) & 15];
    if (i == 7 || i == 11 || i == 15 || i == 19) out += '-';
  }
  return Json(std::move(out));
}

}  // namespace tern::asl::jsonpath::detail
