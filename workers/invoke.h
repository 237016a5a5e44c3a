// One invocation of a function: what the caller asks (InvokeRequest) and what it gets back
// (InvokeResult), in the terms of Lambda's Invoke API (see docs/functions.md and
// ../shared/spec/API.md part B).
//
// A function that fails (throws, times out, crashes, runs out of memory) is not an Invoke error:
// Invoke answers 200 with `function_error` "Unhandled" and the error document as the payload.
// Throttling, an unknown function and a bad request are Invoke errors (429, 404, 400) and carry
// no payload.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tern::workers {

struct InvokeRequest {
  std::string function;        // a name or an ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)
  std::string payload = "{}";  // the event, JSON text
  std::string request_id;      // generated (a UUID) when empty
  // The X-Amzn-Trace-Id value ("Root=1-...;Parent=...;Sampled=0;Lineage=..."). Passed to the
  // runtime as Lambda-Runtime-Trace-Id (runtimes copy it into _X_AMZN_TRACE_ID); the trigger bus
  // keeps its recursion-detection Lineage there. Generated (a Root only) when empty.
  std::string trace_id;
  std::string client_context;    // JSON text (X-Amz-Client-Context decoded); empty: none
  std::string cognito_identity;  // JSON text; empty: none
  bool log_tail = false;         // X-Amz-Log-Type: Tail
};

enum class InvokeStatus {
  kOk,              // the function returned; payload is its result
  kFunctionError,   // the handler failed (/error, /init/error); payload is the error document
  kTimeout,         // Task timed out; the environment was killed
  kRuntimeExited,   // the runtime process exited or crashed (Runtime.ExitError)
  kOutOfMemory,     // the memory limit was exceeded (Runtime.OutOfMemory)
  kThrottled,       // TooManyRequestsException (429)
  kNotFound,        // ResourceNotFoundException (404)
  kInvalidRequest,  // InvalidRequestContentException / RequestTooLargeException (400 / 413)
  kServiceError,    // ServiceException (500): tern could not start the environment, shutdown
};

std::string_view InvokeStatusName(InvokeStatus status);

struct InvokeResult {
  InvokeStatus status = InvokeStatus::kOk;
  std::string request_id;
  std::string payload;         // the response bytes, or the error document
  std::string function_error;  // "Unhandled" for kFunctionError/kTimeout/kRuntimeExited/kOOM
  // For function failures: the errorType/errorMessage of the error document. For Invoke errors:
  // the AWS error name ("TooManyRequestsException") and its message ("Rate Exceeded.").
  std::string error_type;
  std::string error_message;
  std::string throttle_reason;  // ReservedFunctionConcurrentInvocationLimitExceeded | ...
  std::string log_result;       // base64 of the invocation's last 4 KB of log (log_tail only)
  std::string executed_version = "$LATEST";
  double duration_ms = 0;                  // the INVOKE phase, as REPORT's Duration
  int64_t billed_duration_ms = 0;          // rounded up to 1 ms
  std::optional<double> init_duration_ms;  // cold starts only
  int memory_size_mb = 0;
  int max_memory_used_mb = 0;
  bool cold = false;

  // Invoke's HTTP status: 200 (also for function errors), 404, 400, 413, 429, 500.
  int HttpStatus() const;
  bool ok() const { return status == InvokeStatus::kOk; }
  // Whether the function ran and failed (X-Amz-Function-Error is set).
  bool function_failed() const { return !function_error.empty(); }
};

}  // namespace tern::workers
