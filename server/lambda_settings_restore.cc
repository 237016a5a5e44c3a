// What the Lambda API stored (schema 7) back onto a starting server: the functions
// CreateFunction made (RestoreCreatedFunctions), then theirs and the project's functions'
// settings (RestoreLambdaSettings).
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "server/detail/api.h"
#include "storage/lambda_settings.h"
#include "workers/pool.h"

namespace tern::server {
namespace {

std::optional<project::EventInvokeConfig> EventInvokeConfigFrom(const Json& d) {
  if (!d.is_object()) return std::nullopt;
  project::EventInvokeConfig c;
  c.maximum_retry_attempts = d.value("MaximumRetryAttempts", c.maximum_retry_attempts);
  c.maximum_event_age_seconds = d.value("MaximumEventAgeInSeconds", c.maximum_event_age_seconds);
  const Json destinations = d.value("DestinationConfig", Json::object());
  for (const char* which : {"OnSuccess", "OnFailure"}) {
    const Json entry = destinations.value(which, Json::object());
    std::string arn = entry.is_object() ? entry.value("Destination", "") : "";
    if (arn.empty()) continue;
    (std::string_view(which) == "OnSuccess" ? c.on_success : c.on_failure) =
        project::Destination{arn};
  }
  return c;
}

// Reads one stored row with `read`; a row that is not what this tern wrote (edited by hand, or
// damaged) is reported and skipped instead of stopping the server.
template <typename T, typename Read>
std::optional<T> ReadRow(const char* what, const std::string& key, const std::string& json,
                         Read read) {
  try {
    Json document = Json::parse(json, nullptr, false);
    if (document.is_object()) {
      if (std::optional<T> value = read(document)) return value;
    }
  } catch (const Json::exception&) {
  }
  std::cerr << "tern serve: the stored " << what << " of " << key << " is unreadable; skipped\n";
  return std::nullopt;
}

}  // namespace

Status RestoreCreatedFunctions(const ServerOptions& options, workers::Pool& pool,
                               storage::LambdaSettings& settings) {
  auto created = settings.List(storage::kFunctionSetting);
  if (!created) return created.error();
  const std::string arn_prefix = "arn:aws:lambda:" + options.region + ":" + options.account + ":";
  for (const auto& [name, json] : *created) {
    using Created = std::pair<project::FunctionSpec, FunctionMeta>;
    auto f = ReadRow<Created>("function", name, json, [&](const Json& d) {
      return CreatedFunctionFromDocument(name, d, arn_prefix);
    });
    if (!f) continue;
    if (pool.GetFunction(name)) {
      std::cerr << "tern serve: function " << name
                << " made with CreateFunction is shadowed by the project's function of that "
                   "name; the project's runs\n";
      continue;
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(f->first.code_dir, ec)) {
      std::cerr << "tern serve: function " << name << " made with CreateFunction: its code folder "
                << f->first.code_dir << " is gone; skipped\n";
      continue;
    }
    if (Status s = pool.PutFunction(f->first); !s.ok()) {
      std::cerr << "tern serve: function " << name << ": " << s.message() << "\n";
    }
  }
  return Status::Ok();
}

Status RestoreLambdaSettings(const ServerOptions& options, const ServerDeps& deps) {
  (void)options;
  if (!deps.settings) return Status::Ok();
  if (deps.pool) {

    auto configs = deps.settings->List(storage::kEventInvokeConfigSetting);
    if (!configs) return configs.error();
    auto recursion = deps.settings->List(storage::kRecursionConfigSetting);
    if (!recursion) return recursion.error();
    std::map<std::string, bool> allow;
    for (const auto& [function, json] : *recursion) {
      auto value = ReadRow<bool>("recursion config", function, json, [](const Json& d) {
        return std::optional<bool>(d.value("RecursiveLoop", "") == "Allow");
      });
      if (value) allow[function] = *value;
    }
    std::map<std::string, project::EventInvokeConfig> async;
    for (const auto& [function, json] : *configs) {
      auto c = ReadRow<project::EventInvokeConfig>("event invoke config", function, json,
                                                   EventInvokeConfigFrom);
      if (c) async[function] = *c;
    }
    std::set<std::string> functions;
    for (const auto& [f, _] : allow) functions.insert(f);
    for (const auto& [f, _] : async) functions.insert(f);
    for (const std::string& function : functions) {
      auto spec = deps.pool->GetFunction(function);
      if (!spec) {
        std::cerr << "tern serve: the stored event invoke / recursion config of function "
                  << function << " waits for that function (not in this project)\n";
        continue;
      }
      auto a = async.find(function);
      auto r = allow.find(function);
      (void)deps.pool->SetInvokeSettings(
          function, a != async.end() ? std::optional(a->second) : spec->event_invoke_config,
          r != allow.end() ? r->second : spec->recursive_loop_allow);
    }
  }
  auto mappings = deps.settings->List(storage::kEventSourceMappingSetting);
  if (!mappings) return mappings.error();
  for (const auto& [uuid, json] : *mappings) {
    auto m = ReadRow<EventSourceMappingSpec>("event source mapping", uuid, json,
                                             EventSourceMappingFromDocument);
    if (!m) continue;
    if (!deps.event_sources || !m->enabled) continue;
    if (Status s = deps.event_sources->Run(*m); !s.ok()) {
      std::cerr << "tern serve: event source mapping " << uuid << ": " << s.message() << "\n";
    }
  }
  return Status::Ok();
}

}  // namespace tern::server
