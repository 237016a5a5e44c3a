// One event of an execution's history, in Step Functions' shape (../shared/spec/API.md §A.4):
// an id (1-based, dense), the previous event's id, a time, a type and one details object whose
// field name depends on the type ("stateEnteredEventDetails", ...). `input`/`output` inside
// details are JSON-encoded strings, as AWS sends them.
#pragma once

#include <cstdint>
#include <string>

#include "common/json.h"
#include "engine/clock.h"

namespace tern::engine {

struct HistoryEvent {
  int64_t id = 0;
  int64_t previous_event_id = 0;
  TimeMs timestamp = 0;
  std::string type;           // "PassStateEntered", "ExecutionSucceeded", ...
  std::string details_field;  // empty when the type has no details
  Json details;               // an object, or null when details_field is empty
};

// {"timestamp": "...Z", "type": ..., "id": ..., "previousEventId": ..., <details_field>: {...}}
Json HistoryEventToJson(const HistoryEvent& event);

}  // namespace tern::engine
