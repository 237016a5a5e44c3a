// Wait states (ASL.md §2 Wait, §12 rule 8): exactly one of Seconds, SecondsPath, Timestamp and
// TimestampPath; Seconds a non-negative integer, Timestamp in Step Functions' RFC 3339 profile
// (either may be a JSONata expression in a JSONata state). The Path forms' syntax is the paths
// pass's.
#include <string>

#include "asl/validate/codes.h"
#include "asl/validate/field_checks.h"
#include "asl/validate/passes.h"
#include "asl/validate/timestamp.h"

namespace tern::asl::validate {
namespace {

constexpr long long kMaxWaitSeconds = 99999999;

void CheckWait(Context& ctx, const StateInfo& state) {
  const Json& wait = *state.value;
  std::string present;
  int count = 0;
  for (const char* field : {"Seconds", "SecondsPath", "Timestamp", "TimestampPath"}) {
    if (!wait.contains(field)) continue;
    ++count;
    present += (present.empty() ? "'" : ", '") + std::string(field) + "'";
  }
  if (count == 0) {
    ctx.Report(codes::kSchemaValidationFailed, state.pointer,
               "A Wait state needs exactly one of 'Seconds', 'SecondsPath', 'Timestamp', "
               "'TimestampPath'");
  } else if (count > 1) {
    ctx.Report(codes::kMutuallyExclusiveProperties, state.pointer,
               "A Wait state takes exactly one of 'Seconds', 'SecondsPath', 'Timestamp', "
               "'TimestampPath'; found " +
                   present);
  }
  CheckIntegerField(ctx, state.language, wait, state.pointer, "Seconds", 0, kMaxWaitSeconds);
  auto timestamp = wait.find("Timestamp");
  if (timestamp == wait.end()) return;
  if (timestamp->is_string()) {
    const std::string& text = timestamp->get_ref<const std::string&>();
    if (IsTimestamp(text)) return;
    if (state.language == QueryLanguage::kJsonata && LooksLikeJsonata(text)) return;
  }
  ctx.Report(codes::kSchemaValidationFailed, Child(state.pointer, "Timestamp"),
             "'Timestamp' must be an RFC 3339 timestamp such as \"2016-03-14T01:59:00Z\" "
             "(uppercase T, and Z or a +hh:mm offset), not " +
                 Shown(*timestamp));
}

}  // namespace

void RunWaitPass(Context& ctx) {
  for (const StateInfo& state : ctx.states()) {
    if (state.type == "Wait") CheckWait(ctx, state);
  }
}

}  // namespace tern::asl::validate
