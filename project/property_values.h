// Typed reads of template properties, with intrinsics resolved and ranges checked; errors name
// the property's file:line and path.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/result.h"
#include "project/intrinsics.h"
#include "project/template_node.h"

namespace tern::project {

// An integer (or a string holding one, as a parameter gives) in [min, max].
Result<int64_t, Status> ReadInt(const Node& node, const SymbolTable& symbols, int64_t min,
                                int64_t max);
// true/false (or "true"/"false" in any case).
Result<bool, Status> ReadBool(const Node& node, const SymbolTable& symbols);
// A mapping of names to scalars, e.g. Environment.Variables.
Result<std::map<std::string, std::string>, Status> ReadStringMap(const Node& node,
                                                                 const SymbolTable& symbols);
// One of `allowed` (exactly as written).
Result<std::string, Status> ReadEnum(const Node& node, const SymbolTable& symbols,
                                     const std::vector<std::string>& allowed);

}  // namespace tern::project
