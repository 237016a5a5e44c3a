// Who can set off whom in a project, read statically from the template (docs/project.md,
// "Recursive loops"). Nodes are functions, state machines, streams, buckets, schedules and
// queues; an edge A -> B means that A running may start B:
//   - a function -> its EventInvokeConfig OnSuccess/OnFailure destinations, and the OnFailure
//     destination of its Kinesis events;
//   - a stream / bucket / schedule -> the functions and state machines whose Events name it;
//   - a state machine -> what its Task states call: function ARNs, lambda:invoke's
//     FunctionName, states:startExecution's StateMachineArn, aws-sdk kinesis:putRecord(s)'s
//     StreamName/StreamARN, aws-sdk s3:putObject/copyObject's Bucket (dynamic values such as
//     "FunctionName.$" cannot be followed and are skipped);
//   - a function -> every function, state machine, stream or bucket whose name or ARN is the
//     value of one of its Environment.Variables. The heuristic: a function handed a resource's
//     name is presumed to write to it or invoke it.
#pragma once

#include <string>
#include <vector>

#include "project/project.h"

namespace tern::project {

struct GraphNode {
  enum class Kind { kFunction, kStateMachine, kStream, kBucket, kSchedule, kQueue };
  Kind kind;
  std::string name;  // schedules: "<owner name>.<event key>"; queues: the queue's name
  int line = 0;      // in the template; 0 for queues known only by ARN
  bool recursion_allowed = false;  // functions with RecursiveLoop: Allow

  std::string Label() const;  // "function:validate", "stream:orders", ...
};

struct GraphEdge {
  size_t from = 0;
  size_t to = 0;
  std::string why;  // "environment variable STREAM", "Task state Notify", ...
};

struct InvocationGraph {
  std::vector<GraphNode> nodes;
  std::vector<GraphEdge> edges;  // at most one per (from, to); reasons joined with "; "
};

InvocationGraph BuildInvocationGraph(const Project& project);

}  // namespace tern::project
