#include "workers/detail/log_lines.h"

#include <cmath>

#include "workers/detail/text_util.h"

namespace tern::workers::detail {

std::string InitStartLine(const std::string& runtime) {
  return "INIT_START Runtime Version: tern:" + runtime + "\n";
}

std::string StartLine(const std::string& request_id, const std::string& version) {
  return "START RequestId: " + request_id + " Version: " + version + "\n";
}

std::string EndLine(const std::string& request_id) { return "END RequestId: " + request_id + "\n"; }

std::string ReportLine(const ReportFields& f) {
  std::string line = "REPORT RequestId: " + f.request_id +
                     "\tDuration: " + TwoDecimals(f.duration_ms) +
                     " ms\tBilled Duration: " + std::to_string(f.billed_ms) +
                     " ms\tMemory Size: " + std::to_string(f.memory_size_mb) +
                     " MB\tMax Memory Used: " + std::to_string(f.max_memory_used_mb) + " MB\t";
  if (f.init_duration_ms) line += "Init Duration: " + TwoDecimals(*f.init_duration_ms) + " ms\t";
  if (!f.status.empty()) line += "Status: " + f.status + "\t";
  if (!f.error_type.empty()) line += "Error Type: " + f.error_type + "\t";
  line += "\n";
  return line;
}

std::string TimeoutLine(int64_t epoch_ms, const std::string& request_id, int timeout_seconds) {
  return IsoTimestamp(epoch_ms) + " " + request_id + " Task timed out after " +
         TwoDecimals(timeout_seconds) + " seconds\n";
}

int64_t BilledMs(double duration_ms) {
  int64_t billed = static_cast<int64_t>(std::ceil(duration_ms));
  return billed < 1 ? 1 : billed;
}

}  // namespace tern::workers::detail
