// Lambda's platform log lines (../shared/spec/LAMBDA.md §4), tab-separated as CloudWatch has
// them:
//   START RequestId: <id> Version: $LATEST
//   END RequestId: <id>
//   REPORT RequestId: <id>\tDuration: 2.50 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\t
//     Max Memory Used: 39 MB\t[Init Duration: 139.19 ms\t][Status: timeout\t]
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tern::workers::detail {

struct ReportFields {
  std::string request_id;
  double duration_ms = 0;
  int64_t billed_ms = 0;
  int memory_size_mb = 0;
  int max_memory_used_mb = 0;
  std::optional<double> init_duration_ms;
  std::string status;      // "", "timeout", "error"
  std::string error_type;  // with status "error": Runtime.ExitError, Runtime.OutOfMemory
};

std::string InitStartLine(const std::string& runtime);
std::string StartLine(const std::string& request_id, const std::string& version);
std::string EndLine(const std::string& request_id);
std::string ReportLine(const ReportFields& fields);
// "<ISO time> <id> Task timed out after 3.00 seconds"
std::string TimeoutLine(int64_t epoch_ms, const std::string& request_id, int timeout_seconds);
// Lambda bills whole milliseconds, rounded up.
int64_t BilledMs(double duration_ms);

}  // namespace tern::workers::detail
