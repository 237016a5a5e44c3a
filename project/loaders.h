// One loader per resource type of the supported SAM subset (docs/project.md). Each reads one
// resource's Properties into its spec, resolving intrinsics through `symbols`; errors name the
// template line and property path.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "project/project.h"
#include "project/symbols.h"
#include "project/template_node.h"

namespace tern::project {

struct LoadContext {
  const Symbols& symbols;
  // Region, account and folder, plus the streams and buckets loaded so far (they are loaded
  // before functions and state machines, whose events refer to them).
  const Project& project;
};

// `relative` against the project folder, normalised; absolute paths stay as they are.
std::string ProjectPath(const Project& project, const std::string& relative);

Result<StreamSpec, Status> LoadStream(const std::string& id, const Node& resource,
                                      const LoadContext& context);
Result<BucketSpec, Status> LoadBucket(const std::string& id, const Node& resource,
                                      const LoadContext& context);
Result<FunctionSpec, Status> LoadFunction(const std::string& id, const Node& resource,
                                          const std::optional<Node>& globals,
                                          const LoadContext& context);
Result<StateMachineSpec, Status> LoadStateMachine(const std::string& id, const Node& resource,
                                                  const LoadContext& context);

enum class EventOwner { kFunction, kStateMachine };
// A function's or state machine's Events mapping.
Result<std::vector<EventSpec>, Status> LoadEvents(const Node& events, EventOwner owner,
                                                  const LoadContext& context);
// {Type: Lambda|SQS|..., Destination: ARN} (EventInvokeConfig and Kinesis OnFailure).
Result<Destination, Status> LoadDestination(const Node& node, const LoadContext& context);

}  // namespace tern::project
