#include "engine/history_builder.h"

#include <array>

namespace tern::engine {
namespace {

// "<Type>StateEntered" / "<Type>StateExited" per state type, interned once at start-up (not in
// function-local statics: their guard was checked on every transition).
HistoryBuilder::StateEventNames MakeStateEventNames(const char* suffix) {
  HistoryBuilder::StateEventNames names{};
  for (size_t i = 0; i < names.size(); ++i) {
    names[i] = InternName(std::string(asl::StateTypeName(static_cast<asl::StateType>(i))) + suffix);
  }
  return names;
}

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

const HistoryBuilder::StateEventNames HistoryBuilder::kEnteredNames =
    MakeStateEventNames("StateEntered");
const HistoryBuilder::StateEventNames HistoryBuilder::kExitedNames =
    MakeStateEventNames("StateExited");

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
  // {"roleArn": ...} is the same for every execution run under one role, and building it was a
  // tenth of a short execution's cost: the last one is kept (per thread) and shared while the
  // role stays the same. Details are immutable, so sharing them is safe.
  thread_local std::shared_ptr<const Json> last_role;
  thread_local std::string last_role_arn;
  if (!last_role || last_role_arn != role_arn) {
    last_role = std::make_shared<const Json>(Json{{"roleArn", role_arn}});
    last_role_arn = role_arn;
  }
  e.extra = last_role;
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

void HistoryBuilder::AddAssigned(HistoryEvent& e, const Json& assigned) {
  e.extra = std::make_shared<const Json>(Json{
      {"assignedVariables", assigned}, {"assignedVariablesDetails", Json{{"truncated", false}}}});
}

int64_t HistoryBuilder::MapIteration(Iteration kind, const SharedText& map_name, int64_t index,
                                     int64_t previous) {
  const IterationNames& names = kIterationNames[static_cast<size_t>(kind)];
  HistoryEvent& e = Append(names.type, names.details_field, previous, 0, map_name);
  e.index = index;
  return Commit(e);
}

}  // namespace tern::engine
