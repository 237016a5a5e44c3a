// What a JSONPath-mode expression (path, intrinsic call, payload template) is evaluated against:
// the state data (`$`), the context object (`$$`) and the workflow variables (`$name`).
#pragma once

#include <string_view>

#include "common/json.h"

namespace tern::asl::jsonpath {

// Looks up a workflow variable by name (without the '$'); null when it is not defined.
class VariableLookup {
 public:
  virtual ~VariableLookup() = default;
  virtual const Json* Find(std::string_view name) const = 0;
};

struct PathContext {
  const Json* input = nullptr;             // `$`
  const Json* context = nullptr;           // `$$`
  const VariableLookup* variables = nullptr;  // `$name`; null = no variables defined
};

}  // namespace tern::asl::jsonpath
