// `tern run --db` and `tern start` name a definition file; the database keeps state machines.
// This stores the file's text as the machine named after it: created on first use, a new
// revision when the text changed, the existing revision when it did not.
#pragma once

#include <string>

#include "common/result.h"
#include "storage/store.h"

namespace tern::cli {

// "examples/hello/hello.asl.yaml" -> "hello"
std::string MachineNameFromPath(const std::string& path);

// The local ARN of a state machine named `name`.
std::string LocalStateMachineArn(const std::string& name);

Result<storage::StateMachineRecord, std::string> RegisterDefinitionFile(
    storage::Store& store, const std::string& path, const std::string& machine_name);

}  // namespace tern::cli
