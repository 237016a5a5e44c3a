// Static recursive-loop detection (issue #7): every elementary cycle of the invocation graph
// (invocation_graph.h), reported once, as the path "function:a -> stream:s -> function:a".
//
// A loop is "allowed" when it goes through at least one function and every function on it has
// RecursiveLoop: Allow: at run time nothing on it would stop the chain. Any other loop is
// stopped at run time after 16 hops by its Terminate functions (or runs unchecked when it has
// no function), so `tern validate` warns about it, or fails with --strict.
#pragma once

#include <string>
#include <vector>

#include "project/invocation_graph.h"
#include "project/project.h"

namespace tern::project {

struct Loop {
  std::vector<std::string> path;     // labels; the first is repeated at the end
  std::vector<std::string> reasons;  // reasons[i]: why path[i] reaches path[i + 1]
  bool allowed = false;
  int line = 0;  // the template line of the first node

  std::string ToString() const;  // "function:a -> stream:s -> function:a"
  // "function:a -> stream:s (environment variable OUT), stream:s -> function:a (event In)"
  std::string Explain() const;
};

// Cycles in a deterministic order (by their first node in template order: functions, state
// machines, streams, buckets). At most `max_loops` are returned; the count of cycles grows
// exponentially in dense graphs, and the first ones are what a user needs to see.
std::vector<Loop> FindLoops(const Project& project, size_t max_loops = 100);
std::vector<Loop> FindLoops(const InvocationGraph& graph, size_t max_loops = 100);

}  // namespace tern::project
