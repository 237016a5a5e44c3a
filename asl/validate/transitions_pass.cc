// Transitions (ASL.md §1, §12 rules 2-6): StartAt, Next, Default and catcher Next name a state
// of the same scope (branches and ItemProcessors are closed sub-machines), every state is
// reachable from StartAt, each scope can end, and state names are 1-80 characters and unique
// across the whole machine, nested scopes included.
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "asl/validate/codes.h"
#include "asl/validate/passes.h"

namespace tern::asl::validate {
namespace {

constexpr size_t kMaxStateNameChars = 80;

struct Edge {
  std::string pointer;  // of the field naming the target
  std::string field;    // "Next", "Default", "StartAt"
  std::string target;
};

bool MovesOnWithNext(const std::string& type) {
  return type == "Pass" || type == "Task" || type == "Wait" || type == "Parallel" || type == "Map";
}

bool CanCatch(const std::string& type) {
  return type == "Task" || type == "Parallel" || type == "Map";
}

std::vector<Edge> EdgesOf(const StateInfo& state) {
  std::vector<Edge> edges;
  const Json& value = *state.value;
  if (!value.is_object() || state.type.empty()) return edges;
  auto add = [&](const Json& object, const std::string& pointer, const char* field) {
    auto it = object.find(field);
    if (it != object.end() && it->is_string()) {
      edges.push_back({Child(pointer, field), field, it->get<std::string>()});
    }
  };
  if (MovesOnWithNext(state.type)) add(value, state.pointer, "Next");
  if (state.type == "Choice") {
    auto choices = value.find("Choices");
    if (choices != value.end() && choices->is_array()) {
      for (size_t i = 0; i < choices->size(); ++i) {
        if ((*choices)[i].is_object()) {
          add((*choices)[i], Child(Child(state.pointer, "Choices"), i), "Next");
        }
      }
    }
    add(value, state.pointer, "Default");
  }
  if (CanCatch(state.type)) {
    auto catchers = value.find("Catch");
    if (catchers != value.end() && catchers->is_array()) {
      for (size_t i = 0; i < catchers->size(); ++i) {
        if ((*catchers)[i].is_object()) {
          add((*catchers)[i], Child(Child(state.pointer, "Catch"), i), "Next");
        }
      }
    }
  }
  return edges;
}

bool IsTerminal(const StateInfo& state) {
  if (state.type == "Succeed" || state.type == "Fail") return true;
  if (!state.value->is_object() || !MovesOnWithNext(state.type)) return false;
  auto end = state.value->find("End");
  return end != state.value->end() && *end == true;
}

std::string ScopeNoun(const Scope& scope) {
  if (scope.parent < 0) return "the state machine";
  return scope.pointer.ends_with("/ItemProcessor") || scope.pointer.ends_with("/Iterator")
             ? "the Map processor at " + scope.pointer
             : "the Parallel branch at " + scope.pointer;
}

void CheckScope(Context& ctx, int scope_index,
                const std::unordered_map<std::string, std::string>& anywhere) {
  const Scope& scope = ctx.scopes()[scope_index];
  auto missing = [&](const Edge& edge) {
    std::string message = "Missing '" + edge.field + "' target: " + edge.target;
    if (auto other = anywhere.find(edge.target); other != anywhere.end()) {
      message += " (the state at " + other->second +
                 " is in another scope; Parallel branches and Map processors are closed "
                 "sub-machines)";
    }
    ctx.Report(codes::kMissingTransitionTarget, edge.pointer, message);
  };

  const StateInfo* start = nullptr;
  auto start_at = scope.machine->find("StartAt");
  if (start_at != scope.machine->end() && start_at->is_string()) {
    start = ctx.FindInScope(scope_index, start_at->get_ref<const std::string&>());
    if (start == nullptr) {
      missing({Child(scope.pointer, "StartAt"), "StartAt", start_at->get<std::string>()});
    }
  }

  std::unordered_map<int, std::vector<int>> successors;
  for (int index : scope.states) {
    for (const Edge& edge : EdgesOf(ctx.states()[index])) {
      const StateInfo* target = ctx.FindInScope(scope_index, edge.target);
      if (target == nullptr) {
        missing(edge);
      } else {
        successors[index].push_back(static_cast<int>(target - ctx.states().data()));
      }
    }
  }

  if (start != nullptr) {
    std::unordered_map<int, bool> seen;
    std::deque<int> queue{static_cast<int>(start - ctx.states().data())};
    seen[queue.front()] = true;
    while (!queue.empty()) {
      int at = queue.front();
      queue.pop_front();
      for (int next : successors[at]) {
        if (!seen[next]) {
          seen[next] = true;
          queue.push_back(next);
        }
      }
    }
    for (int index : scope.states) {
      if (seen[index]) continue;
      const StateInfo& state = ctx.states()[index];
      ctx.Report(codes::kUnreachableState, state.pointer,
                 "State " + Shown(state.name) + " is not reachable from StartAt " +
                     Shown(start->name) + " (no Next, Default or Catch leads to it)");
    }
  }

  if (!scope.states.empty()) {
    bool any_terminal = false;
    for (int index : scope.states) any_terminal = any_terminal || IsTerminal(ctx.states()[index]);
    if (!any_terminal) {
      ctx.Report(codes::kNoTerminalState, Child(scope.pointer, "States"),
                 "No state of " + ScopeNoun(scope) +
                     " ends it: add a Succeed or Fail state, or \"End\": true");
    }
  }
}

}  // namespace

void RunTransitionsPass(Context& ctx) {
  // Names first: length, then uniqueness across the whole machine.
  std::unordered_map<std::string, std::string> first_use;  // name -> pointer of its first state
  for (const StateInfo& state : ctx.states()) {
    size_t chars = CodePoints(state.name);
    if (chars == 0 || chars > kMaxStateNameChars) {
      ctx.Report(codes::kSchemaValidationFailed, state.pointer,
                 "State name " + Shown(state.name) + " is " + std::to_string(chars) +
                     " characters long; state names must be 1 to 80 characters");
    }
    auto [it, inserted] = first_use.emplace(state.name, state.pointer);
    if (!inserted) {
      ctx.Report(codes::kDuplicateStateName, state.pointer,
                 "A state with this name already exists: " + state.name + " (at " + it->second +
                     "; names must be unique across the whole machine, nested ones included)");
    }
  }
  for (size_t s = 0; s < ctx.scopes().size(); ++s) {
    CheckScope(ctx, static_cast<int>(s), first_use);
  }
}

}  // namespace tern::asl::validate
