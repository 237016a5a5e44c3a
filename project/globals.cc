#include "project/globals.h"

#include "project/function_properties.h"

namespace tern::project {

Result<std::optional<Node>, Status> LoadFunctionGlobals(const std::optional<Node>& globals) {
  if (!globals) return std::optional<Node>();
  if (Status s = CheckKeys(*globals, {"Function"}, {"Api", "HttpApi"}); !s.ok()) {
    return Unexpected(s);
  }
  auto function = globals->Get("Function");
  if (!function) return std::optional<Node>();
  // What SAM accepts in Globals.Function: every function property except the ones that name
  // one function (FunctionName, Events, InlineCode is a per-function choice too).
  std::vector<std::string_view> supported;
  for (std::string_view key : kSupportedFunctionProperties) {
    if (key != "FunctionName" && key != "Events") supported.push_back(key);
  }
  if (Status s = CheckKeys(*function, supported, kIgnoredFunctionProperties); !s.ok()) {
    return Unexpected(s);
  }
  return function;
}

}  // namespace tern::project
