#include "engine/history_builder.h"

namespace tern::engine {
namespace {

Json Truncated() { return Json{{"truncated", false}}; }

}  // namespace

int64_t HistoryBuilder::Add(std::string type, std::string details_field, Json details,
                            int64_t previous) {
  HistoryEvent e;
  e.id = static_cast<int64_t>(events_.size()) + 1;
  e.previous_event_id = previous;
  e.timestamp = clock_.Now();
  e.type = std::move(type);
  e.details_field = std::move(details_field);
  e.details = std::move(details);
  events_.push_back(std::move(e));
  if (on_event) on_event(events_.back());
  return events_.back().id;
}

int64_t HistoryBuilder::ExecutionStarted(const std::string& input, const std::string& role_arn) {
  return Add("ExecutionStarted", "executionStartedEventDetails",
             Json{{"input", input}, {"inputDetails", Truncated()}, {"roleArn", role_arn}}, 0);
}

int64_t HistoryBuilder::ExecutionSucceeded(const std::string& output, int64_t previous) {
  return Add("ExecutionSucceeded", "executionSucceededEventDetails",
             Json{{"output", output}, {"outputDetails", Truncated()}}, previous);
}

int64_t HistoryBuilder::ExecutionEnded(const std::string& type, const std::string& details_field,
                                       const std::string& error, const std::string& cause,
                                       int64_t previous) {
  Json details = Json::object();
  if (!error.empty()) details["error"] = error;
  if (!cause.empty()) details["cause"] = cause;
  return Add(type, details_field, std::move(details), previous);
}

int64_t HistoryBuilder::StateEntered(asl::StateType type, const std::string& name,
                                     const std::string& input, int64_t previous) {
  return Add(std::string(asl::StateTypeName(type)) + "StateEntered", "stateEnteredEventDetails",
             Json{{"name", name}, {"input", input}, {"inputDetails", Truncated()}}, previous);
}

int64_t HistoryBuilder::StateExited(asl::StateType type, const std::string& name,
                                    const std::string& output, const Json& assigned,
                                    int64_t previous) {
  Json details{{"name", name}, {"output", output}, {"outputDetails", Truncated()}};
  if (!assigned.is_null()) {
    details["assignedVariables"] = assigned;
    details["assignedVariablesDetails"] = Truncated();
  }
  return Add(std::string(asl::StateTypeName(type)) + "StateExited", "stateExitedEventDetails",
             std::move(details), previous);
}

}  // namespace tern::engine
