// Variables (ASL.md §5, §12 rule 16): Assign is an object of valid names (identifiers of at most
// 80 characters, not the reserved "states"); a Parallel branch or Map iteration may read the
// variables of enclosing scopes but not assign them; and a JSONPath reference "$name" must name
// a variable that some state of a visible scope assigns (a Distributed Map child sees none of
// its parent's).
#include <string>
#include <unordered_map>
#include <vector>

#include "asl/validate/codes.h"
#include "asl/validate/passes.h"

namespace tern::asl::validate {
namespace {

constexpr size_t kMaxVariableNameChars = 80;
// Characters that make a name unusable in any path or expression.
constexpr std::string_view kForbiddenNameChars = " \t\r\n.$'\"[](){}";

bool IsIdentifier(std::string_view name) {
  if (name.empty()) return false;
  auto letter = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  };
  if (!letter(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!letter(static_cast<unsigned char>(c)) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

struct Assignment {
  std::string pointer;
};

using ScopeNames = std::unordered_map<std::string, Assignment>;  // name -> first assignment

class VariablesCheck {
 public:
  explicit VariablesCheck(Context& ctx) : ctx_(ctx), assigned_(ctx.scopes().size()) {}

  void Run() {
    for (const StateInfo& state : ctx_.states()) {
      if (!state.value->is_object() || state.type.empty()) continue;
      CheckAssign(state, *state.value, state.pointer);
      for (const char* list : {"Catch", "Choices"}) {
        auto entries = state.value->find(list);
        if (entries == state.value->end() || !entries->is_array()) continue;
        for (size_t i = 0; i < entries->size(); ++i) {
          if ((*entries)[i].is_object()) {
            CheckAssign(state, (*entries)[i], Child(Child(state.pointer, list), i));
          }
        }
      }
    }
    CheckScopes();
    CheckUses();
  }

 private:
  void CheckAssign(const StateInfo& state, const Json& holder, const std::string& at) {
    auto assign = holder.find("Assign");
    if (assign == holder.end()) return;
    const std::string pointer = Child(at, "Assign");
    if (!assign->is_object()) {
      ctx_.Report(codes::kSchemaValidationFailed, pointer,
                  "'Assign' must be an object of variable name to value, not " +
                      std::string(TypeName(*assign)));
      return;
    }
    for (auto it = assign->begin(); it != assign->end(); ++it) {
      std::string name = it.key();
      if (name.size() > 2 && name.ends_with(".$")) name.resize(name.size() - 2);
      const std::string key_pointer = Child(pointer, it.key());
      if (name.empty() || name.find_first_of(kForbiddenNameChars) != std::string::npos ||
          (name[0] >= '0' && name[0] <= '9')) {
        ctx_.Report(codes::kInvalidVariable, key_pointer,
                    "Variable name " + Shown(name) +
                        " is not valid: it must not be empty, start with a digit, or contain "
                        "whitespace, '.', '$', quotes or brackets");
      } else if (!IsIdentifier(name)) {
        ctx_.Report(codes::kInvalidVariable, key_pointer,
                    "Variable name " + Shown(name) + " is not an identifier, so no expression " +
                        "can reference it as '$" + name + "' (use letters, digits and '_')",
                    Severity::kWarning);
      } else if (CodePoints(name) > kMaxVariableNameChars) {
        ctx_.Report(codes::kInvalidVariable, key_pointer,
                    "Variable name " + Shown(name) + " is longer than 80 characters");
      } else if (name == "states") {
        ctx_.Report(codes::kInvalidVariable, key_pointer,
                    "Variable name 'states' is reserved ($states holds the JSONata state "
                    "context)");
      }
      assigned_[state.scope].emplace(name, Assignment{key_pointer});
    }
  }

  // The scopes whose variables `scope` can see, nearest first.
  std::vector<int> Visible(int scope) const {
    std::vector<int> out;
    for (int s = scope; s >= 0; s = ctx_.scopes()[s].parent) {
      out.push_back(s);
      if (ctx_.scopes()[s].isolated) break;
    }
    return out;
  }

  void CheckScopes() {
    for (size_t s = 0; s < assigned_.size(); ++s) {
      std::vector<int> visible = Visible(static_cast<int>(s));
      for (const auto& [name, assignment] : assigned_[s]) {
        for (size_t v = 1; v < visible.size(); ++v) {
          auto outer = assigned_[visible[v]].find(name);
          if (outer == assigned_[visible[v]].end()) continue;
          ctx_.Report(codes::kInvalidVariable, assignment.pointer,
                      "Variable " + Shown(name) + " is already assigned in an enclosing scope (" +
                          outer->second.pointer +
                          "); a Parallel branch or Map iteration can read it but not assign it");
          break;
        }
      }
    }
  }

  void CheckUses() {
    for (const VariableUse& use : ctx_.variable_uses()) {
      bool found = false;
      for (int s : Visible(use.scope)) found = found || assigned_[s].contains(use.name);
      if (found) continue;
      ctx_.Report(codes::kInvalidVariable, use.pointer,
                  "Variable '$" + use.name +
                      "' is not assigned by any state this state can see (its own scope or an "
                      "enclosing one)");
    }
  }

  Context& ctx_;
  std::vector<ScopeNames> assigned_;  // per scope
};

}  // namespace

void RunVariablesPass(Context& ctx) { VariablesCheck(ctx).Run(); }

}  // namespace tern::asl::validate
