#include "runtime/redrive_policy.h"

namespace tern::runtime {

std::optional<std::string> NotRedrivableReason(const storage::ExecutionRecord& execution,
                                               storage::TimeMs now) {
  using storage::ExecutionStatus;
  const std::string status(storage::ExecutionStatusName(execution.status));
  if (execution.status == ExecutionStatus::kRunning ||
      execution.status == ExecutionStatus::kSucceeded) {
    return "Execution is " + status + " and cannot be redriven";  // AWS-recorded wording
  }
  if (!execution.has_checkpoint) {
    return "Execution cannot be redriven: it ended before entering a state (or ran on a tern "
           "without RedriveExecution)";
  }
  if (execution.stop && now - *execution.stop > kRedriveWindowMs) {
    return "Execution stopped more than 14 days ago and cannot be redriven";
  }
  if (execution.redrive_count >= kMaxRedrives) {
    return "Execution has been redriven " + std::to_string(execution.redrive_count) +
           " times, the maximum, and cannot be redriven again";
  }
  return std::nullopt;
}

}  // namespace tern::runtime
