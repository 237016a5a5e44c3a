// Step Functions' AWS JSON 1.0 dispatch: POST / with X-Amz-Target: AWSStepFunctions.<Action> and
// a JSON object body, to the action's handler.
#include <string_view>
#include <unordered_map>

#include "server/detail/api.h"

namespace tern::server {
namespace {

using SfnHandler = ApiResult (*)(ApiContext&, const Json&);

const std::unordered_map<std::string_view, SfnHandler>& Actions() {
  static const std::unordered_map<std::string_view, SfnHandler> actions = {
      {"CreateStateMachine", &CreateStateMachine},
      {"DescribeStateMachine", &DescribeStateMachine},
      {"UpdateStateMachine", &UpdateStateMachine},
      {"DeleteStateMachine", &DeleteStateMachine},
      {"ListStateMachines", &ListStateMachines},
      {"ValidateStateMachineDefinition", &ValidateStateMachineDefinition},
      {"DescribeStateMachineForExecution", &DescribeStateMachineForExecution},
      {"DescribeExecution", &DescribeExecution},
      {"StopExecution", &StopExecution},
      {"ListExecutions", &ListExecutions},
      {"GetExecutionHistory", &GetExecutionHistory},
      {"RedriveExecution", &RedriveExecution},
      {"TestState", &TestState},
      {"SendTaskSuccess", &SendTaskSuccess},
      {"SendTaskFailure", &SendTaskFailure},
      {"SendTaskHeartbeat", &SendTaskHeartbeat},
      {"CreateActivity", &CreateActivity},
      {"DescribeActivity", &DescribeActivity},
      {"DeleteActivity", &DeleteActivity},
      {"ListActivities", &ListActivities},
      {"GetActivityTask", &GetActivityTask},
      {"TagResource", &TagResource},
      {"UntagResource", &UntagResource},
      {"ListTagsForResource", &ListTagsForResource},
  };
  return actions;
}

// Actions that read a header besides the body: the starts carry X-Amzn-Trace-Id (the caller's
// recursion lineage) into the execution.
using SfnRequestHandler = ApiResult (*)(ApiContext&, const Json&, const HttpRequest&);

const std::unordered_map<std::string_view, SfnRequestHandler>& RequestActions() {
  static const std::unordered_map<std::string_view, SfnRequestHandler> actions = {
      {"StartExecution", &StartExecution},
      {"StartSyncExecution", &StartSyncExecution},
  };
  return actions;
}

constexpr std::string_view kTargetPrefix = "AWSStepFunctions.";

}  // namespace

HttpResponse HandleSfn(ApiContext& ctx, const HttpRequest& request) {
  const std::string target = request.Header("x-amz-target");
  std::string_view action(target);
  if (action.rfind(kTargetPrefix, 0) != 0) {
    HttpResponse r = SfnErrorResponse(
        SfnError("UnknownOperationException", "Unknown operation: '" + target + "'"));
    r.action = "unknown";
    return r;
  }
  action.remove_prefix(kTargetPrefix.size());
  auto it = Actions().find(action);
  auto with_request = RequestActions().find(action);
  if (it == Actions().end() && with_request == RequestActions().end()) {
    HttpResponse r = SfnErrorResponse(
        SfnError("UnknownOperationException", "Unknown operation: '" + std::string(action) + "'"));
    r.action = "unknown";
    return r;
  }
  const std::string content_type = request.Header("content-type");
  if (content_type.rfind("application/x-amz-json-1.0", 0) != 0 &&
      content_type.rfind("application/json", 0) != 0) {
    HttpResponse r = SfnErrorResponse(ApiError{
        415, "UnsupportedMediaTypeException",
        "Unsupported Content-Type '" + content_type + "': use application/x-amz-json-1.0"});
    r.action = std::string(action);
    return r;
  }
  Json body = request.body.empty() ? Json::object()
                                   : Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  HttpResponse response;
  if (body.is_discarded() || !body.is_object()) {
    response = SfnErrorResponse(SfnError("SerializationException",
                                         "Start of structure or map found where not expected "
                                         "or the body is not valid JSON"));
  } else {
    ApiResult result = [&]() -> ApiResult {
      try {
        if (with_request != RequestActions().end()) {
          return with_request->second(ctx, body, request);
        }
        return it->second(ctx, body);
      } catch (const std::exception& e) {
        return Unexpected(ApiError{500, "InternalServerError", e.what()});
      }
    }();
    response = result ? JsonResponse(200, *result, "application/x-amz-json-1.0")
                      : SfnErrorResponse(result.error());
  }
  response.action = std::string(action);
  return response;
}

}  // namespace tern::server
