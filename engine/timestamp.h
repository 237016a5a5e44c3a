// Timestamps as Step Functions writes and accepts them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/clock.h"

namespace tern::engine {

// "2024-01-01T12:00:00.123Z" (UTC, milliseconds), the context object's and history's format.
std::string FormatTimestamp(TimeMs t);

// Parses the RFC 3339 profile Wait/Choice accept: YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm),
// uppercase T and Z. Returns milliseconds since the epoch, or nullopt when malformed/out of range.
std::optional<TimeMs> ParseTimestamp(std::string_view text);

}  // namespace tern::engine
