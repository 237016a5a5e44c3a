#include "project/invocation_graph.h"

#include <map>
#include <optional>
#include <utility>

namespace tern::project {
namespace {

class GraphBuilder {
 public:
  explicit GraphBuilder(const Project& project) : project_(project) {
    for (const FunctionSpec& f : project.functions) {
      functions_.push_back(
          Add({GraphNode::Kind::kFunction, f.name, f.line, f.recursive_loop_allow}));
    }
    for (const StateMachineSpec& m : project.state_machines) {
      machines_.push_back(Add({GraphNode::Kind::kStateMachine, m.name, m.line, false}));
    }
    for (const StreamSpec& s : project.streams) {
      streams_.push_back(Add({GraphNode::Kind::kStream, s.name, s.line, false}));
    }
    for (const BucketSpec& b : project.buckets) {
      buckets_.push_back(Add({GraphNode::Kind::kBucket, b.name, b.line, false}));
    }
  }

  InvocationGraph Build() {
    for (size_t i = 0; i < project_.functions.size(); ++i) AddFunction(i);
    for (size_t i = 0; i < project_.state_machines.size(); ++i) AddStateMachine(i);
    return std::move(graph_);
  }

 private:
  size_t Add(GraphNode node) {
    graph_.nodes.push_back(std::move(node));
    return graph_.nodes.size() - 1;
  }

  void Connect(size_t from, size_t to, const std::string& why) {
    auto [it, inserted] = edge_index_.emplace(std::make_pair(from, to), graph_.edges.size());
    if (inserted) {
      graph_.edges.push_back({from, to, why});
    } else if (graph_.edges[it->second].why.find(why) == std::string::npos) {
      graph_.edges[it->second].why += "; " + why;
    }
  }

  template <typename Spec>
  std::optional<size_t> IndexIn(const std::vector<Spec>& specs, const Spec* found,
                                const std::vector<size_t>& nodes) {
    if (!found) return std::nullopt;
    return nodes[static_cast<size_t>(found - specs.data())];
  }

  // The node a name or ARN refers to, if it is one of the project's resources (or a queue).
  std::optional<size_t> Resolve(const std::string& reference) {
    if (auto n = IndexIn(project_.functions, project_.FindFunction(reference), functions_)) {
      return n;
    }
    if (auto n =
            IndexIn(project_.state_machines, project_.FindStateMachine(reference), machines_)) {
      return n;
    }
    if (auto n = IndexIn(project_.streams, project_.FindStream(reference), streams_)) return n;
    if (auto n = IndexIn(project_.buckets, project_.FindBucket(reference), buckets_)) return n;
    return std::nullopt;
  }

  std::optional<size_t> Destination(const std::string& arn) {
    if (auto n = Resolve(arn)) return n;
    if (!arn.starts_with("arn:aws:sqs:")) return std::nullopt;
    std::string name = arn.substr(arn.rfind(':') + 1);
    auto [it, inserted] = queues_.emplace(name, 0);
    if (inserted) it->second = Add({GraphNode::Kind::kQueue, name, 0, false});
    return it->second;
  }

  size_t Schedule(const std::string& owner, const EventSpec& event) {
    return Add({GraphNode::Kind::kSchedule, owner + "." + event.logical_id, event.line, false});
  }

  void AddFunction(size_t i) {
    const FunctionSpec& f = project_.functions[i];
    size_t self = functions_[i];
    if (f.event_invoke_config) {
      const EventInvokeConfig& config = *f.event_invoke_config;
      if (config.on_success) {
        if (auto to = Destination(config.on_success->arn))
          Connect(self, *to, "OnSuccess destination");
      }
      if (config.on_failure) {
        if (auto to = Destination(config.on_failure->arn))
          Connect(self, *to, "OnFailure destination");
      }
    }
    for (const EventSpec& event : f.events) AddEvent(f.name, self, event);
    for (const auto& [key, value] : f.environment) {
      if (auto to = Resolve(value)) Connect(self, *to, "environment variable " + key);
    }
  }

  void AddEvent(const std::string& owner, size_t target, const EventSpec& event) {
    std::string why = "event " + event.logical_id;
    switch (event.kind) {
      case EventSpec::Kind::kSchedule:
        Connect(Schedule(owner, event), target, why);
        break;
      case EventSpec::Kind::kStream:
        if (auto from = Resolve(event.stream_arn)) Connect(*from, target, why);
        if (event.on_failure) {
          if (auto to = Destination(event.on_failure->arn)) {
            Connect(target, *to, "OnFailure of event " + event.logical_id);
          }
        }
        break;
      case EventSpec::Kind::kFile:
        if (auto from = Resolve(event.bucket)) Connect(*from, target, why);
        break;
      case EventSpec::Kind::kHttp:
        break;  // an HTTP route is started from outside the project
    }
  }

