// String functions (functions.js): $string $length $substring $substringBefore
// $substringAfter $uppercase $lowercase $trim $pad $contains $split $join $match $replace
// $base64encode $base64decode $encodeUrl(Component) $decodeUrl(Component) $eval.
#include <cmath>
#include <cstdio>
#include <cstring>

#include "asl/jsonata/ast.h"
#include "asl/jsonata/errors.h"
#include "asl/jsonata/library.h"
#include "asl/jsonata/matcher.h"
#include "asl/jsonata/utf8.h"

namespace tern::asl::jsonata {
namespace {

// JavaScript's Array.prototype.slice index normalisation.
size_t SliceIndex(double i, size_t len) {
  if (std::isnan(i)) return 0;
  i = std::trunc(i);
  if (i < 0)
    return i + static_cast<double>(len) < 0 ? 0 : static_cast<size_t>(i + static_cast<double>(len));
  return i > static_cast<double>(len) ? len : static_cast<size_t>(i);
}

std::string Substring(const std::string& s, double start, const Value& length) {
  std::vector<uint32_t> cps = ToCodePoints(s);
  const size_t len = cps.size();
  if (static_cast<double>(len) + start < 0) start = 0;
  if (length.IsDefined()) {
    double l = length.number();
    if (l <= 0) return "";
    double end = start >= 0 ? start + l : static_cast<double>(len) + start + l;
    size_t b = SliceIndex(start, len);
    size_t e = SliceIndex(end, len);
    return b < e ? FromCodePoints(cps, b, e) : "";
  }
  return FromCodePoints(cps, SliceIndex(start, len), len);
}

Value FnString(Evaluator&, std::vector<Value>& args, const Value&) {
  const Value& arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  if (arg.IsString()) return arg;
  bool pretty = ToBoolean(Arg(args, 1));
  if (arg.IsFunction()) return Value::String("");
  if (arg.IsNumber() && !std::isfinite(arg.number())) {
    ThrowError("D3001", -1, "", FormatNumber(arg.number()));
  }
  return Value::String(StringifyValue(arg, pretty));
}

Value FnLength(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  return Value::Number(static_cast<double>(CodePointLength(args[0].str())));
}

Value FnSubstring(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  return Value::String(Substring(args[0].str(), Arg(args, 1).number(), Arg(args, 2)));
}

Value FnSubstringBefore(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  if (Arg(args, 1).IsUndefined()) return args[0];
  const std::string& s = args[0].str();
  size_t i = s.find(args[1].str());
  return i == std::string::npos ? args[0] : Value::String(s.substr(0, i));
}

Value FnSubstringAfter(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  if (Arg(args, 1).IsUndefined()) return args[0];
  const std::string& s = args[0].str();
  size_t i = s.find(args[1].str());
  return i == std::string::npos ? args[0] : Value::String(s.substr(i + args[1].str().size()));
}

std::string MapCase(const std::string& s, bool upper) {
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    uint32_t c = DecodeUtf8(s, &pos);
    if (upper) {
      if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7) ||
          (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) || (c >= 0x430 && c <= 0x44F)) {
        c -= 32;
      } else if (c >= 0x450 && c <= 0x45F) {
        c -= 80;
      }
    } else {
      if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
          (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) || (c >= 0x410 && c <= 0x42F)) {
        c += 32;
      } else if (c >= 0x400 && c <= 0x40F) {
        c += 80;
      }
    }
    AppendUtf8(&out, c);
  }
  return out;
}

Value FnUppercase(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  return Value::String(MapCase(args[0].str(), true));
}

Value FnLowercase(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  return Value::String(MapCase(args[0].str(), false));
}

Value FnTrim(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  std::string out;
  bool in_space = false;
  for (char c : args[0].str()) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!in_space) out += ' ';
      in_space = true;
    } else {
      out += c;
      in_space = false;
    }
  }
  if (!out.empty() && out.front() == ' ') out.erase(0, 1);
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return Value::String(std::move(out));
}

Value FnPad(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  const std::string& s = args[0].str();
  double width = Arg(args, 1).number();
  std::string ch = Arg(args, 2).IsString() && !args[2].str().empty() ? args[2].str() : " ";
  double pad_length = std::fabs(width) - static_cast<double>(CodePointLength(s));
  if (pad_length <= 0) return args[0];
  auto n = static_cast<size_t>(pad_length);
  std::string padding;
  for (size_t i = 0; i < n; ++i) padding += ch;
  if (CodePointLength(ch) > 1)
    padding = Substring(padding, 0, Value::Number(static_cast<double>(n)));
  return Value::String(width > 0 ? s + padding : padding + s);
}

