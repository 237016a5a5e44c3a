// Put/GetFunctionRecursionConfig (../shared/spec/API.md B.6):
//   PUT|GET /2024-08-31/functions/{name}/recursion-config   {"RecursiveLoop": "Allow"|"Terminate"}
// The setting lands on the pool's function (Pool::SetInvokeSettings); the bus reads it at every
// invocation: with Allow, a chain passing this function more than the hop limit is no longer
// stopped (docs/recursion.md). Kept in deps.settings across restarts.
#include "server/detail/api.h"
#include "storage/lambda_settings.h"
#include "workers/pool.h"

namespace tern::server {

HttpResponse LambdaPutRecursionConfig(ApiContext& ctx, const HttpRequest& request,
                                      const std::string& function) {
  constexpr const char* kAction = "PutFunctionRecursionConfig";
  std::string name, qualifier;
  auto spec = FindFunction(ctx, function, request, name, qualifier);
  if (!spec) return FunctionNotFoundError(ctx, name, qualifier, kAction);
  auto parsed = JsonObjectBody(request, kAction);
  if (!parsed) return parsed.error();
  Json body = std::move(parsed).value();
  const Json value = body.value("RecursiveLoop", Json());
  const std::string loop = value.is_string() ? value.get<std::string>() : "";
  if (loop != "Allow" && loop != "Terminate") {
    return LambdaError(400, "ValidationException",
                       "1 validation error detected: Value '" +
                           (value.is_string() ? loop
                            : value.is_null() ? "null"
                                              : value.dump()) +
                           "' at 'recursiveLoop' failed to satisfy constraint: Member must "
                           "satisfy enum value set: [Terminate, Allow]",
                       kAction);
  }
  std::lock_guard lock(ctx.lambda_settings_mu);
  spec = ctx.deps.pool->GetFunction(spec->name);
  if (!spec) return FunctionNotFoundError(ctx, name, qualifier, kAction);
  const bool allow = loop == "Allow";
  if (MaybeError e = PutLambdaSetting(ctx, storage::kRecursionConfigSetting, spec->name,
                                      Json{{"RecursiveLoop", loop}})) {
    return LambdaError(e->status, e->type.c_str(), e->message, kAction);
  }
  if (Status s = ctx.deps.pool->SetInvokeSettings(spec->name, spec->event_invoke_config, allow);
      !s.ok()) {
    return FunctionNotFoundError(ctx, name, qualifier, kAction);
  }
  return LambdaJson(200, Json{{"RecursiveLoop", loop}}, kAction);
}

HttpResponse LambdaGetRecursionConfig(ApiContext& ctx, const HttpRequest& request,
                                      const std::string& function) {
  constexpr const char* kAction = "GetFunctionRecursionConfig";
  std::string name, qualifier;
  auto spec = FindFunction(ctx, function, request, name, qualifier);
  if (!spec) return FunctionNotFoundError(ctx, name, qualifier, kAction);
  return LambdaJson(
      200, Json{{"RecursiveLoop", spec->recursive_loop_allow ? "Allow" : "Terminate"}}, kAction);
}

}  // namespace tern::server
