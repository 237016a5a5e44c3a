// How deeply JSON text nests, found with one pass over its bytes (no parse).
//
// Why: JSON that enters an execution from outside (an API input, a function's result, a task
// token's output, a string given to States.StringToJson or $parse) is parsed without a depth
// limit, but much of what handles a value afterwards recurses on its depth (writing it out,
// copying it, comparing it): 100,000 nested arrays, 200 KB of text, overflowed the stack. Such
// text is refused where it enters, at the depth tern's own readers refuse (1,000 levels, as
// Jackson's default that AWS's services use).
#pragma once

#include <string_view>

namespace tern {

inline constexpr int kMaxJsonNesting = 1000;

// True when the arrays and objects in `text` nest deeper than `limit` (brackets inside strings
// do not count). Text that is not JSON is judged by its brackets alone.
bool JsonNestsDeeperThan(std::string_view text, int limit = kMaxJsonNesting);

}  // namespace tern
