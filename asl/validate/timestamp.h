// The timestamp format Step Functions accepts in Wait's Timestamp and Choice's Timestamp*
// operators (ASL.md §13): YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm|-hh:mm), uppercase T and Z.
#pragma once

#include <string_view>

namespace tern::asl::validate {

bool IsTimestamp(std::string_view text);

}  // namespace tern::asl::validate
