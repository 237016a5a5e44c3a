#include "common/json_text.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace tern {
namespace {

// Thrown (and caught below) when the fast writer meets something it leaves to nlohmann: a
// string that is not valid UTF-8 (its replacement rules are nlohmann's), binary or discarded
// values. Rare by construction, so the exception costs nothing on the common path.
struct NeedsNlohmann {};

// True when `s` is well-formed UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates,
// nothing above U+10FFFF): exactly what nlohmann's decoder accepts.
bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return false;
    }
    if (i + len > n) return false;
    const auto second = static_cast<unsigned char>(s[i + 1]);
    if (second < lo || second > hi) return false;
    for (size_t k = 2; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (b < 0x80 || b > 0xBF) return false;
    }
    i += len;
  }
  return true;
}

void AppendString(std::string_view s, std::string& out) {
  out.push_back('"');
  size_t run = 0;  // start of the bytes not yet copied
  bool non_ascii = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      non_ascii = true;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out.append("\\\"", 2);
        break;
      case '\\':
        out.append("\\\\", 2);
        break;
      case '\b':
        out.append("\\b", 2);
        break;
      case '\f':
        out.append("\\f", 2);
        break;
      case '\n':
        out.append("\\n", 2);
        break;
      case '\r':
        out.append("\\r", 2);
        break;
      case '\t':
        out.append("\\t", 2);
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char escape[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escape, 6);
      }
    }
  }
  if (non_ascii && !IsValidUtf8(s)) throw NeedsNlohmann{};
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void AppendValue(const Json& v, std::string& out) {
  switch (v.type()) {
    case Json::value_t::null:
      out.append("null", 4);
      return;
    case Json::value_t::boolean:
      if (v.get<bool>()) {
        out.append("true", 4);
      } else {
        out.append("false", 5);
      }
      return;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: {
      char buf[24];
      auto r = v.is_number_unsigned()
                   ? std::to_chars(buf, buf + sizeof buf, v.get<uint64_t>())
                   : std::to_chars(buf, buf + sizeof buf, v.get<int64_t>());
      out.append(buf, static_cast<size_t>(r.ptr - buf));
      return;
    }
    case Json::value_t::number_float: {
      const double d = v.get<double>();
      if (!std::isfinite(d)) {
        out.append("null", 4);
        return;
      }
      // nlohmann's own shortest round-trip formatting (Grisu2, ".0" on integral values), so
      // numbers read the same whichever writer produced them.
      char buf[64];
      char* end = ::nlohmann::detail::to_chars(buf, buf + sizeof buf, d);
      out.append(buf, static_cast<size_t>(end - buf));
      return;
    }
    case Json::value_t::string:
      AppendString(v.get_ref<const std::string&>(), out);
      return;
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const Json& item : v) {
        if (!first) out.push_back(',');
        first = false;
        AppendValue(item, out);
      }
      out.push_back(']');
      return;
    }
    case Json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out.push_back(',');
        first = false;
        AppendString(it.key(), out);
        out.push_back(':');
        AppendValue(it.value(), out);
      }
      out.push_back('}');
      return;
    }
    case Json::value_t::binary:
    case Json::value_t::discarded:
      throw NeedsNlohmann{};
  }
}

}  // namespace

void AppendCompact(const Json& value, std::string& out) {
  const size_t mark = out.size();
  try {
    AppendValue(value, out);
  } catch (const NeedsNlohmann&) {
    out.resize(mark);
    out += value.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

void AppendJsonString(std::string_view text, std::string& out) {
  const size_t mark = out.size();
  try {
    AppendString(text, out);
  } catch (const NeedsNlohmann&) {
    out.resize(mark);
    out += Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

std::string DumpCompact(const Json& value) {
  std::string out;
  AppendCompact(value, out);
  return out;
}

}  // namespace tern
