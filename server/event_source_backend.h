// How the server runs event source mappings created through the Lambda API
// (CreateEventSourceMapping, ...; docs/serve.md): the handlers validate and persist a mapping,
// then hand it here to poll its tern stream and invoke its function. `tern serve` wires
// triggers::StreamMapping behind it (cli/api_event_sources.h), so tern_server does not link
// tern_triggers; tests use fakes.
//
// Thread safety: every member may be called from any thread.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace tern::server {

// One mapping as the API describes it (../shared/spec/API.md B.5), Kinesis-style settings.
struct EventSourceMappingSpec {
  std::string uuid;
  std::string function_arn;
  std::string event_source_arn;  // arn:aws:kinesis:REGION:ACCOUNT:stream/NAME
  std::string stream;            // NAME: the tern stream polled
  std::string starting_position = "LATEST";   // TRIM_HORIZON | LATEST | AT_TIMESTAMP
  double starting_position_timestamp = 0;     // epoch seconds (AT_TIMESTAMP)
  int batch_size = 100;                       // 1..10000
  int maximum_batching_window_seconds = 0;    // 0..300
  int parallelization_factor = 1;             // 1..10
  bool bisect_batch_on_function_error = false;
  int maximum_retry_attempts = -1;            // -1 (until the record expires) or 0..10000
  int maximum_record_age_seconds = -1;        // -1 or 60..604800
  bool report_batch_item_failures = false;    // FunctionResponseTypes ["ReportBatchItemFailures"]
  std::string on_failure;                     // DestinationConfig.OnFailure ARN; "" none
  bool enabled = true;
  double last_modified = 0;                   // epoch seconds
};

class EventSourceBackend {
 public:
  virtual ~EventSourceBackend() = default;
  // NotFound when no tern stream is named `stream`.
  virtual Status CheckStream(const std::string& stream) = 0;
  // Starts polling for `mapping`, replacing a running mapping of the same UUID (its checkpoints,
  // kept per UUID, carry over); a disabled mapping is stopped.
  virtual Status Run(const EventSourceMappingSpec& mapping) = 0;
  // Stops the mapping's pollers (a batch in flight finishes first); no-op when not running.
  virtual void Stop(const std::string& uuid) = 0;
  // Batches delivered to the function since the mapping (re)started.
  virtual uint64_t Invocations(const std::string& uuid) = 0;
};

}  // namespace tern::server
