// One event of an execution's history, in Step Functions' shape (../shared/spec/API.md §A.4):
// an id (1-based, dense), the previous event's id, a time, a type and one details object whose
// field name depends on the type ("stateEnteredEventDetails", ...).
//
// The common detail fields are stored as plain members and the AWS details object is built
// only when asked for (details(), HistoryEventToJson): an execution writes two events per
// transition, and building JSON objects for each was most of the interpreter's cost.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "common/json.h"
#include "engine/clock.h"

namespace tern::engine {

// Returns a view of `s` that stays valid for the life of the process (event types and detail
// field names are a small closed set).
std::string_view InternName(std::string_view s);

struct HistoryEvent {
  int64_t id = 0;
  int64_t previous_event_id = 0;
  TimeMs timestamp = 0;
  std::string_view type;           // "PassStateEntered", ...; interned
  std::string_view details_field;  // "stateEnteredEventDetails", ...; empty: no details

  // Details, each written only when set:
  std::string name;    // state name (state events), Map state name (iteration events)
  int64_t index = -1;  // Map iteration index
  std::string input;   // JSON text; adds inputDetails
  std::string output;  // JSON text; adds outputDetails
  Json assigned;       // assignedVariables (name -> JSON text); adds assignedVariablesDetails
  std::string error;
  std::string cause;
  Json extra;  // any other fields (task, map run, ...), an object or null

  // The AWS details object.
  Json details() const;
};

// An execution's events in order. A deque, not a vector: a long execution writes tens of
// thousands of events, and a vector would move all of them (and fault in fresh pages) each
// time it grows.
using EventList = std::deque<HistoryEvent>;

// {"timestamp": "...Z", "type": ..., "id": ..., "previousEventId": ..., <details_field>: {...}}
Json HistoryEventToJson(const HistoryEvent& event);

}  // namespace tern::engine
