// Helpers shared by the evaluator's source files (not part of the module's interface).
#pragma once

#include <string>

#include "asl/jsonata/evaluator.h"

namespace tern::asl::jsonata::detail {

// A tuple of the tuple stream: an object whose "@" is the context value.
Value Tuple(const Value& at);
Value CopyTuple(const Value& tuple);
// Gives a borrowed Json array its own node so flags can be set on it.
ArrayNode* EnsureArrayNode(Value* v);
// The JSON text of a value for error messages.
inline std::string Describe(const Value& v) { return StringifyValue(v, false); }

}  // namespace tern::asl::jsonata::detail