  void AddStateMachine(size_t i) {
    const StateMachineSpec& m = project_.state_machines[i];
    for (const EventSpec& event : m.events) AddEvent(m.name, machines_[i], event);
    AddStates(machines_[i], m.document.value);
  }

  // The States of a definition or of a Parallel branch / Map processor, recursively.
  void AddStates(size_t machine, const Json& container) {
    if (!container.is_object() || !container.contains("States") ||
        !container["States"].is_object()) {
      return;
    }
    for (const auto& [name, state] : container["States"].items()) {
      if (!state.is_object()) continue;
      std::string type = state.value("Type", "");
      if (type == "Task") AddTask(machine, name, state);
      if (type == "Parallel" && state.contains("Branches") && state["Branches"].is_array()) {
        for (const Json& branch : state["Branches"]) AddStates(machine, branch);
      }
      if (type == "Map") {
        if (state.contains("ItemProcessor")) AddStates(machine, state["ItemProcessor"]);
        if (state.contains("Iterator")) AddStates(machine, state["Iterator"]);
      }
    }
  }

  // The first static string among `keys` in the task's Parameters or Arguments.
  static std::optional<std::string> Argument(const Json& state,
                                             std::initializer_list<const char*> keys) {
    for (const char* field : {"Parameters", "Arguments"}) {
      if (!state.contains(field) || !state[field].is_object()) continue;
      for (const char* key : keys) {
        const Json& args = state[field];
        if (args.contains(key) && args[key].is_string()) {
          std::string value = args[key].get<std::string>();
          if (!value.starts_with("{%")) return value;  // a JSONata expression is dynamic
        }
      }
    }
    return std::nullopt;
  }

  void AddTask(size_t machine, const std::string& name, const Json& state) {
    if (!state.contains("Resource") || !state["Resource"].is_string()) return;
    std::string resource = state["Resource"].get<std::string>();
    // Integration patterns (.sync, .sync:2, .waitForTaskToken) call the same target.
    constexpr std::string_view kIntegration = "arn:aws:states:::";
    if (resource.starts_with(kIntegration)) {
      resource = resource.substr(0, resource.find('.', kIntegration.size()));
    }
    std::optional<std::string> target;
    if (resource.starts_with("arn:aws:lambda:")) {
      target = resource;
    } else if (resource == "arn:aws:states:::lambda:invoke" ||
               resource == "arn:aws:states:::aws-sdk:lambda:invoke") {
      target = Argument(state, {"FunctionName"});
    } else if (resource == "arn:aws:states:::states:startExecution" ||
               resource == "arn:aws:states:::aws-sdk:sfn:startExecution" ||
               resource == "arn:aws:states:::aws-sdk:sfn:startSyncExecution") {
      target = Argument(state, {"StateMachineArn"});
    } else if (resource == "arn:aws:states:::aws-sdk:kinesis:putRecord" ||
               resource == "arn:aws:states:::aws-sdk:kinesis:putRecords") {
      target = Argument(state, {"StreamName", "StreamARN", "StreamArn"});
    } else if (resource == "arn:aws:states:::aws-sdk:s3:putObject" ||
               resource == "arn:aws:states:::aws-sdk:s3:copyObject") {
      target = Argument(state, {"Bucket"});
    }
    if (!target) return;
    if (auto to = Resolve(*target)) Connect(machine, *to, "Task state " + name);
  }

  const Project& project_;
  InvocationGraph graph_;
  std::vector<size_t> functions_, machines_, streams_, buckets_;
  std::map<std::string, size_t> queues_;
  std::map<std::pair<size_t, size_t>, size_t> edge_index_;
};

}  // namespace

std::string GraphNode::Label() const {
  switch (kind) {
    case Kind::kFunction:
      return "function:" + name;
    case Kind::kStateMachine:
      return "stateMachine:" + name;
    case Kind::kStream:
      return "stream:" + name;
    case Kind::kBucket:
      return "bucket:" + name;
    case Kind::kSchedule:
      return "schedule:" + name;
    case Kind::kQueue:
      return "queue:" + name;
  }
  return name;
}

InvocationGraph BuildInvocationGraph(const Project& project) {
  return GraphBuilder(project).Build();
}

}  // namespace tern::project
