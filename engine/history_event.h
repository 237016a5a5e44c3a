// One event of an execution's history, in Step Functions' shape (../shared/spec/API.md §A.4):
// an id (1-based, dense), the previous event's id, a time, a type and one details object whose
// field name depends on the type ("stateEnteredEventDetails", ...).
//
// The common detail fields are stored as plain members and the AWS details object is built
// only when asked for (details(), HistoryEventToJson): an execution writes two events per
// transition, and building JSON objects for each was most of the interpreter's cost.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/json.h"
#include "common/shared_text.h"
#include "engine/clock.h"
#include "engine/segmented_list.h"

namespace tern::engine {

// Returns a view of `s` that stays valid for the life of the process (event types and detail
// field names are a small closed set).
std::string_view InternName(std::string_view s);

struct HistoryEvent {
  HistoryEvent() = default;
  // Constructed whole by HistoryBuilder, not default-constructed and then assigned (two events
  // per transition): the texts are forwarded, copied or moved straight into place.
  template <typename Name = SharedText, typename Input = SharedText, typename Output = SharedText>
  HistoryEvent(int64_t id, int64_t previous, TimeMs at, std::string_view type,
               std::string_view details_field, Name&& name = Name(), Input&& input = Input(),
               Output&& output = Output())
      : id(id),
        previous_event_id(previous),
        timestamp(at),
        type(type),
        details_field(details_field),
        name(std::forward<Name>(name)),
        input(std::forward<Input>(input)),
        output(std::forward<Output>(output)) {}

  int64_t id = 0;
  int64_t previous_event_id = 0;
  TimeMs timestamp = 0;
  std::string_view type;           // "PassStateEntered", ...; interned
  std::string_view details_field;  // "stateEnteredEventDetails", ...; empty: no details

  // Details, each written only when set. Events are kept small (an execution may hold 25,000
  // of them in memory): the rarer fields (assignedVariables, error, cause, task and map run
  // details) share `extra`.
  SharedText name;     // state name (state events), Map state name (iteration events)
  int64_t index = -1;  // Map iteration index
  // JSON text, shared with the events and outcome that carry the same value (a state's exited
  // output is the next state's entered input).
  SharedText input;   // adds inputDetails
  SharedText output;  // adds outputDetails
  // The other fields, in the order AWS writes them: an object, or null when there are none
  // (most events; a null pointer costs nothing to destroy, a null Json a call).
  std::shared_ptr<const Json> extra;

  // The AWS details object.
  Json details() const;
  // DumpCompact(details()), written directly (the durable runner stores every event's).
  std::string DetailsText() const;
  // assignedVariables (name -> JSON text) of a ...StateExited event; null when none.
  const Json* assigned_variables() const;
};

// An execution's events in order (engine/segmented_list.h says why not a vector).
using EventList = SegmentedList<HistoryEvent>;

// {"timestamp": "...Z", "type": ..., "id": ..., "previousEventId": ..., <details_field>: {...}}
Json HistoryEventToJson(const HistoryEvent& event);

}  // namespace tern::engine