Value FnContains(Evaluator& ev, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined() || Arg(args, 1).IsUndefined()) return Value();
  const std::string& s = args[0].str();
  if (Arg(args, 1).IsString()) return Value::Bool(s.find(args[1].str()) != std::string::npos);
  Matcher m(&ev, args[1], s);
  return Value::Bool(m.Next().has_value());
}

Value FnSplit(Evaluator& ev, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  const Value& limit_v = Arg(args, 2);
  if (limit_v.IsDefined() && limit_v.number() < 0)
    ThrowError("D3020", -1, "", FormatNumber(limit_v.number()));
  ArrayNode* out;
  Value result = NewArray(&out);
  const bool has_limit = limit_v.IsDefined();
  const size_t limit = has_limit ? static_cast<size_t>(limit_v.number()) : 0;
  if (has_limit && limit == 0) return result;
  const std::string& s = args[0].str();
  if (args[1].IsString()) {
    const std::string& sep = args[1].str();
    if (sep.empty()) {
      std::vector<uint32_t> cps = ToCodePoints(s);
      for (size_t i = 0; i < cps.size() && (!has_limit || i < limit); ++i) {
        out->push_back(Value::String(FromCodePoints(cps, i, i + 1)));
      }
      return result;
    }
    size_t start = 0;
    for (;;) {
      if (has_limit && out->size() >= limit) break;
      size_t i = s.find(sep, start);
      if (i == std::string::npos) {
        out->push_back(Value::String(s.substr(start)));
        break;
      }
      out->push_back(Value::String(s.substr(start, i - start)));
      start = i + sep.size();
    }
    return result;
  }
  std::vector<uint32_t> cps = ToCodePoints(s);
  Matcher m(&ev, args[1], s);
  size_t start = 0;
  size_t count = 0;
  auto match = m.Next();
  if (!match) {
    out->push_back(args[0]);
    return result;
  }
  while (match && (!has_limit || count < limit)) {
    out->push_back(Value::String(FromCodePoints(cps, start, match->start)));
    start = match->end;
    match = m.Next();
    ++count;
  }
  if (!has_limit || count < limit)
    out->push_back(Value::String(FromCodePoints(cps, start, cps.size())));
  return result;
}

Value FnJoin(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  std::string sep = Arg(args, 1).IsString() ? args[1].str() : "";
  std::string out;
  for (size_t i = 0, n = args[0].size(); i < n; ++i) {
    if (i > 0) out += sep;
    out += args[0].at(i).str();
  }
  return Value::String(std::move(out));
}

Value FnMatch(Evaluator& ev, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  const Value& limit_v = Arg(args, 2);
  if (limit_v.IsDefined() && limit_v.number() < 0)
    ThrowError("D3040", -1, "", FormatNumber(limit_v.number()));
  ArrayNode* out;
  Value result = NewSequence(&out);
  const bool has_limit = limit_v.IsDefined();
  const size_t limit = has_limit ? static_cast<size_t>(limit_v.number()) : 0;
  if (has_limit && limit == 0) return result;
  Matcher m(&ev, args[1], args[0].str());
  size_t count = 0;
  for (auto match = m.Next(); match && (!has_limit || count < limit); match = m.Next()) {
    ObjectNode* o;
    Value obj = NewObject(&o);
    o->Append("match", Value::String(match->match));
    o->Append("index", Value::Number(static_cast<double>(match->start)));
    ArrayNode* groups;
    Value g = NewArray(&groups);
    groups->items = match->groups;
    o->Append("groups", g);
    out->push_back(obj);
    ++count;
  }
  return result;
}

std::string SubstituteGroups(const std::string& replacement, const MatchResult& match) {
  std::string out;
  size_t position = 0;
  size_t index = replacement.find('$', position);
  while (index != std::string::npos && position < replacement.size()) {
    out += replacement.substr(position, index - position);
    position = index + 1;
    char dollar = position < replacement.size() ? replacement[position] : '\0';
    if (dollar == '$') {
      out += '$';
      ++position;
    } else if (dollar == '0') {
      out += match.match;
      ++position;
    } else {
      size_t groups = match.groups.size();
      size_t max_digits = groups == 0 ? 1 : static_cast<size_t>(std::floor(std::log10(groups))) + 1;
      auto parse = [&](size_t digits) -> long {
        std::string part = replacement.substr(position, digits);
        size_t k = 0;
        while (k < part.size() && std::isdigit(static_cast<unsigned char>(part[k]))) ++k;
        if (k == 0) return -1;
        return std::stol(part.substr(0, k));
      };
      long group = parse(max_digits);
      if (max_digits > 1 && group > static_cast<long>(groups)) group = parse(max_digits - 1);
      if (group >= 0) {
        if (groups > 0 && group >= 1 && static_cast<size_t>(group) <= groups) {
          const Value& sub = match.groups[static_cast<size_t>(group) - 1];
          if (sub.IsString()) out += sub.str();
        }
        position += std::to_string(group).size();
      } else {
        out += '$';
      }
    }
    index = replacement.find('$', position);
  }
  if (position < replacement.size()) out += replacement.substr(position);
  return out;
}

