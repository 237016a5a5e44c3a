// Lambda's invocation record: what an OnSuccess/OnFailure destination receives for an async
// invocation, and what the dead-letter list keeps (../shared/spec/LAMBDA.md, "Asynchronous
// invocation"; docs/async.md):
//   {"version": "1.0", "timestamp": "...Z",
//    "requestContext": {"requestId", "functionArn": "...:function:NAME:$LATEST", "condition",
//                       "approximateInvokeCount"},
//    "requestPayload": <the event>,
//    "responseContext": {"statusCode", "executedVersion", "functionError"?},
//    "responsePayload": <the result or the error document>}
// responseContext/responsePayload are left out when the function was never invoked
// (ZeroReservedConcurrency, RecursiveInvocationDetected, an event too old before any attempt).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/json.h"
#include "storage/store.h"
#include "workers/invoke.h"

namespace tern::triggers {

// The record's `condition` values. The first four are Lambda's; RecursiveInvocationDetected is
// tern's name for an event stopped by loop detection (AWS documents no condition for it).
inline constexpr std::string_view kConditionSuccess = "Success";
inline constexpr std::string_view kConditionRetriesExhausted = "RetriesExhausted";
inline constexpr std::string_view kConditionEventAgeExceeded = "EventAgeExceeded";
inline constexpr std::string_view kConditionZeroReservedConcurrency = "ZeroReservedConcurrency";
inline constexpr std::string_view kConditionRecursion = "RecursiveInvocationDetected";

// What the function answered, as kept between attempts (AsyncEventRecord::last_response).
struct AttemptResponse {
  int status_code = 200;
  std::string function_error;  // "Unhandled" when the function failed
  std::string payload;         // JSON text (the result or the error document)
  std::string error_type;      // for the dead-letter reason
  std::string error_message;
};

AttemptResponse ResponseOf(const workers::InvokeResult& result);
std::string EncodeResponse(const AttemptResponse& response);
std::optional<AttemptResponse> DecodeResponse(const std::string& text);

Json InvocationRecord(const storage::AsyncEventRecord& event, std::string_view condition,
                      int approximate_invoke_count, const std::optional<AttemptResponse>& response,
                      storage::TimeMs now);

}  // namespace tern::triggers
