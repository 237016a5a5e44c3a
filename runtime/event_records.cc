#include "runtime/event_records.h"

#include "common/json_text.h"
#include "engine/timestamp.h"

namespace tern::runtime {

storage::EventRecord ToEventRecord(const engine::HistoryEvent& event) {
  storage::EventRecord r;
  r.id = event.id;
  r.previous_id = event.previous_event_id;
  r.timestamp = event.timestamp;
  r.type = std::string(event.type);
  r.details_field = std::string(event.details_field);
  if (!event.details_field.empty()) {
    r.details = event.DetailsText();
  }
  return r;
}

std::vector<storage::EventRecord> ToEventRecords(engine::EventList events) {
  std::vector<storage::EventRecord> records;
  records.reserve(events.size());
  for (const engine::HistoryEvent& e : events) records.push_back(ToEventRecord(e));
  return records;
}

Json EventRecordToJson(const storage::EventRecord& event) {
  Json j = Json::object();
  j["timestamp"] = engine::FormatTimestamp(event.timestamp);
  j["type"] = event.type;
  j["id"] = event.id;
  j["previousEventId"] = event.previous_id;
  if (!event.details_field.empty()) {
    Json details = Json::parse(event.details, nullptr, false);
    j[event.details_field] = details.is_discarded() ? Json(event.details) : std::move(details);
  }
  return j;
}

}  // namespace tern::runtime
