#include "runtime/definitions.h"

#include "asl/parse/definition_source.h"
#include "asl/validate/validator.h"

namespace tern::runtime {

Result<std::shared_ptr<const asl::StateMachine>, Status> CompileDefinition(const std::string& text) {
  auto doc = asl::ParseDefinitionText(text, asl::GuessFormat("", text));
  if (!doc) {
    return Unexpected(Status::InvalidArgument("the definition is not valid JSON or YAML: " +
                                              doc.error().error.ToString()));
  }
  auto diagnostics = asl::Validate(*doc);
  if (asl::HasErrors(diagnostics)) {
    std::string message = "the definition is invalid:";
    for (const auto& d : diagnostics) {
      if (d.severity == asl::Severity::kError) message += "\n" + asl::FormatDiagnostic(d, "");
    }
    return Unexpected(Status::InvalidArgument(std::move(message)));
  }
  auto machine = asl::BuildStateMachine(doc->value);
  if (!machine) return Unexpected(Status::InvalidArgument(machine.error()));
  return std::move(machine).value();
}

Result<std::shared_ptr<const asl::StateMachine>, Status> DefinitionCache::Compile(
    const std::string& arn, int64_t revision, const std::string& text) {
  std::lock_guard lock(mu_);
  auto key = std::make_pair(arn, revision);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  auto machine = CompileDefinition(text);
  if (machine) cache_.emplace(key, *machine);
  return machine;
}

}  // namespace tern::runtime