Value FnReplace(Evaluator& ev, std::vector<Value>& args, const Value& input) {
  if (Arg(args, 0).IsUndefined()) return Value();
  const Value& pattern = Arg(args, 1);
  const Value& replacement = Arg(args, 2);
  const Value& limit_v = Arg(args, 3);
  if (pattern.IsString() && pattern.str().empty()) ThrowError("D3010");
  if (limit_v.IsDefined() && limit_v.number() < 0) ThrowError("D3011");
  const bool has_limit = limit_v.IsDefined();
  const size_t limit = has_limit ? static_cast<size_t>(limit_v.number()) : 0;
  const std::string& s = args[0].str();
  if (has_limit && limit == 0) return args[0];
  std::string out;
  size_t count = 0;
  if (pattern.IsString()) {
    const std::string& p = pattern.str();
    std::string rep = replacement.IsString() ? replacement.str() : "";
    size_t position = 0;
    size_t index = s.find(p, position);
    while (index != std::string::npos && (!has_limit || count < limit)) {
      out += s.substr(position, index - position);
      out += rep;
      position = index + p.size();
      ++count;
      index = s.find(p, position);
    }
    out += s.substr(position);
    return Value::String(std::move(out));
  }
  std::vector<uint32_t> cps = ToCodePoints(s);
  Matcher m(&ev, pattern, s);
  auto match = m.Next();
  if (!match) return args[0];
  size_t position = 0;
  while (match && (!has_limit || count < limit)) {
    out += FromCodePoints(cps, position, match->start);
    if (replacement.IsString()) {
      out += SubstituteGroups(replacement.str(), *match);
    } else {
      Value replaced = ev.Apply(replacement, {match->object}, input, ev.root_frame());
      if (!replaced.IsString()) ThrowError("D3012", -1, "", StringifyValue(replaced, false));
      out += replaced.str();
    }
    position = match->start + CodePointLength(match->match);
    ++count;
    match = m.Next();
  }
  out += FromCodePoints(cps, position, cps.size());
  return Value::String(std::move(out));
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

Value FnBase64Encode(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  // The reference encodes the string's "binary" (Latin-1) form.
  std::string bytes;
  for (uint32_t cp : ToCodePoints(args[0].str())) {
    if (cp < 256) {
      bytes.push_back(static_cast<char>(cp));
    } else {
      AppendUtf8(&bytes, cp);
    }
  }
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += kBase64[n & 63];
  }
  if (i < bytes.size()) {
    uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kBase64[(n >> 6) & 63] : '=';
    out += '=';
  }
  return Value::String(std::move(out));
}

Value FnBase64Decode(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  std::string bytes;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : args[0].str()) {
    const char* p = std::strchr(kBase64, c);
    if (c == '=' || c == 0 || p == nullptr) continue;
    acc = (acc << 6) | static_cast<uint32_t>(p - kBase64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  std::string out;
  for (char b : bytes) AppendUtf8(&out, static_cast<unsigned char>(b));
  return Value::String(std::move(out));
}

std::string PercentEncode(const std::string& s, const char* keep) {
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || (c < 0x80 && std::strchr(keep, ch) != nullptr && ch != 0)) {
      out += ch;
    } else {
      char buf[4];
      std::snprintf(buf, sizeof(buf), "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// decodeURI(Component): `reserved` characters stay escaped (decodeURI keeps ;/?:@&=+$,#).
std::string PercentDecode(const std::string& s, const char* reserved, const std::string& fn) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) ThrowError("D3140", -1, fn, s);
    auto hex = [&](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    int h = hex(s[i + 1]);
    int l = hex(s[i + 2]);
    if (h < 0 || l < 0) ThrowError("D3140", -1, fn, s);
    char c = static_cast<char>(h * 16 + l);
    if (static_cast<unsigned char>(c) < 0x80 && c != 0 && std::strchr(reserved, c) != nullptr) {
      out += s.substr(i, 3);
    } else {
      out += c;
    }
    i += 2;
  }
  // Validate UTF-8 as decodeURIComponent would (malformed sequences throw URIError).
  size_t pos = 0;
  while (pos < out.size()) {
    auto c = static_cast<unsigned char>(out[pos]);
    int extra = c < 0x80           ? 0
                : (c >> 5) == 0x6  ? 1
                : (c >> 4) == 0xE  ? 2
                : (c >> 3) == 0x1E ? 3
                                   : -1;
    if (extra < 0 || pos + static_cast<size_t>(extra) >= out.size() + (extra == 0 ? 1 : 0)) {
      ThrowError("D3140", -1, fn, s);
    }
    for (int k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(out[pos + static_cast<size_t>(k)]) & 0xC0) != 0x80) {
        ThrowError("D3140", -1, fn, s);
      }
    }
    pos += static_cast<size_t>(extra) + 1;
  }
  return out;
}

