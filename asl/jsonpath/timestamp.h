// RFC 3339 timestamps as Step Functions accepts them (Choice Timestamp* operators, IsTimestamp):
// YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm). Parsed to an instant so that equal instants written
// with different offsets or precisions compare equal.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tern::asl::jsonpath {

struct Instant {
  int64_t seconds = 0;  // since 1970-01-01T00:00:00Z
  int64_t nanos = 0;    // 0..999'999'999
  auto operator<=>(const Instant&) const = default;
};

// Null when `text` is not a valid RFC 3339 date-time with a zone (T separator, real calendar
// date, hours < 24, minutes and seconds < 60).
std::optional<Instant> ParseTimestamp(std::string_view text);

}  // namespace tern::asl::jsonpath
