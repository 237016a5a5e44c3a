// HTTP triggers: requests under --http-prefix go to the project's HttpApi/Api routes
// (docs/http.md). A function route invokes through the invocation backend (the trigger bus in
// `tern serve`, so lineage, metrics and logs apply) with the request's X-Amzn-Trace-Id, and waits
// at most the route's TimeoutInMillis; a state machine route starts an execution as API Gateway's
// StepFunctions-StartExecution integration does.
#include <chrono>
#include <future>
#include <iostream>
#include <memory>

#include "common/json_text.h"
#include "engine/uuid.h"
#include "server/detail/api.h"
#include "server/detail/http_trigger_event.h"
#include "server/detail/http_trigger_response.h"
#include "server/invocation_backend.h"

namespace tern::server {
namespace {

bool IsLambdaPath(std::string_view path) {
  // /2015-03-31/..., /2017-10-31/..., /2019-09-25/...: the Lambda API's dated paths.
  return path.size() >= 11 && path.starts_with("/20") && path[5] == '-' && path[8] == '-';
}

// "Root=1-<8 hex epoch seconds>-<24 hex>" for a request that brought no trace header.
std::string NewTraceId() {
  char epoch[16];
  std::snprintf(epoch, sizeof epoch, "%08llx",
                static_cast<unsigned long long>(NowMs() / 1000) & 0xffffffffull);
  std::string random;
  for (char c : engine::NewUuid()) {
    if (c != '-') random.push_back(c);
  }
  return "Root=1-" + std::string(epoch) + "-" + random.substr(0, 24);
}

HttpResponse InvokeFunctionRoute(ApiContext& ctx, const HttpRequest& request,
                                 const RouteMatch& match, const HttpTriggerContext& context) {
  const HttpRoute& route = *match.route;
  if (!ctx.deps.invocations) {
    return GatewayErrorResponse(GatewayError::kIntegrationFailure, route.rest_api);
  }
  const Json event = route.payload_format == "1.0" ? HttpEventV1(request, match, context)
                                                   : HttpEventV2(request, match, context);
  workers::InvokeRequest invoke;
  invoke.function = route.target_name;
  invoke.payload = DumpCompact(event);
  invoke.trace_id = context.trace_id;

  // Shared with the callback: after a timeout the invocation still completes into it.
  auto answer = std::make_shared<std::promise<triggers::FunctionResponse>>();
  auto future = answer->get_future();
  ctx.deps.invocations->InvokeFunction(
      std::move(invoke), triggers::InvocationType::kRequestResponse,
      [answer](triggers::FunctionResponse response) { answer->set_value(std::move(response)); });
  if (future.wait_for(std::chrono::milliseconds(route.timeout_ms)) != std::future_status::ready) {
    return GatewayErrorResponse(GatewayError::kTimeout, route.rest_api);
  }
  const triggers::FunctionResponse response = future.get();
  const workers::InvokeResult& result = response.result;
  switch (result.status) {
    case workers::InvokeStatus::kOk:
      break;
    case workers::InvokeStatus::kThrottled:
      return GatewayErrorResponse(GatewayError::kThrottled, route.rest_api);
    case workers::InvokeStatus::kInvalidRequest:
      if (result.HttpStatus() == 413) {
        return GatewayErrorResponse(GatewayError::kTooLarge, route.rest_api);
      }
      [[fallthrough]];
    default:
      // The function failed, timed out, or could not run: the caller sees API Gateway's 500/502;
      // why is in the function's log (tern logs) and here.
      std::cerr << "tern serve: " << route.RouteKey() << " (" << route.event_name << "): function "
                << route.target_name << " failed (" << workers::InvokeStatusName(result.status)
                << (result.error_message.empty() ? "" : ": " + result.error_message) << ")\n";
      return GatewayErrorResponse(GatewayError::kIntegrationFailure, route.rest_api);
  }
  if (result.function_failed()) {
    return GatewayErrorResponse(GatewayError::kIntegrationFailure, route.rest_api);
  }
  return MapFunctionResponse(route, result.payload);
}

// API Gateway's StepFunctions-StartExecution integration (what SAM's Api event on a state
// machine sets up): the body is the input; the answer is StartExecution's, errors included.
// It goes through the Step Functions action itself, with the request's trace header, so the
// execution is started exactly as `aws stepfunctions start-execution` would start it.
HttpResponse StartMachineRoute(ApiContext& ctx, const HttpRequest& request, const HttpRoute& route,
                               const std::string& trace_id) {
  Json body = Json::object();
  body["stateMachineArn"] = route.target_name;
  body["input"] = request.body.empty() ? std::string("{}") : request.body;
  HttpRequest start;
  start.method = "POST";
  start.target = "/";
  start.path = "/";
  start.headers = {{"x-amz-target", "AWSStepFunctions.StartExecution"},
                   {"content-type", "application/x-amz-json-1.0"},
                   {"x-amzn-trace-id", trace_id}};
  start.body = DumpCompact(body);
  start.remote = request.remote;
  HttpResponse response = HandleSfn(ctx, start);
  response.SetHeader("Content-Type", "application/json");
  return response;
}

}  // namespace

bool IsHttpTriggerPath(const ServerOptions& options, std::string_view path, bool has_amz_target) {
  const std::string& prefix = options.http_prefix;
  if (prefix.empty()) {
    // Routes at the root: everything the APIs do not claim.
    return !has_amz_target && path != "/health" && path != "/metrics" && !IsLambdaPath(path);
  }
  return path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

std::optional<HttpResponse> HandleHttpTrigger(ApiContext& ctx, const HttpRequest& request) {
  if (!IsHttpTriggerPath(ctx.options, request.path, request.HasHeader("x-amz-target"))) {
    return std::nullopt;
  }
  HttpTriggerContext context;
  context.raw_path = request.path.substr(ctx.options.http_prefix.size());
  if (context.raw_path.empty()) context.raw_path = "/";
  context.account = ctx.options.account;
  context.request_id = engine::NewUuid();
  context.time_ms = NowMs();
  context.trace_id = request.Header("x-amzn-trace-id");
  if (context.trace_id.empty()) context.trace_id = NewTraceId();

  auto match = MatchRoute(ctx.options.http_routes, request.method, context.raw_path);
  if (!match) {
    HttpResponse r = GatewayErrorResponse(GatewayError::kNotFound, false);
    r.action = "http:not_found";
    return r;
  }
  const HttpRoute& route = *match->route;
  HttpResponse response;
  if (request.body.size() > kMaxHttpTriggerBodyBytes) {
    response = GatewayErrorResponse(GatewayError::kTooLarge, route.rest_api);
  } else if (route.target == HttpRoute::Target::kStateMachine) {
    response = StartMachineRoute(ctx, request, route, context.trace_id);
  } else {
    response = InvokeFunctionRoute(ctx, request, *match, context);
  }
  // A HEAD answer carries no body: one would be read as the start of the next response.
  if (request.method == "HEAD") response.body.clear();
  if (!route.rest_api) response.headers.emplace_back("apigw-requestid", context.request_id);
  response.action = "http:" + route.RouteKey();
  return response;
}

}  // namespace tern::server
