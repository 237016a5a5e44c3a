#include "asl/jsonpath/java_collections.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace tern::asl::jsonpath {
namespace {

constexpr int32_t kTrueHash = 1231;   // Boolean.hashCode(true)
constexpr int32_t kFalseHash = 1237;  // Boolean.hashCode(false)
constexpr double kLoadFactor = 0.75;

// Java int arithmetic wraps; do it in unsigned and convert back.
int32_t Wrap(uint32_t v) {
  int32_t out;
  std::memcpy(&out, &v, sizeof(out));
  return out;
}

int32_t LongHash(int64_t v) {
  auto u = static_cast<uint64_t>(v);
  return Wrap(static_cast<uint32_t>(u ^ (u >> 32)));
}

bool FitsInt(const Json& n) {
  if (n.is_number_unsigned()) return n.get<uint64_t>() <= 2147483647ULL;
  int64_t v = n.get<int64_t>();
  return v >= -2147483648LL && v <= 2147483647LL;
}

// HashMap.hash(): spreads the high bits into the low ones.
uint32_t Spread(int32_t h) {
  auto u = static_cast<uint32_t>(h);
  return u ^ (u >> 16);
}

}  // namespace

int32_t JavaStringHash(std::string_view s) {
  uint32_t h = 0;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    if (i + len > s.size()) len = 1;
    uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      h = 31 * h + (0xD800 + (cp >> 10));
      h = 31 * h + (0xDC00 + (cp & 0x3FF));
    } else {
      h = 31 * h + cp;
    }
  }
  return Wrap(h);
}

int32_t JavaHashCode(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return 0;
    case Json::value_t::boolean:
      return value.get<bool>() ? kTrueHash : kFalseHash;
    case Json::value_t::string:
      return JavaStringHash(value.get_ref<const std::string&>());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      if (FitsInt(value)) return static_cast<int32_t>(value.get<int64_t>());
      return LongHash(value.is_number_unsigned() ? static_cast<int64_t>(value.get<uint64_t>())
                                                 : value.get<int64_t>());
    case Json::value_t::number_float: {
      double d = value.get<double>();
      int64_t bits;
      if (std::isnan(d)) d = std::nan("");  // doubleToLongBits canonicalizes NaN
      std::memcpy(&bits, &d, sizeof(bits));
      return LongHash(bits);
    }
    case Json::value_t::array: {
      uint32_t h = 1;
      for (const Json& e : value) h = 31 * h + static_cast<uint32_t>(JavaHashCode(e));
      return Wrap(h);
    }
    case Json::value_t::object: {
      uint32_t h = 0;
      for (const auto& [key, member] : value.items()) {
        h += static_cast<uint32_t>(JavaStringHash(key) ^ JavaHashCode(member));
      }
      return Wrap(h);
    }
    default:
      return 0;
  }
}

bool JavaEquals(const Json& a, const Json& b) {
  if (a.is_number_float() != b.is_number_float()) return false;
  if (a.is_number_float()) {
    double x = a.get<double>(), y = b.get<double>();
    return std::memcmp(&x, &y, sizeof(x)) == 0 || (std::isnan(x) && std::isnan(y));
  }
  if (a.is_number() && b.is_number()) {
    // Integer and Long are different classes: a value in int range never equals one outside.
    return a == b;
  }
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!JavaEquals(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& [key, member] : a.items()) {
      auto it = b.find(key);
      if (it == b.end() || !JavaEquals(member, *it)) return false;
    }
    return true;
  }
  return a == b;
}

size_t JavaTableSizeFor(size_t n) {
  size_t cap = 1;
  while (cap < n) cap <<= 1;
  return cap;
}

std::vector<size_t> HashMapIterationOrder(const std::vector<int32_t>& hashes,
                                          size_t initial_capacity) {
  size_t capacity = std::max<size_t>(initial_capacity, 1);
  for (size_t size = 1; size <= hashes.size(); ++size) {
    if (static_cast<double>(size) > static_cast<double>(capacity) * kLoadFactor) capacity *= 2;
  }
  std::vector<size_t> order(hashes.size());
  std::iota(order.begin(), order.end(), 0);
  // A resize splits each bucket keeping relative order, so the final order is the insertion
  // order stably sorted by final bucket.
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return (Spread(hashes[x]) & (capacity - 1)) < (Spread(hashes[y]) & (capacity - 1));
  });
  return order;
}

}  // namespace tern::asl::jsonpath
