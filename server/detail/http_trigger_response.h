// What an HTTP route answers: the function's result mapped as API Gateway maps Lambda proxy
// responses, and API Gateway's own error answers (docs/http.md "The response").
#pragma once

#include <string>

#include "server/http_message.h"
#include "server/http_trigger_routes.h"

namespace tern::server {

// The function returned `payload` (JSON text). Format 2.0: an object with statusCode gives the
// status, headers, multiValueHeaders, cookies (one Set-Cookie each), body and isBase64Encoded;
// anything else is a 200 application/json whose body is the JSON returned. Format 1.0: the object
// must have statusCode (else the integration failed: 502 REST, 500 HTTP API).
HttpResponse MapFunctionResponse(const HttpRoute& route, const std::string& payload);

// API Gateway's answers when the integration does not produce one.
enum class GatewayError {
  kNotFound,            // no route: 404 {"message":"Not Found"}
  kIntegrationFailure,  // the function failed or answered badly: HTTP 500, REST 502
  kThrottled,           // 429 {"message":"Too Many Requests"}
  kTimeout,             // TimeoutInMillis passed: HTTP 503, REST 504
  kTooLarge,            // 413 {"message":"Request Entity Too Large"}
};
HttpResponse GatewayErrorResponse(GatewayError error, bool rest_api);

}  // namespace tern::server
