// ARNs of declared resources (DESIGN.md, "Naming and wire compatibility") and the name rules
// AWS applies to each resource type, so a template that would not deploy does not load either.
#pragma once

#include <string>
#include <string_view>

namespace tern::project {

std::string FunctionArn(std::string_view region, std::string_view account, std::string_view name);
std::string StateMachineArn(std::string_view region, std::string_view account,
                            std::string_view name);
std::string StreamArn(std::string_view region, std::string_view account, std::string_view name);
std::string BucketArn(std::string_view name);

// Empty when `name` is acceptable; otherwise what is wrong, e.g. "function names are 1-64
// characters of a-z, A-Z, 0-9, - and _".
std::string CheckFunctionName(std::string_view name);
std::string CheckStateMachineName(std::string_view name);
std::string CheckStreamName(std::string_view name);
std::string CheckBucketName(std::string_view name);

}  // namespace tern::project
