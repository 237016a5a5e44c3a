// Jayway's evaluation of compiled steps: collects the matched nodes. In strict mode (a top-level
// Path), a definite prefix that meets a missing property or the wrong type is an error carrying
// Jayway's message; in lenient mode (inside filters) such a branch just yields nothing.
#pragma once

#include <string>
#include <vector>

#include "asl/jsonpath/detail/path_ast.h"
#include "common/json.h"
#include "common/result.h"

namespace tern::asl::jsonpath::detail {

// `root` is what `$` means inside filters; `start` is where the steps begin.
Result<std::vector<Json>, std::string> WalkSteps(const std::vector<Step>& steps, const Json& start,
                                                 const Json& root, bool strict);

}  // namespace tern::asl::jsonpath::detail
