// Retry and Catch declarations of Task, Parallel and Map states (ASL spec §9).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "asl/jsonpath/path.h"
#include "asl/jsonpath/payload_template.h"
#include "asl/model/jsonata_template.h"

namespace tern::asl {

enum class JitterStrategy { kNone, kFull };

struct Retrier {
  std::vector<std::string> error_equals;
  double interval_seconds = 1;
  int64_t max_attempts = 3;
  double backoff_rate = 2.0;
  std::optional<double> max_delay_seconds;
  JitterStrategy jitter = JitterStrategy::kNone;
};

// Where an error or a result goes in JSONPath mode: default `$`, `null` (discard), or a path.
struct ResultPathDecl {
  enum class Kind { kDefault, kDiscard, kPath };
  Kind kind = Kind::kDefault;
  std::optional<jsonpath::Path> path;
};

struct Catcher {
  std::vector<std::string> error_equals;
  std::string next;
  size_t next_index = static_cast<size_t>(-1);  // StateMachine::at(); resolved by the builder
  ResultPathDecl result_path;             // JSONPath mode
  std::optional<JsonataTemplate> output;  // JSONata mode; default $states.errorOutput
  std::optional<jsonpath::PayloadTemplate> assign_jsonpath;
  std::optional<JsonataTemplate> assign_jsonata;
};

// Error matching as AWS does it: States.ALL matches anything but States.Runtime (and
// non-task States.DataLimitExceeded); States.TaskFailed anything but Timeout and those two.
bool ErrorMatches(const std::vector<std::string>& error_equals, const std::string& error);

}  // namespace tern::asl
