// What a state handler evaluates its expressions against: `$` (set per step), `$$` (built only
// when the state mentions it, since building it copies the execution input), the variables.
#pragma once

#include "asl/jsonpath/path_context.h"
#include "engine/detail/execution_impl.h"

namespace tern::engine {

struct StateEval {
  StateEval(ExecutionImpl& exec, Frame& frame) {
    pc.input = &frame.input;
    pc.variables = frame.scope;
    if (frame.state->uses_context) {
      context = exec.ContextObject(frame);
      pc.context = &context;
    }
  }
  asl::jsonpath::PathContext With(const Json& dollar) const {
    asl::jsonpath::PathContext c = pc;
    c.input = &dollar;
    return c;
  }
  Json context;
  asl::jsonpath::PathContext pc;
};

}  // namespace tern::engine
