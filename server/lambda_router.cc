// The Lambda REST paths (../shared/spec/API.md B.2-B.6) to their handlers.
#include "server/detail/api.h"

namespace tern::server {
namespace {

HttpResponse Unknown(const HttpRequest& request) {
  HttpResponse r = LambdaErrorResponse(
      ApiError{400, "UnknownOperationException",
               "tern does not support " + request.method + " " + request.path + " yet"});
  r.action = "lambda:unknown";
  return r;
}

bool IsLambdaDate(const std::string& segment) {
  return segment.size() == 10 && segment[4] == '-' && segment[7] == '-' &&
         (segment.rfind("20", 0) == 0);
}

// /2015-03-31/event-source-mappings/[UUID]
std::optional<HttpResponse> HandleEventSourceMappings(ApiContext& ctx, const HttpRequest& request,
                                                      const std::vector<std::string>& parts) {
  const std::string& method = request.method;
  if (parts.size() == 2) {
    if (method == "POST") return LambdaCreateEventSourceMapping(ctx, request);
    if (method == "GET") return LambdaListEventSourceMappings(ctx, request);
  } else if (parts.size() == 3) {
    if (method == "GET") return LambdaGetEventSourceMapping(ctx, request, parts[2]);
    if (method == "PUT") return LambdaUpdateEventSourceMapping(ctx, request, parts[2]);
    if (method == "DELETE") return LambdaDeleteEventSourceMapping(ctx, request, parts[2]);
  }
  return Unknown(request);
}

// /2019-09-25/functions/{name}/event-invoke-config[/list]
HttpResponse HandleEventInvokeConfig(ApiContext& ctx, const HttpRequest& request,
                                     const std::vector<std::string>& parts) {
  const std::string& function = parts[2];
  const std::string& method = request.method;
  if (parts.size() == 5 && parts[4] == "list" && method == "GET") {
    return LambdaListEventInvokeConfigs(ctx, request, function);
  }
  if (parts.size() == 4) {
    if (method == "PUT") return LambdaPutEventInvokeConfig(ctx, request, function, false);
    if (method == "POST") return LambdaPutEventInvokeConfig(ctx, request, function, true);
    if (method == "GET") return LambdaGetEventInvokeConfig(ctx, request, function);
    if (method == "DELETE") return LambdaDeleteEventInvokeConfig(ctx, request, function);
  }
  return Unknown(request);
}

}  // namespace

std::optional<HttpResponse> HandleLambda(ApiContext& ctx, const HttpRequest& request) {
  std::vector<std::string> parts = SplitPath(request.path);
  if (parts.size() >= 2 && parts[0] == "2015-03-31" && parts[1] == "event-source-mappings") {
    return HandleEventSourceMappings(ctx, request, parts);
  }
  if (parts.size() < 2 || !IsLambdaDate(parts[0]) || parts[1] != "functions") {
    if (!parts.empty() && IsLambdaDate(parts[0])) return Unknown(request);
    return std::nullopt;
  }
  const std::string& date = parts[0];
  const std::string& method = request.method;
  HttpResponse response;
  if (parts.size() == 2) {
    if (method == "GET" && date == "2015-03-31") {
      response = LambdaListFunctions(ctx, request);
    } else if (method == "POST" && date == "2015-03-31") {
      response = LambdaCreateFunction(ctx, request);
    } else {
      return Unknown(request);
    }
    return response;
  }
  const std::string& function = parts[2];
  const std::string sub = parts.size() > 3 ? parts[3] : "";
  if (date == "2019-09-25" && sub == "event-invoke-config") {
    return HandleEventInvokeConfig(ctx, request, parts);
  }
  if (parts.size() > 4) return Unknown(request);
  if (date == "2024-08-31" && sub == "recursion-config") {
    if (method == "PUT") return LambdaPutRecursionConfig(ctx, request, function);
    if (method == "GET") return LambdaGetRecursionConfig(ctx, request, function);
    return Unknown(request);
  }
  if (sub == "invocations" && method == "POST") return LambdaInvoke(ctx, request, function);
  if (sub.empty() && method == "GET") return LambdaGetFunction(ctx, request, function, false);
  if (sub == "configuration" && method == "GET") {
    return LambdaGetFunction(ctx, request, function, true);
  }
  if (sub == "configuration" && method == "PUT") {
    return LambdaUpdateFunctionConfiguration(ctx, request, function);
  }
  if (sub == "code" && method == "PUT") return LambdaUpdateFunctionCode(ctx, request, function);
  if (sub.empty() && method == "DELETE") return LambdaDeleteFunction(ctx, request, function);
  if (sub == "concurrency") {
    if (method == "PUT") return LambdaPutConcurrency(ctx, request, function);
    if (method == "GET") return LambdaGetConcurrency(ctx, request, function);
    if (method == "DELETE") return LambdaDeleteConcurrency(ctx, request, function);
  }
  return Unknown(request);
}

std::string FunctionNameOf(const std::string& name_or_arn, std::string& qualifier) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t colon = name_or_arn.find(':', start);
    parts.push_back(name_or_arn.substr(start, colon == std::string::npos ? colon : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  size_t at = 0;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i] == "function") {
      at = i + 1;
      break;
    }
  }
  if (at == 0 && parts.size() <= 2) {
    if (parts.size() == 2) qualifier = parts[1];
    return parts[0];
  }
  if (at == 0) return name_or_arn;
  if (at + 1 < parts.size()) qualifier = parts[at + 1];
  return parts[at];
}

std::string FunctionArn(const ApiContext& ctx, const std::string& name) {
  return "arn:aws:lambda:" + ctx.options.region + ":" + ctx.options.account + ":function:" + name;
}

ApiError FunctionNotFound(const ApiContext& ctx, const std::string& name,
                          const std::string& qualifier) {
  std::string arn = FunctionArn(ctx, name);
  if (!qualifier.empty()) arn += ":" + qualifier;
  return ApiError{404, "ResourceNotFoundException", "Function not found: " + arn};
}

}  // namespace tern::server
