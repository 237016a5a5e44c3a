// Engine history events as the store keeps them: the AWS details object as JSON text.
#pragma once

#include <vector>

#include "common/json.h"
#include "engine/history_event.h"
#include "storage/store.h"

namespace tern::runtime {

storage::EventRecord ToEventRecord(const engine::HistoryEvent& event);
std::vector<storage::EventRecord> ToEventRecords(engine::EventList events);

// A stored event in GetExecutionHistory's shape (as engine::HistoryEventToJson writes it):
// {"timestamp", "type", "id", "previousEventId", <details_field>: {...}}.
Json EventRecordToJson(const storage::EventRecord& event);

}  // namespace tern::runtime
