#include "engine/history_builder.h"

#include <array>

namespace tern::engine {
namespace {

constexpr size_t kStateTypes = 8;

// "<Type>StateEntered" / "<Type>StateExited" per state type, interned once at start-up (not in
// function-local statics: their guard was checked on every transition).
std::array<std::string_view, kStateTypes> MakeStateEventNames(const char* suffix) {
  std::array<std::string_view, kStateTypes> names{};
  for (size_t i = 0; i < kStateTypes; ++i) {
    names[i] = InternName(std::string(asl::StateTypeName(static_cast<asl::StateType>(i))) + suffix);
  }
  return names;
}
const std::array<std::string_view, kStateTypes> kEnteredNames = MakeStateEventNames("StateEntered");
const std::array<std::string_view, kStateTypes> kExitedNames = MakeStateEventNames("StateExited");

// MapIteration<Kind> and its details field, by HistoryBuilder::Iteration (literals: they live as
// long as the process, as event names must; interning them per event was a tenth of a Map's time).
struct IterationNames {
  std::string_view type;
  std::string_view details_field;
};
constexpr std::array<IterationNames, 4> kIterationNames{{
    {"MapIterationStarted", "mapIterationStartedEventDetails"},
    {"MapIterationSucceeded", "mapIterationSucceededEventDetails"},
    {"MapIterationFailed", "mapIterationFailedEventDetails"},
    {"MapIterationAborted", "mapIterationAbortedEventDetails"},
}};

}  // namespace

// Inlined into each event writer: a transition writes two events, and the call cost a tenth of
// that.
template <typename... Texts>
[[gnu::always_inline]] inline HistoryEvent& HistoryBuilder::Append(std::string_view type,
                                                                   std::string_view details_field,
                                                                   int64_t previous, TimeMs at,
                                                                   Texts&&... texts) {
  last_time_ = at != 0 ? at : clock_.Now();
  return events_.emplace_back(taken_ + static_cast<int64_t>(events_.size()) + 1, previous,
                              last_time_, type, details_field, std::forward<Texts>(texts)...);
}

int64_t HistoryBuilder::Commit(const HistoryEvent& e) {
  if (on_event) on_event(e);
  return e.id;
}

int64_t HistoryBuilder::Add(std::string_view type, std::string_view details_field, Json details,
                            int64_t previous) {
  HistoryEvent& e =
      Append(InternName(type),
             details_field.empty() ? std::string_view() : InternName(details_field), previous, 0);
  if (details.is_object()) e.extra = std::make_shared<const Json>(std::move(details));
  return Commit(e);
}

int64_t HistoryBuilder::ExecutionStarted(SharedText input, const std::string& role_arn) {
  HistoryEvent& e = Append("ExecutionStarted", "executionStartedEventDetails", 0, 0, SharedText(),
                           std::move(input));
  auto extra = std::make_shared<Json>(Json::object());
  (*extra)["roleArn"] = role_arn;
  e.extra = std::move(extra);
  return Commit(e);
}

int64_t HistoryBuilder::ExecutionSucceeded(SharedText output, int64_t previous) {
  HistoryEvent& e = Append("ExecutionSucceeded", "executionSucceededEventDetails", previous, 0,
                           SharedText(), SharedText(), std::move(output));
  return Commit(e);
}

int64_t HistoryBuilder::ExecutionEnded(std::string_view type, std::string_view details_field,
                                       const std::string& error, const std::string& cause,
                                       int64_t previous) {
  HistoryEvent& e = Append(InternName(type), InternName(details_field), previous, 0);
  if (!error.empty() || !cause.empty()) {
    Json extra = Json::object();
    if (!error.empty()) extra["error"] = error;
    if (!cause.empty()) extra["cause"] = cause;
    e.extra = std::make_shared<const Json>(std::move(extra));
  }
  return Commit(e);
}

int64_t HistoryBuilder::StateEntered(asl::StateType type, const SharedText& name,
                                     SharedText input, int64_t previous, TimeMs at) {
  HistoryEvent& e = Append(kEnteredNames[static_cast<size_t>(type)], "stateEnteredEventDetails",
                           previous, at, name, std::move(input));
  return Commit(e);
}

int64_t HistoryBuilder::StateExited(asl::StateType type, const SharedText& name,
                                    const SharedText& output, const Json& assigned,
                                    int64_t previous) {
  HistoryEvent& e = Append(kExitedNames[static_cast<size_t>(type)], kStateExitedDetails, previous,
                           0, name, SharedText(), output);
  if (!assigned.is_null()) AddAssigned(e, assigned);
  return Commit(e);
}

void HistoryBuilder::AddAssigned(HistoryEvent& e, const Json& assigned) {
  e.extra = std::make_shared<const Json>(
      Json{{"assignedVariables", assigned},
           {"assignedVariablesDetails", Json{{"truncated", false}}}});
}

int64_t HistoryBuilder::MapIteration(Iteration kind, const SharedText& map_name, int64_t index,
                                     int64_t previous) {
  const IterationNames& names = kIterationNames[static_cast<size_t>(kind)];
  HistoryEvent& e = Append(names.type, names.details_field, previous, 0, map_name);
  e.index = index;
  return Commit(e);
}

}  // namespace tern::engine
