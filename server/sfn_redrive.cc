// RedriveExecution (../shared/spec/API.md A.2): a FAILED, TIMED_OUT or ABORTED STANDARD
// execution runs again from its unsuccessful states, durably, through the Runner
// (runtime/runner.h; docs/redrive.md).
#include "runtime/runner.h"
#include "server/detail/api.h"

namespace tern::server {

ApiResult RedriveExecution(ApiContext& ctx, const Json& body) {
  auto arn = RequiredString(body, "executionArn");
  if (!arn) return Unexpected(arn.error());
  auto token = OptionalString(body, "clientToken");
  if (!token) return Unexpected(token.error());
  if (*token && ((*token)->empty() || (*token)->size() > 64)) {
    return Unexpected(SfnError("ValidationException",
                               "1 validation error detected: Value at 'clientToken' failed to "
                               "satisfy constraint: Member must have length between 1 and 64"));
  }
  // Express executions are not recorded: their ARNs are refused as by DescribeExecution.
  if (auto bad = CheckExecutionArn(*arn)) return Unexpected(*bad);
  auto redriven = ctx.deps.runner->RedriveExecution(*arn, token->value_or(""));
  if (!redriven) {
    const Status& error = redriven.error();
    if (error.code() == StatusCode::kNotFound) {
      return Unexpected(
          SfnError("ExecutionDoesNotExist", "Execution Does Not Exist: '" + *arn + "'"));
    }
    if (error.code() == StatusCode::kFailedPrecondition) {
      return Unexpected(SfnError("ExecutionNotRedrivable", error.message()));
    }
    return Unexpected(InternalError(error));
  }
  Json out = Json::object();
  out["redriveDate"] = EpochSeconds(redriven->redrive_date.value_or(NowMs()));
  return out;
}

}  // namespace tern::server
