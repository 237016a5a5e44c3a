#include "cli/machine_registration.h"

#include <filesystem>

#include "asl/parse/definition_source.h"
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

Result<storage::StateMachineRecord, std::string> RegisterDefinitionFile(
    storage::Store& store, const std::string& path, const std::string& machine_name) {
  auto text = asl::ReadFileLimited(path, 1024 * 1024);
  if (!text) return Unexpected(text.error().error.message);
  // Refuse a definition that does not compile before it reaches the database.
  if (auto compiled = runtime::CompileDefinition(*text); !compiled) {
    return Unexpected(path + ": " + compiled.error().message());
  }
  storage::StateMachineRecord record;
  record.name = machine_name.empty() ? MachineNameFromPath(path) : machine_name;
  record.arn = LocalStateMachineArn(record.name);
  record.definition = std::move(text).value();
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
