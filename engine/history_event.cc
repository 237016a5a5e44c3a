#include "engine/history_event.h"

#include <mutex>
#include <unordered_set>

#include "common/json_text.h"
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
  if (!name.empty()) d["name"] = name.str();
  if (index >= 0) d["index"] = index;
  if (!input.empty()) {
    d["input"] = input.str();
    d["inputDetails"] = Json{{"truncated", false}};
  }
  if (!output.empty()) {
    d["output"] = output.str();
    d["outputDetails"] = Json{{"truncated", false}};
  }
  if (extra && extra->is_object()) {
    for (auto it = extra->begin(); it != extra->end(); ++it) d[it.key()] = it.value();
  }
  return d;
}

std::string HistoryEvent::DetailsText() const {
  // Keys of `extra` that details() would merge into a field written above them (it never
  // happens with the events tern writes): details() knows how, so it writes those.
  if (extra && extra->is_object()) {
    for (auto it = extra->begin(); it != extra->end(); ++it) {
      const std::string& k = it.key();
      if ((k == "name" && !name.empty()) || (k == "index" && index >= 0) ||
          ((k == "input" || k == "inputDetails") && !input.empty()) ||
          ((k == "output" || k == "outputDetails") && !output.empty())) {
        return DumpCompact(details());
      }
    }
  }
  std::string out = "{";
  auto field = [&out](std::string_view key) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += key;  // tern's own field names: nothing to escape
    out += "\":";
  };
  if (!name.empty()) {
    field("name");
    AppendJsonString(name.view(), out);
  }
  if (index >= 0) {
    field("index");
    out += std::to_string(index);
  }
  if (!input.empty()) {
    field("input");
    AppendJsonString(input.view(), out);
    out += R"(,"inputDetails":{"truncated":false})";
  }
  if (!output.empty()) {
    field("output");
    AppendJsonString(output.view(), out);
    out += R"(,"outputDetails":{"truncated":false})";
  }
  if (extra && extra->is_object()) {
    for (auto it = extra->begin(); it != extra->end(); ++it) {
      out += out.size() > 1 ? "," : "";
      AppendJsonString(it.key(), out);
      out += ':';
      AppendCompact(it.value(), out);
    }
  }
  out += '}';
  return out;
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
