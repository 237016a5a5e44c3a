// Project's lookups, FindProjectFile and LooksLikeProjectFile.
#include "project/project.h"

#include <filesystem>

#include "asl/parse/definition_source.h"
#include "asl/parse/json_reader.h"
#include "asl/parse/yaml_reader.h"
#include "project/template_reader.h"

namespace tern::project {
namespace {

// "arn:...:function:NAME[:QUALIFIER]" or "ACCOUNT:function:NAME[:QUALIFIER]" -> NAME.
std::string FunctionNameOf(const std::string& reference) {
  size_t at = reference.find(":function:");
  if (at == std::string::npos) return reference;
  std::string rest = reference.substr(at + 10);
  return rest.substr(0, rest.find(':'));
}

template <typename Spec>
const Spec* FindByNameOrArn(const std::vector<Spec>& specs, const std::string& key) {
  for (const Spec& spec : specs) {
    if (spec.name == key || spec.arn == key) return &spec;
  }
  return nullptr;
}

}  // namespace

const FunctionSpec* Project::FindFunction(const std::string& name_or_arn) const {
  std::string name = FunctionNameOf(name_or_arn);
  if (name != name_or_arn) {
    // An ARN or partial ARN: its region and account must be ours when given.
    if (name_or_arn.starts_with("arn:") &&
        !name_or_arn.starts_with("arn:aws:lambda:" + region + ":" + account + ":function:")) {
      return nullptr;
    }
  }
  return FindByNameOrArn(functions, name);
}

const StateMachineSpec* Project::FindStateMachine(const std::string& name_or_arn) const {
  return FindByNameOrArn(state_machines, name_or_arn);
}

const StreamSpec* Project::FindStream(const std::string& name_or_arn) const {
  return FindByNameOrArn(streams, name_or_arn);
}

const BucketSpec* Project::FindBucket(const std::string& name_or_arn) const {
  return FindByNameOrArn(buckets, name_or_arn);
}

bool LooksLikeProjectFile(const std::string& path) {
  auto source = ReadTemplate(path, path);
  if (!source) return false;
  const Json& value = source->document.value;
  return value.is_object() && !value.contains("States") &&
         (value.contains("Resources") || value.contains("Transform"));
}

Result<std::string, Status> FindProjectFile(const std::string& dir) {
  static const char* const kCandidates[] = {"tern.yaml", "template.yaml", "template.yml"};
  std::error_code ec;
  for (const char* name : kCandidates) {
    std::filesystem::path candidate = std::filesystem::path(dir) / name;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
  }
  return Unexpected(Status::NotFound("no project file in " + dir +
                                     " (looked for tern.yaml, template.yaml, template.yml)"));
}

}  // namespace tern::project
