#include "engine/history_event.h"

#include <mutex>
#include <unordered_set>

#include "engine/timestamp.h"

namespace tern::engine {

std::string_view InternName(std::string_view s) {
  static std::mutex mu;
  static std::unordered_set<std::string> names;  // never shrinks: views stay valid
  std::lock_guard lock(mu);
  return *names.emplace(s).first;
}

Json HistoryEvent::details() const {
  Json d = Json::object();
  if (!name.empty()) d["name"] = name;
  if (index >= 0) d["index"] = index;
  if (!input.empty()) {
    d["input"] = input;
    d["inputDetails"] = Json{{"truncated", false}};
  }
  if (!output.empty()) {
    d["output"] = output;
    d["outputDetails"] = Json{{"truncated", false}};
  }
  if (extra && extra->is_object()) {
    for (auto it = extra->begin(); it != extra->end(); ++it) d[it.key()] = it.value();
  }
  return d;
}

const Json* HistoryEvent::assigned_variables() const {
  if (!extra || !extra->is_object()) return nullptr;
  auto it = extra->find("assignedVariables");
  return it == extra->end() ? nullptr : &*it;
}

Json HistoryEventToJson(const HistoryEvent& event) {
  Json j = Json::object();
  j["timestamp"] = FormatTimestamp(event.timestamp);
  j["type"] = std::string(event.type);
  j["id"] = event.id;
  j["previousEventId"] = event.previous_event_id;
  if (!event.details_field.empty()) j[std::string(event.details_field)] = event.details();
  return j;
}

}  // namespace tern::engine
