// Lambda Invoke: POST /2015-03-31/functions/{FunctionName}/invocations (../shared/spec/API.md
// B.2), through the invocation backend (the trigger bus, or the pool directly).
#include <future>

#include "server/detail/api.h"
#include "server/metrics.h"
#include "server/invocation_backend.h"
#include "workers/pool.h"

namespace tern::server {
namespace {

// Event payloads: AWS's async limit.
constexpr size_t kMaxEventPayloadBytes = 256 * 1024;

HttpResponse Error(int status, const char* type, std::string message) {
  HttpResponse r = LambdaErrorResponse(ApiError{status, type, std::move(message)});
  r.action = "Invoke";
  return r;
}

}  // namespace

HttpResponse LambdaInvoke(ApiContext& ctx, const HttpRequest& request,
                          const std::string& function) {
  std::string qualifier;
  const std::string name = FunctionNameOf(function, qualifier);
  auto query = ParseQuery(request.query);
  if (auto q = query.find("Qualifier"); q != query.end()) qualifier = q->second;
  if (!ctx.deps.pool || !ctx.deps.invocations || !ctx.deps.pool->GetFunction(name) ||
      (!qualifier.empty() && qualifier != "$LATEST")) {
    HttpResponse r = LambdaErrorResponse(FunctionNotFound(ctx, name, qualifier));
    r.action = "Invoke";
    return r;
  }
  std::string type_name = request.Header("x-amz-invocation-type");
  if (type_name.empty()) type_name = "RequestResponse";
  triggers::InvocationType type;
  if (type_name == "RequestResponse") {
    type = triggers::InvocationType::kRequestResponse;
  } else if (type_name == "Event") {
    type = triggers::InvocationType::kEvent;
  } else if (type_name == "DryRun") {
    type = triggers::InvocationType::kDryRun;
  } else {
    return Error(400, "InvalidParameterValueException",
                 "1 validation error detected: Value '" + type_name +
                     "' at 'invocationType' failed to satisfy constraint: Member must satisfy "
                     "enum value set: [Event, RequestResponse, DryRun]");
  }
  const std::string log_type = request.Header("x-amz-log-type");
  if (!log_type.empty() && log_type != "None" && log_type != "Tail") {
    return Error(400, "InvalidParameterValueException",
                 "1 validation error detected: Value '" + log_type +
                     "' at 'logType' failed to satisfy constraint: Member must satisfy enum "
                     "value set: [Tail, None]");
  }
  if (type == triggers::InvocationType::kEvent && request.body.size() > kMaxEventPayloadBytes) {
    return Error(413, "RequestTooLargeException",
                 "Request must be smaller than " + std::to_string(kMaxEventPayloadBytes) +
                     " bytes for the InvokeAsync operation");
  }
  if (request.body.size() > kMaxInvokePayloadBytes) {
    return Error(413, "RequestTooLargeException",
                 "Request must be smaller than " + std::to_string(kMaxInvokePayloadBytes) +
                     " bytes for the Invoke operation");
  }
  std::string payload = request.body.empty() ? "{}" : request.body;
  if (Json::parse(payload, nullptr, false).is_discarded()) {
    try {
      Json ignored = Json::parse(payload);
      (void)ignored;
    } catch (const Json::exception& e) {
      return Error(400, "InvalidRequestContentException",
                   std::string("Could not parse request body into json: Could not parse payload "
                               "into json: ") +
                       e.what());
    }
  }
  workers::InvokeRequest invoke;
  invoke.function = name;
  invoke.payload = std::move(payload);
  invoke.log_tail = log_type == "Tail" && type == triggers::InvocationType::kRequestResponse;
  invoke.trace_id = request.Header("x-amzn-trace-id");
  if (std::string context = request.Header("x-amz-client-context"); !context.empty()) {
    auto decoded = Base64Decode(context);
    if (!decoded || Json::parse(*decoded, nullptr, false).is_discarded()) {
      return Error(400, "InvalidRequestContentException",
                   "Client context must be a valid Base64-encoded JSON object.");
    }
    invoke.client_context = std::move(*decoded);
  }

  std::promise<triggers::FunctionResponse> promise;
  auto future = promise.get_future();
  ctx.deps.invocations->InvokeFunction(
      std::move(invoke), type,
      [&promise](triggers::FunctionResponse response) { promise.set_value(std::move(response)); });
  triggers::FunctionResponse answer = future.get();
  const workers::InvokeResult& result = answer.result;

  switch (result.status) {
    case workers::InvokeStatus::kThrottled: {
      Json body = Json::object();
      body["Type"] = "User";
      body["message"] = result.error_message.empty() ? "Rate Exceeded." : result.error_message;
      if (!result.throttle_reason.empty()) body["Reason"] = result.throttle_reason;
      HttpResponse r = JsonResponse(429, body, "application/json");
      r.SetHeader("x-amzn-ErrorType", "TooManyRequestsException");
      r.SetHeader("Retry-After", "1");
      r.action = "Invoke";
      return r;
    }
    case workers::InvokeStatus::kNotFound:
      return Error(404, "ResourceNotFoundException",
                   result.error_message.empty() ? FunctionNotFound(ctx, name, "").message
                                                : result.error_message);
    case workers::InvokeStatus::kInvalidRequest:
      return Error(
          result.HttpStatus(),
          result.error_type.empty() ? "InvalidRequestContentException" : result.error_type.c_str(),
          result.error_message);
    case workers::InvokeStatus::kServiceError:
      return Error(500, "ServiceException",
                   result.error_message.empty() ? "The service failed" : result.error_message);
    default:
      break;
  }
  HttpResponse r;
  r.action = "Invoke";
  if (type == triggers::InvocationType::kEvent) {
    r.status = 202;
    return r;
  }
  if (type == triggers::InvocationType::kDryRun) {
    r.status = 204;
    return r;
  }
  r.status = 200;
  r.body = result.payload;
  r.SetHeader("Content-Type", "application/json");
  r.SetHeader("X-Amz-Executed-Version",
              result.executed_version.empty() ? "$LATEST" : result.executed_version);
  if (result.function_failed()) r.SetHeader("X-Amz-Function-Error", result.function_error);
  if (!result.log_result.empty()) r.SetHeader("X-Amz-Log-Result", result.log_result);
  return r;
}

}  // namespace tern::server
