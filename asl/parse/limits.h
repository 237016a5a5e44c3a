// Limits the readers enforce, so hostile input fails with a message instead of a crash.
#pragma once

#include <cstddef>

#include "common/json_depth.h"

namespace tern::asl {

// AWS's maximum state machine definition size.
inline constexpr size_t kMaxDefinitionBytes = 1024 * 1024;
// Deeper nesting is refused; the readers never recurse on the input's depth beyond this. The
// same limit as for JSON that enters an execution from elsewhere (common/json_depth.h).
inline constexpr int kMaxNestingDepth = kMaxJsonNesting;
// Bounds YAML alias expansion ("billion laughs").
inline constexpr size_t kMaxYamlNodes = 2'000'000;

}  // namespace tern::asl