bool HasLoneSurrogate(const std::string& s) {
  for (uint32_t cp : ToCodePoints(s)) {
    if (cp >= 0xD800 && cp <= 0xDFFF) return true;
  }
  return false;
}

Value FnEncodeUrlComponent(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  if (HasLoneSurrogate(args[0].str())) ThrowError("D3140", -1, "encodeUrlComponent", args[0].str());
  return Value::String(PercentEncode(args[0].str(), "-_.!~*'()"));
}

Value FnEncodeUrl(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  if (HasLoneSurrogate(args[0].str())) ThrowError("D3140", -1, "encodeUrl", args[0].str());
  return Value::String(PercentEncode(args[0].str(), "-_.!~*'();/?:@&=+$,#"));
}

Value FnDecodeUrlComponent(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  return Value::String(PercentDecode(args[0].str(), "", "decodeUrlComponent"));
}

Value FnDecodeUrl(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  return Value::String(PercentDecode(args[0].str(), ";/?:@&=+$,#", "decodeUrl"));
}

Value FnEval(Evaluator& ev, std::vector<Value>& args, const Value& input) {
  if (Arg(args, 0).IsUndefined()) return Value();
  Value focus = input;
  if (Arg(args, 1).IsDefined()) {
    focus = args[1];
    if (focus.IsArray() && !focus.IsSequence()) {
      ArrayNode* a;
      Value wrapped = NewSequence(&a);
      a->items.push_back(focus);
      a->outer_wrapper = true;
      focus = wrapped;
    }
  }
  std::shared_ptr<Ast> ast;
  try {
    ast = ParseExpression(args[0].str());
  } catch (JsonataError& err) {
    ThrowError("D3120", -1, "", err.error.message);
  }
  ev.KeepAlive(ast);
  try {
    return ev.Evaluate(ast->root, focus, ev.current_env());
  } catch (JsonataError& err) {
    if (err.error.code == "U1001" || err.error.code == "U1002") throw;
    ThrowError("D3121", -1, "", err.error.message);
  }
}

}  // namespace

void RegisterStringFunctions(FunctionTable* t) {
  t->Add("string", "<x-b?:s>", FnString, 1);  // JS length: prettify has a default
  t->Add("length", "<s-:n>", FnLength, 1);
  t->Add("substring", "<s-nn?:s>", FnSubstring, 3);
  t->Add("substringBefore", "<s-s:s>", FnSubstringBefore, 2);
  t->Add("substringAfter", "<s-s:s>", FnSubstringAfter, 2);
  t->Add("uppercase", "<s-:s>", FnUppercase, 1);
  t->Add("lowercase", "<s-:s>", FnLowercase, 1);
  t->Add("trim", "<s-:s>", FnTrim, 1);
  t->Add("pad", "<s-ns?:s>", FnPad, 3);
  t->Add("contains", "<s-(sf):b>", FnContains, 2);
  t->Add("split", "<s-(sf)n?:a<s>>", FnSplit, 3);
  t->Add("join", "<a<s>s?:s>", FnJoin, 2);
  t->Add("match", "<s-f<s:o>n?:a<o>>", FnMatch, 3);
  t->Add("replace", "<s-(sf)(sf)n?:s>", FnReplace, 4);
  t->Add("base64encode", "<s-:s>", FnBase64Encode, 1);
  t->Add("base64decode", "<s-:s>", FnBase64Decode, 1);
  t->Add("encodeUrlComponent", "<s-:s>", FnEncodeUrlComponent, 1);
  t->Add("encodeUrl", "<s-:s>", FnEncodeUrl, 1);
  t->Add("decodeUrlComponent", "<s-:s>", FnDecodeUrlComponent, 1);
  t->Add("decodeUrl", "<s-:s>", FnDecodeUrl, 1);
  t->Add("eval", "<sx?:x>", FnEval, 2);
}

}  // namespace tern::asl::jsonata
