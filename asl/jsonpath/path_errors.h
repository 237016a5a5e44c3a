// AWS's texts for a Path that matches nothing, shared by every place that reports one (payload
// templates, intrinsic arguments, and the engine's ErrorPath/CausePath).
#pragma once

#include <string>
#include <string_view>

#include "common/json.h"

namespace tern::asl::jsonpath {

// "The JSONPath '$.x' specified for the field 'x.$' could not be found in the input '<input>'",
// with `input` (the state's `$`) as compact JSON.
std::string PathNotFoundCause(std::string_view path, std::string_view field, const Json& input);

}  // namespace tern::asl::jsonpath
