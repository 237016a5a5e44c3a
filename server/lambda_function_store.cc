// Functions made with CreateFunction survive a restart: each is one document in deps.settings
// (kind "function", key its name) holding what the pool runs it with (runtime, handler, limits,
// environment, the folder its code was unpacked to, reserved concurrency) and what the API
// answers about it (role, description, code digest and size, revision). A project's functions
// are not kept: the project file defines them, and changes made to them through the API last
// until the next start, as before.
#include <filesystem>
#include <iostream>

#include "server/detail/api.h"
#include "storage/lambda_settings.h"
#include "workers/pool.h"

namespace tern::server {
namespace {

Json FunctionDocument(const project::FunctionSpec& spec, const FunctionMeta& meta) {
  Json d = Json::object();
  d["Runtime"] = spec.runtime;
  d["Handler"] = spec.handler;
  d["Timeout"] = spec.timeout_seconds;
  d["MemorySize"] = spec.memory_mb;
  d["Environment"] = Json(spec.environment);
  d["CodeDir"] = spec.code_dir;
  if (spec.reserved_concurrency) d["ReservedConcurrentExecutions"] = *spec.reserved_concurrency;
  d["Role"] = meta.role;
  d["Description"] = meta.description;
  d["CodeSha256"] = meta.code_sha256;
  d["CodeSize"] = meta.code_size;
  d["LastModified"] = meta.last_modified;
  d["RevisionId"] = meta.revision_id;
  return d;
}

}  // namespace

MaybeError SaveFunctionDocument(ApiContext& ctx, const project::FunctionSpec& spec,
                                const FunctionMeta& meta) {
  if (!meta.created) return std::nullopt;
  return PutLambdaSetting(ctx, storage::kFunctionSetting, spec.name, FunctionDocument(spec, meta));
}

std::optional<std::pair<project::FunctionSpec, FunctionMeta>> CreatedFunctionFromDocument(
    const std::string& name, const Json& d, const std::string& arn_prefix) {
  if (!d.is_object()) return std::nullopt;
  project::FunctionSpec spec;
  spec.name = name;
  spec.logical_id = name;
  spec.arn = arn_prefix + "function:" + name;
  spec.runtime = d.value("Runtime", "");
  auto family = RuntimeFamilyOf(spec.runtime);
  if (!family) return std::nullopt;
  spec.runtime_family = *family;
  spec.handler = d.value("Handler", "");
  spec.timeout_seconds = d.value("Timeout", 3);
  spec.memory_mb = d.value("MemorySize", 128);
  spec.code_dir = d.value("CodeDir", "");
  if (spec.code_dir.empty()) return std::nullopt;
  const Json environment = d.value("Environment", Json::object());
  for (const auto& [key, value] : environment.items()) {
    if (!value.is_string()) return std::nullopt;
    spec.environment[key] = value.get<std::string>();
  }
  if (d.contains("ReservedConcurrentExecutions")) {
    spec.reserved_concurrency = d["ReservedConcurrentExecutions"].get<int>();
  }
  FunctionMeta meta;
  meta.created = true;
  meta.role = d.value("Role", "");
  meta.description = d.value("Description", "");
  meta.code_sha256 = d.value("CodeSha256", "");
  meta.code_size = d.value("CodeSize", int64_t{0});
  meta.last_modified = d.value("LastModified", "");
  meta.revision_id = d.value("RevisionId", "");
  return std::pair(std::move(spec), std::move(meta));
}

void FunctionCatalog::Restore(storage::LambdaSettings* settings, const workers::Pool* pool) {
  if (settings == nullptr || pool == nullptr) return;
  auto rows = settings->List(storage::kFunctionSetting);
  if (!rows) return;  // RestoreLambdaSettings reports the store's error
  for (const auto& [name, json] : *rows) {
    try {
      auto restored = CreatedFunctionFromDocument(name, Json::parse(json, nullptr, false), "");
      auto running = pool->GetFunction(name);
      if (restored && running && running->code_dir == restored->first.code_dir) {
        Put(name, std::move(restored->second));
      }
    } catch (const Json::exception&) {
      // a member of the wrong type: RestoreLambdaSettings reports the row and skips it
    }
  }
}

}  // namespace tern::server
