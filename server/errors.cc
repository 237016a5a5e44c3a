// Error responses of the two protocols (../shared/spec/API.md A.1, B.1).
#include "common/json_text.h"
#include "server/detail/api.h"

namespace tern::server {

HttpResponse JsonResponse(int status, const Json& body, const char* content_type) {
  HttpResponse response;
  response.status = status;
  response.body = DumpCompact(body);
  response.SetHeader("Content-Type", content_type);
  return response;
}

// AWS JSON 1.0: {"__type": "<Name>", "message": "..."}; botocore reads __type.
HttpResponse SfnErrorResponse(const ApiError& error) {
  Json body = Json::object();
  body["__type"] = error.type;
  body["message"] = error.message;
  HttpResponse response = JsonResponse(error.status, body, "application/x-amz-json-1.0");
  response.SetHeader("x-amzn-ErrorType", error.type);
  return response;
}

// Lambda REST: status per error, x-amzn-ErrorType header, {"Type": "User", "message": "..."}.
HttpResponse LambdaErrorResponse(const ApiError& error) {
  Json body = Json::object();
  body["Type"] = error.status >= 500 ? "Service" : "User";
  body["message"] = error.message;
  HttpResponse response = JsonResponse(error.status, body, "application/json");
  response.SetHeader("x-amzn-ErrorType", error.type);
  return response;
}

}  // namespace tern::server
