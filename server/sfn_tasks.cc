// SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat through the invocation backend (the
// trigger bus resumes the waiting Task state).
#include "common/json_depth.h"
#include "server/detail/api.h"
#include "server/invocation_backend.h"

namespace tern::server {
namespace {

ApiError TaskError(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound:
      return SfnError("TaskDoesNotExist", status.message());
    case StatusCode::kFailedPrecondition:
      return SfnError("TaskTimedOut", status.message());
    case StatusCode::kInvalidArgument:
      return SfnError("InvalidToken", status.message());
    default:
      return InternalError(status);
  }
}

Result<std::string, ApiError> Token(const Json& body) {
  auto token = RequiredString(body, "taskToken");
  if (!token) return Unexpected(token.error());
  if (token->empty() || token->size() > 2048) {
    return Unexpected(SfnError("InvalidToken",
                               "Invalid Token: the task token must have 1 to "
                               "2048 characters"));
  }
  return std::move(token).value();
}

}  // namespace

ApiResult SendTaskSuccess(ApiContext& ctx, const Json& body) {
  auto token = Token(body);
  if (!token) return Unexpected(token.error());
  auto output = RequiredString(body, "output");
  if (!output) return Unexpected(output.error());
  if (JsonNestsDeeperThan(*output)) {
    return Unexpected(SfnError("InvalidOutput", "Invalid Output: the output nests deeper than " +
                                                    std::to_string(kMaxJsonNesting) + " levels"));
  }
  Json parsed = Json::parse(*output, nullptr, false);
  if (parsed.is_discarded()) {
    return Unexpected(SfnError("InvalidOutput", "Invalid Output: the output is not valid JSON"));
  }
  Status s = ctx.deps.invocations->SendTaskSuccess(*token, *output);
  if (!s.ok()) return Unexpected(TaskError(s));
  return Json::object();
}

ApiResult SendTaskFailure(ApiContext& ctx, const Json& body) {
  auto token = Token(body);
  if (!token) return Unexpected(token.error());
  auto error = OptionalString(body, "error");
  if (!error) return Unexpected(error.error());
  auto cause = OptionalString(body, "cause");
  if (!cause) return Unexpected(cause.error());
  Status s =
      ctx.deps.invocations->SendTaskFailure(*token, error->value_or(""), cause->value_or(""));
  if (!s.ok()) return Unexpected(TaskError(s));
  return Json::object();
}

ApiResult SendTaskHeartbeat(ApiContext& ctx, const Json& body) {
  auto token = Token(body);
  if (!token) return Unexpected(token.error());
  Status s = ctx.deps.invocations->SendTaskHeartbeat(*token);
  if (!s.ok()) return Unexpected(TaskError(s));
  return Json::object();
}

}  // namespace tern::server
