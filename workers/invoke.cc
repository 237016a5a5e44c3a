#include "workers/invoke.h"

namespace tern::workers {

std::string_view InvokeStatusName(InvokeStatus status) {
  switch (status) {
    case InvokeStatus::kOk:
      return "Ok";
    case InvokeStatus::kFunctionError:
      return "FunctionError";
    case InvokeStatus::kTimeout:
      return "Timeout";
    case InvokeStatus::kRuntimeExited:
      return "RuntimeExited";
    case InvokeStatus::kOutOfMemory:
      return "OutOfMemory";
    case InvokeStatus::kThrottled:
      return "Throttled";
    case InvokeStatus::kNotFound:
      return "NotFound";
    case InvokeStatus::kInvalidRequest:
      return "InvalidRequest";
    case InvokeStatus::kServiceError:
      return "ServiceError";
  }
  return "Unknown";
}

int InvokeResult::HttpStatus() const {
  switch (status) {
    case InvokeStatus::kThrottled:
      return 429;
    case InvokeStatus::kNotFound:
      return 404;
    case InvokeStatus::kInvalidRequest:
      return error_type == "RequestTooLargeException" ? 413 : 400;
    case InvokeStatus::kServiceError:
      return 500;
    default:
      return 200;
  }
}

}  // namespace tern::workers
