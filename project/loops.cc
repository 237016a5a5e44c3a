#include "project/loops.h"

#include <algorithm>

namespace tern::project {
namespace {

// Enumerates elementary cycles: each is found once, from its lowest-numbered node, by a
// depth-first search that only visits nodes numbered above that start.
class CycleFinder {
 public:
  CycleFinder(const InvocationGraph& graph, size_t max_loops)
      : graph_(graph),
        max_loops_(max_loops),
        adjacency_(graph.nodes.size()),
        on_path_(graph.nodes.size(), false) {
    for (size_t e = 0; e < graph.edges.size(); ++e) adjacency_[graph.edges[e].from].push_back(e);
  }

  std::vector<Loop> Run() {
    for (size_t start = 0; start < graph_.nodes.size() && loops_.size() < max_loops_; ++start) {
      start_ = start;
      Visit(start);
    }
    return std::move(loops_);
  }

 private:
  void Visit(size_t node) {
    on_path_[node] = true;
    for (size_t e : adjacency_[node]) {
      if (loops_.size() >= max_loops_) break;
      size_t next = graph_.edges[e].to;
      if (next == start_) {
        edges_.push_back(e);
        Record();
        edges_.pop_back();
      } else if (next > start_ && !on_path_[next]) {
        edges_.push_back(e);
        Visit(next);
        edges_.pop_back();
      }
    }
    on_path_[node] = false;
  }

  void Record() {
    Loop loop;
    const GraphNode& first = graph_.nodes[start_];
    loop.path.push_back(first.Label());
    loop.line = first.line;
    bool any_function = false, all_allow = true;
    for (size_t e : edges_) {
      const GraphEdge& edge = graph_.edges[e];
      const GraphNode& from = graph_.nodes[edge.from];
      if (from.kind == GraphNode::Kind::kFunction) {
        any_function = true;
        all_allow &= from.recursion_allowed;
      }
      loop.path.push_back(graph_.nodes[edge.to].Label());
      loop.reasons.push_back(edge.why);
    }
    loop.allowed = any_function && all_allow;
    loops_.push_back(std::move(loop));
  }

  const InvocationGraph& graph_;
  size_t max_loops_;
  std::vector<std::vector<size_t>> adjacency_;  // node -> outgoing edge indexes
  std::vector<bool> on_path_;
  std::vector<size_t> edges_;  // the current path, as edges
  size_t start_ = 0;
  std::vector<Loop> loops_;
};

}  // namespace

std::string Loop::ToString() const {
  std::string out;
  for (const std::string& label : path) out += (out.empty() ? "" : " -> ") + label;
  return out;
}

std::string Loop::Explain() const {
  std::string out;
  for (size_t i = 0; i < reasons.size(); ++i) {
    if (i > 0) out += ", ";
    out += path[i] + " -> " + path[i + 1] + " (" + reasons[i] + ")";
  }
  return out;
}

std::vector<Loop> FindLoops(const InvocationGraph& graph, size_t max_loops) {
  return CycleFinder(graph, max_loops).Run();
}

std::vector<Loop> FindLoops(const Project& project, size_t max_loops) {
  return FindLoops(BuildInvocationGraph(project), max_loops);
}

}  // namespace tern::project
