#include "triggers/async_record.h"

#include "common/json_text.h"
#include "engine/timestamp.h"

namespace tern::triggers {
namespace {

// A payload that is not JSON (a provided runtime may answer anything) travels as a string.
Json ParsePayload(const std::string& text) {
  Json parsed = Json::parse(text, nullptr, false);
  return parsed.is_discarded() ? Json(text) : parsed;
}

}  // namespace

AttemptResponse ResponseOf(const workers::InvokeResult& result) {
  AttemptResponse r;
  r.status_code = result.HttpStatus();
  r.function_error = result.function_error;
  r.payload = result.payload;
  r.error_type = result.error_type;
  r.error_message = result.error_message;
  return r;
}

std::string EncodeResponse(const AttemptResponse& r) {
  Json j{{"statusCode", r.status_code},
         {"functionError", r.function_error},
         {"payload", r.payload},
         {"errorType", r.error_type},
         {"errorMessage", r.error_message}};
  return DumpCompact(j);
}

std::optional<AttemptResponse> DecodeResponse(const std::string& text) {
  if (text.empty()) return std::nullopt;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  AttemptResponse r;
  r.status_code = j.value("statusCode", 200);
  r.function_error = j.value("functionError", std::string());
  r.payload = j.value("payload", std::string());
  r.error_type = j.value("errorType", std::string());
  r.error_message = j.value("errorMessage", std::string());
  return r;
}

Json InvocationRecord(const storage::AsyncEventRecord& event, std::string_view condition,
                      int approximate_invoke_count, const std::optional<AttemptResponse>& response,
                      storage::TimeMs now) {
  Json record{{"version", "1.0"},
              {"timestamp", engine::FormatTimestamp(now)},
              {"requestContext",
               {{"requestId", event.request_id},
                {"functionArn", event.function_arn + ":$LATEST"},
                {"condition", std::string(condition)},
                {"approximateInvokeCount", approximate_invoke_count}}},
              {"requestPayload", ParsePayload(event.payload)}};
  if (response) {
    Json context{{"statusCode", response->status_code}, {"executedVersion", "$LATEST"}};
    if (!response->function_error.empty()) context["functionError"] = response->function_error;
    record["responseContext"] = std::move(context);
    record["responsePayload"] =
        response->payload.empty() ? Json(nullptr) : ParsePayload(response->payload);
  }
  return record;
}

}  // namespace tern::triggers
