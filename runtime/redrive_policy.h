// Which ended executions RedriveExecution accepts (AWS's rules): STANDARD executions that
// FAILED, TIMED_OUT or were ABORTED, stopped at most 14 days ago, redriven fewer than 1000
// times. DescribeExecution reports the same verdict as redriveStatus/redriveStatusReason.
#pragma once

#include <optional>
#include <string>

#include "storage/store.h"

namespace tern::runtime {

inline constexpr int64_t kMaxRedrives = 1000;
inline constexpr storage::TimeMs kRedriveWindowMs = 14LL * 24 * 60 * 60 * 1000;

// nullopt: redrivable at `now`; otherwise why not (AWS's redriveStatusReason wording).
// `execution` must be read from the store (has_checkpoint says whether a redrive point is kept).
std::optional<std::string> NotRedrivableReason(const storage::ExecutionRecord& execution,
                                               storage::TimeMs now);

}  // namespace tern::runtime
