// The root object (ASL.md §1): only StartAt, States, Comment, Version, TimeoutSeconds and
// QueryLanguage, with their types. Nested machines (branches, ItemProcessor) are checked by the
// Map/Parallel pass; StartAt's target by the transitions pass.
#include <string>

#include "asl/validate/codes.h"
#include "asl/validate/passes.h"

namespace tern::asl::validate {
namespace {

constexpr long long kMaxTimeoutSeconds = 99999999;
constexpr long long kMaxExpressTimeoutSeconds = 300;  // Express: 5 minutes

}  // namespace

void RunTopLevelPass(Context& ctx) {
  const Json& root = ctx.root();
  if (!root.is_object()) {
    ctx.Report(codes::kSchemaValidationFailed, "", "Definition must be a valid JSON object");
    return;
  }
  // AWS's wording, AWS's order ("These fields are required: [States, StartAt]").
  std::string missing;
  for (const char* field : {"States", "StartAt"}) {
    if (root.contains(field)) continue;
    missing += missing.empty() ? "" : ", ";
    missing += field;
  }
  if (!missing.empty()) {
    ctx.Report(codes::kSchemaValidationFailed, "", "These fields are required: [" + missing + "]");
  }
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string& key = it.key();
    const Json& value = it.value();
    const std::string pointer = Child("", key);
    if (key == "StartAt" || key == "Comment" || key == "Version") {
      if (!value.is_string()) {
        ctx.Report(codes::kSchemaValidationFailed, pointer,
                   "'" + key + "' must be a string, not " + std::string(TypeName(value)));
      } else if (key == "Version" && value != "1.0") {
        ctx.Report(codes::kSchemaValidationFailed, pointer,
                   "'Version' must be \"1.0\", not " + Shown(value));
      }
    } else if (key == "States") {
      if (!value.is_object()) {
        ctx.Report(codes::kSchemaValidationFailed, pointer,
                   "'States' must be an object of state name to state, not " +
                       std::string(TypeName(value)));
      } else if (value.empty()) {
        ctx.Report(codes::kSchemaValidationFailed, pointer, "'States' must not be empty");
      }
    } else if (key == "TimeoutSeconds") {
      const long long max = ctx.options().express ? kMaxExpressTimeoutSeconds : kMaxTimeoutSeconds;
      if (!IsInteger(value) || AsInteger(value) < 1 || AsInteger(value) > max) {
        ctx.Report(codes::kSchemaValidationFailed, pointer,
                   "'TimeoutSeconds' must be an integer from 1 to " + std::to_string(max) +
                       (ctx.options().express ? " for an EXPRESS machine" : "") + ", not " +
                       Shown(value));
      }
    } else if (key == "QueryLanguage") {
      if (value != "JSONPath" && value != "JSONata") {
        ctx.Report(codes::kSchemaValidationFailed, pointer,
                   "'QueryLanguage' must be \"JSONPath\" or \"JSONata\", not " + Shown(value));
      }
    } else {
      ctx.Report(codes::kSchemaValidationFailed, pointer,
                 "Field " + Shown(key) +
                     " is not allowed at the top level (allowed: StartAt, States, Comment, "
                     "Version, TimeoutSeconds, QueryLanguage)");
    }
  }
}

}  // namespace tern::asl::validate
