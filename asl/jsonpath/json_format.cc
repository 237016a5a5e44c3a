#include "asl/jsonpath/json_format.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

namespace tern::asl::jsonpath {
namespace {

// Java's Double.toString: plain notation for 1e-3 <= |d| < 1e7 (always with a fraction digit),
// otherwise d.dddE<exp>. Digits are the shortest that round-trip.
std::string JavaDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);  // e.g. "-1.2345e+07"
  std::string sign;
  if (sci[0] == '-') {
    sign = "-";
    sci.erase(0, 1);
  }
  size_t e = sci.find('e');
  int exponent = std::atoi(sci.c_str() + e + 1);
  std::string digits;
  for (size_t i = 0; i < e; ++i) {
    if (sci[i] != '.') digits += sci[i];
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  double magnitude = std::fabs(d);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    std::string out;
    if (exponent >= 0) {
      size_t int_len = static_cast<size_t>(exponent) + 1;
      if (digits.size() <= int_len) {
        out = digits + std::string(int_len - digits.size(), '0') + ".0";
      } else {
        out = digits.substr(0, int_len) + "." + digits.substr(int_len);
      }
    } else {
      out = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    }
    return sign + out;
  }
  std::string mantissa = digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0");
  return sign + mantissa + "E" + std::to_string(exponent);
}

// Jackson's string escaping: the short forms for \b \t \n \f \r, \uXXXX (uppercase hex) for
// other control characters, everything else (including non-ASCII) as is.
void AppendQuoted(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '"';
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += kHex[u >> 4];
          out += kHex[u & 15];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void AppendCompact(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.items()) {
        if (!first) out += ',';
        first = false;
        AppendQuoted(key, out);
        out += ':';
        AppendCompact(member, out);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      for (size_t i = 0; i < value.size(); ++i) {
        if (i) out += ',';
        AppendCompact(value[i], out);
      }
      out += ']';
      return;
    }
    case Json::value_t::number_float:
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      out += FormatJavaNumber(value);
      return;
    case Json::value_t::string:
      AppendQuoted(value.get_ref<const std::string&>(), out);
      return;
    default:
      out += value.dump(-1, ' ', false, Json::error_handler_t::replace);
      return;
  }
}

void AppendJava(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.items()) {
        if (!first) out += ", ";
        first = false;
        out += key;
        out += '=';
        AppendJava(member, out);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      for (size_t i = 0; i < value.size(); ++i) {
        if (i) out += ", ";
        AppendJava(value[i], out);
      }
      out += ']';
      return;
    }
    case Json::value_t::string:
      out += value.get_ref<const std::string&>();
      return;
    case Json::value_t::null:
      out += "null";
      return;
    default:
      AppendCompact(value, out);
      return;
  }
}

}  // namespace

std::string FormatJavaNumber(const Json& number) {
  if (number.is_number_integer()) return number.dump();
  if (number.is_number_float()) return JavaDouble(number.get<double>());
  return number.dump();
}

std::string ToCompactJson(const Json& value) {
  std::string out;
  AppendCompact(value, out);
  return out;
}

std::string ToJavaString(const Json& value) {
  std::string out;
  AppendJava(value, out);
  return out;
}

}  // namespace tern::asl::jsonpath
