// Every request, in order: /health, /metrics, the project's HTTP routes (under --http-prefix),
// SigV4 (when enabled), the Lambda REST paths, then
// Step Functions (POST / with X-Amz-Target; any Host, so StartSyncExecution's "sync-" host
// prefix reaches the same listener).
#include <chrono>

#include "server/detail/api.h"
#include "server/metrics.h"
#include "server/detail/sigv4.h"

namespace tern::server {

HttpResponse Route(ApiContext& ctx, const HttpRequest& request) {
  if (request.path == "/health" && (request.method == "GET" || request.method == "HEAD")) {
    HttpResponse r = JsonResponse(200, Json{{"status", "ok"}}, "application/json");
    r.action = "health";
    return r;
  }
  if (request.path == "/metrics" && request.method == "GET") {
    HttpResponse r;
    r.body = ctx.metrics ? ctx.metrics->Render() : std::string();
    r.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    r.action = "metrics";
    return r;
  }
  // The project's HTTP routes are public, as API Gateway routes without an authorizer are:
  // SigV4 does not apply to them (docs/http.md).
  if (auto routed = HandleHttpTrigger(ctx, request)) return std::move(*routed);
  const bool is_sfn = request.HasHeader("x-amz-target");
  if (ctx.options.auth == AuthMode::kSigV4) {
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    if (auto error = VerifySigV4(request, ctx.options.credentials, now)) {
      if (ctx.metrics) ctx.metrics->AuthFailure();
      HttpResponse r = is_sfn ? SfnErrorResponse(*error) : LambdaErrorResponse(*error);
      r.action = "auth";
      return r;
    }
  }
  if (!is_sfn) {
    if (auto lambda = HandleLambda(ctx, request)) return std::move(*lambda);
  }
  if (request.method == "POST" && (request.path == "/" || request.path.empty())) {
    return HandleSfn(ctx, request);
  }
  HttpResponse r =
      JsonResponse(404, Json{{"message", "Not Found: " + request.method + " " + request.path}},
                   "application/json");
  r.SetHeader("x-amzn-ErrorType", "UnknownOperationException");
  r.action = "not_found";
  return r;
}

}  // namespace tern::server
