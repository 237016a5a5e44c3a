// Deep equality for comparing tern's results with AWS recordings: numbers compare as numbers
// (1 == 1.0) and object key order is ignored (recordings do not promise an order).
#pragma once

#include "common/json.h"

namespace tern::testing {

inline bool JsonEquivalent(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_number_float() || b.is_number_float()) return a.get<double>() == b.get<double>();
    return a == b;
  }
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !JsonEquivalent(it.value(), *other)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!JsonEquivalent(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace tern::testing
