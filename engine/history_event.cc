#include "engine/history_event.h"

#include "engine/timestamp.h"

namespace tern::engine {

Json HistoryEventToJson(const HistoryEvent& event) {
  Json j = Json::object();
  j["timestamp"] = FormatTimestamp(event.timestamp);
  j["type"] = event.type;
  j["id"] = event.id;
  j["previousEventId"] = event.previous_event_id;
  if (!event.details_field.empty()) j[event.details_field] = event.details;
  return j;
}

}  // namespace tern::engine
