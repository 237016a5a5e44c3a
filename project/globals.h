// The Globals section. Globals.Function is merged under every AWS::Serverless::Function (see
// Node::Merge for SAM's merge rules). Globals.Api and Globals.HttpApi (CORS, auth, ...) are
// accepted and ignored; any other section is an error.
#pragma once

#include <optional>

#include "common/result.h"
#include "project/template_node.h"

namespace tern::project {

// Globals.Function, checked (only the properties SAM allows in it), or nullopt.
Result<std::optional<Node>, Status> LoadFunctionGlobals(const std::optional<Node>& globals);

}  // namespace tern::project
