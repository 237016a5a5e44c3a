// Limits the readers enforce, so hostile input fails with a message instead of a crash.
#pragma once

#include <cstddef>

namespace tern::asl {

// AWS's maximum state machine definition size.
inline constexpr size_t kMaxDefinitionBytes = 1024 * 1024;
// Deeper nesting is refused; the readers never recurse on the input's depth beyond this.
inline constexpr int kMaxNestingDepth = 1000;
// Bounds YAML alias expansion ("billion laughs").
inline constexpr size_t kMaxYamlNodes = 2'000'000;

}  // namespace tern::asl
