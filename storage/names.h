// Name and ARN checks the store applies where it creates things (state machines, executions),
// so every caller (CLI, engine, HTTP server) gets AWS's rules in one place
// (../shared/spec/API.md A.1): 1-80 characters; no whitespace, control characters or any of
//   ? * < > { } [ ] " # % \ ^ | ~ ` $ & , ; : /
#pragma once

#include <string_view>

#include "common/status.h"

namespace tern::storage {

// OK, or InvalidArgument "Invalid Name: '<name>'" (AWS's message).
Status ValidateName(std::string_view name);

// An ARN of the given resource type ("stateMachine", "execution") whose last part is `name`:
// arn:<partition>:states:<region>:<account>:<type>:...:<name>, at most 2048 characters.
Status ValidateArn(std::string_view arn, std::string_view type, std::string_view name);

}  // namespace tern::storage
