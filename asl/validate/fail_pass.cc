// Fail states (ASL.md §2 Fail, §12 rule 8): Error excludes ErrorPath and Cause excludes
// CausePath; Error and Cause are strings (a JSONata state may write expressions). ErrorPath and
// CausePath syntax is the paths pass's.
#include <string>

#include "asl/validate/codes.h"
#include "asl/validate/field_checks.h"
#include "asl/validate/passes.h"

namespace tern::asl::validate {

void RunFailPass(Context& ctx) {
  for (const StateInfo& state : ctx.states()) {
    if (state.type != "Fail") continue;
    const Json& fail = *state.value;
    CheckExclusive(ctx, fail, state.pointer, "Error", "ErrorPath");
    CheckExclusive(ctx, fail, state.pointer, "Cause", "CausePath");
    for (const char* field : {"Error", "Cause"}) {
      auto it = fail.find(field);
      if (it == fail.end() || it->is_string()) continue;
      ctx.Report(
          codes::kSchemaValidationFailed, Child(state.pointer, field),
          "'" + std::string(field) + "' must be a string, not " + std::string(TypeName(*it)));
    }
  }
}

}  // namespace tern::asl::validate
