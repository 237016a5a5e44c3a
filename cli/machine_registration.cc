#include "cli/machine_registration.h"

#include <filesystem>

#include "asl/parse/definition_source.h"
#include "project/project.h"
#include "runtime/definitions.h"

namespace tern::cli {

std::string MachineNameFromPath(const std::string& path) {
  std::string stem = std::filesystem::path(path).filename().string();
  auto dot = stem.find('.');
  if (dot != std::string::npos && dot > 0) stem = stem.substr(0, dot);
  return stem.empty() ? "StateMachine" : stem;
}

std::string LocalStateMachineArn(const std::string& name) {
  return "arn:aws:states:us-east-1:123456789012:stateMachine:" + name;
}

Result<DefinitionSource, std::string> ResolveDefinition(const std::string& argument,
                                                        const std::string& machine_name,
                                                        const std::string& config) {
  std::error_code ec;
  if (std::filesystem::exists(argument, ec)) {
    auto text = asl::ReadFileLimited(argument, 1024 * 1024);
    if (!text) return Unexpected(text.error().error.message);
    return DefinitionSource{std::move(text).value(),
                            machine_name.empty() ? MachineNameFromPath(argument) : machine_name,
                            argument};
  }
  std::string project_file = config;
  if (project_file.empty()) {
    auto found = project::FindProjectFile(std::filesystem::current_path().string());
    if (!found) return Unexpected(argument + ": no such file");
    project_file = *found;
  }
  auto loaded = project::LoadProject(project_file);
  if (!loaded) return Unexpected(loaded.error().message());
  const project::StateMachineSpec* sm = loaded->FindStateMachine(argument);
  if (sm == nullptr) {
    std::string known;
    for (const auto& m : loaded->state_machines) known += " " + m.name;
    return Unexpected(argument + ": no such file, and no state machine of that name in " +
                      project_file + (known.empty() ? "" : " (state machines:" + known + ")"));
  }
  return DefinitionSource{sm->definition, machine_name.empty() ? sm->name : machine_name,
                          project_file + ":" + sm->name};
}

Result<storage::StateMachineRecord, std::string> RegisterDefinition(
    storage::Store& store, const DefinitionSource& source) {
  // Refuse a definition that does not compile before it reaches the database.
  if (auto compiled = runtime::CompileDefinition(source.text); !compiled) {
    return Unexpected(source.label + ": " + compiled.error().message());
  }
  storage::StateMachineRecord record;
  record.name = source.machine_name;
  record.arn = LocalStateMachineArn(record.name);
  record.definition = source.text;
  record.role_arn = "arn:aws:iam::123456789012:role/tern-local";
  auto created = store.CreateStateMachine(record);
  if (created) return std::move(created).value();
  if (created.error().code() != StatusCode::kAlreadyExists) {
    return Unexpected(created.error().message());
  }
  auto updated = store.UpdateStateMachine(record);
  if (!updated) return Unexpected(updated.error().message());
  return std::move(updated).value();
}

}  // namespace tern::cli
