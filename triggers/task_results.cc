#include "triggers/task_results.h"

#include "common/json_depth.h"

namespace tern::triggers {
namespace {

// An Invoke error as the AWS SDK reports it inside Step Functions.
asl::Failure InvokeError(const FunctionResponse& r) {
  const workers::InvokeResult& x = r.result;
  std::string name = x.error_type.empty() ? "ServiceException" : x.error_type;
  std::string message = x.error_message;
  if (x.status == workers::InvokeStatus::kNotFound && !message.ends_with(":$LATEST")) {
    message += ":$LATEST";  // AWS names the version it looked for
  }
  return {"Lambda." + name, message + " (Service: AWSLambda; Status Code: " +
                                std::to_string(r.status_code) + "; Error Code: " + name +
                                "; Request ID: " + x.request_id + "; Proxy: null)"};
}

// The function ran and failed: error = its errorType, cause = its error document.
asl::Failure FunctionError(const workers::InvokeResult& x) {
  std::string error = x.error_type;
  if (error.empty()) {
    Json doc = Json::parse(x.payload, nullptr, false);
    if (doc.is_object() && doc.contains("errorType") && doc["errorType"].is_string()) {
      error = doc["errorType"].get<std::string>();
    }
  }
  if (error.empty()) error = "Lambda.Unknown";
  return {error, x.payload};
}

Json ParsePayload(const std::string& payload) {
  if (payload.empty()) return Json();
  Json value = Json::parse(payload, nullptr, false);
  return value.is_discarded() ? Json(payload) : value;
}

}  // namespace

engine::TaskResult LambdaTaskResult(TaskResource::Kind kind,
                                    const FunctionResponse& response) {
  const workers::InvokeResult& x = response.result;
  if (response.status_code >= 300) return Unexpected(InvokeError(response));
  if (x.function_failed()) return Unexpected(FunctionError(x));
  // Refused before parsing: what handles the result afterwards recurses on its depth.
  if (JsonNestsDeeperThan(x.payload)) {
    return Unexpected(asl::Failure{
        "States.Runtime",
        "The function's result nests deeper than " + std::to_string(kMaxJsonNesting) + " levels."});
  }
  if (kind == TaskResource::Kind::kLambdaFunction) return ParsePayload(x.payload);
  Json result = Json::object();
  if (response.status_code == 200) result["ExecutedVersion"] = x.executed_version;
  result["Payload"] = response.status_code == 200 ? ParsePayload(x.payload) : Json("");
  Json headers{{"Content-Type", "application/json"},
               {"X-Amz-Executed-Version", x.executed_version},
               {"x-amzn-RequestId", x.request_id}};
  Json all_headers = Json::object();
  for (auto it = headers.begin(); it != headers.end(); ++it) all_headers[it.key()] = {it.value()};
  result["SdkHttpMetadata"] = Json{{"AllHttpHeaders", std::move(all_headers)},
                                   {"HttpHeaders", std::move(headers)},
                                   {"HttpStatusCode", response.status_code}};
  result["SdkResponseMetadata"] = Json{{"RequestId", x.request_id}};
  result["StatusCode"] = response.status_code;
  if (!x.log_result.empty()) result["LogResult"] = x.log_result;
  return result;
}

}  // namespace tern::triggers
