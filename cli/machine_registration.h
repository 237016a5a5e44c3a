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

// A definition named on the command line: a file, or the name (or logical id) of a state
// machine in the project file (`config`, else tern.yaml / template.yaml here).
struct DefinitionSource {
  std::string text;
  std::string machine_name;  // the state machine's name
  std::string label;         // what error messages call it: the file, or "template.yaml:Name"
};
Result<DefinitionSource, std::string> ResolveDefinition(const std::string& argument,
                                                        const std::string& machine_name,
                                                        const std::string& config);

// Stores `source` as the state machine named source.machine_name.
Result<storage::StateMachineRecord, std::string> RegisterDefinition(storage::Store& store,
                                                                    const DefinitionSource& source);

}  // namespace tern::cli
