// The event an HTTP route's function receives: API Gateway's Lambda proxy payloads, format 2.0
// (HTTP APIs) and 1.0 (REST APIs, and HTTP APIs set to 1.0); docs/http.md "The event" lists
// every field. Pure functions of the request, so each field is unit-tested.
#pragma once

#include <cstdint>
#include <string>

#include "common/json.h"
#include "server/http_message.h"
#include "server/http_trigger_routes.h"

namespace tern::server {

// What the event needs beyond the request itself.
struct HttpTriggerContext {
  std::string raw_path;  // the path after the prefix, as sent (percent-encoded), "/..."
  std::string account;   // requestContext.accountId
  std::string request_id;
  int64_t time_ms = 0;   // when the request arrived (epoch ms)
  std::string trace_id;  // X-Amzn-Trace-Id as the function sees it (the caller's, or a new one)
};

// Format 2.0: version, routeKey, rawPath, rawQueryString, cookies, headers, queryStringParameters,
// pathParameters, requestContext, body, isBase64Encoded (absent members are left out, as AWS).
Json HttpEventV2(const HttpRequest& request, const RouteMatch& match,
                 const HttpTriggerContext& context);

// Format 1.0: resource, path, httpMethod, headers, multiValueHeaders, queryStringParameters,
// multiValueQueryStringParameters, requestContext, pathParameters, stageVariables, body,
// isBase64Encoded (absent members are null, as AWS).
Json HttpEventV1(const HttpRequest& request, const RouteMatch& match,
                 const HttpTriggerContext& context);

// True when API Gateway hands a body with this Content-Type to the function as text (text/*,
// JSON, XML, JavaScript and their +json/+xml kin); other bodies are base64-encoded in 2.0.
bool IsTextContentType(std::string_view content_type);

// "12/Mar/2020:19:03:58 +0000" (requestContext.time / requestTime).
std::string ApiGatewayTime(int64_t epoch_ms);

}  // namespace tern::server
