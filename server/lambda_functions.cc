// Lambda function management: CreateFunction (a base64 ZipFile unpacked under
// <data_dir>/functions/<name>/ with `unzip`), GetFunction, GetFunctionConfiguration,
// ListFunctions, DeleteFunction, Put/Get/DeleteFunctionConcurrency.
#include <algorithm>
#include <filesystem>
#include <regex>

#include "engine/uuid.h"
#include "server/detail/api.h"
#include "storage/lambda_settings.h"
#include "workers/pool.h"

namespace tern::server {

void FunctionCatalog::Put(const std::string& name, FunctionMeta meta) {
  std::lock_guard lock(mu_);
  meta_[name] = std::move(meta);
}

std::optional<FunctionMeta> FunctionCatalog::Get(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = meta_.find(name);
  if (it == meta_.end()) return std::nullopt;
  return it->second;
}

void FunctionCatalog::Remove(const std::string& name) {
  std::lock_guard lock(mu_);
  meta_.erase(name);
}

namespace {

HttpResponse Answer(HttpResponse r, const char* action) {
  r.action = action;
  return r;
}

HttpResponse Error(int status, const char* type, std::string message, const char* action) {
  return LambdaError(status, type, std::move(message), action);
}

// Sets (or, nullopt, removes) a function's reserved concurrency, kept first for a created one.
MaybeError SetConcurrency(ApiContext& ctx, const std::string& name, std::optional<int> reserved) {
  std::lock_guard lock(ctx.lambda_settings_mu);
  std::optional<project::FunctionSpec> spec = ctx.deps.pool->GetFunction(name);
  if (!spec) return FunctionNotFound(ctx, name, "");
  const std::optional<FunctionMeta> meta = ctx.functions.Get(name);
  project::FunctionSpec updated = *spec;
  updated.reserved_concurrency = reserved;
  if (meta) {
    if (MaybeError e = SaveFunctionDocument(ctx, updated, *meta)) return e;
  }
  if (Status s = ctx.deps.pool->SetReservedConcurrency(name, reserved); !s.ok()) {
    if (meta) (void)SaveFunctionDocument(ctx, *spec, *meta);
    return ApiError{400, "InvalidParameterValueException", s.message()};
  }
  return std::nullopt;
}

}  // namespace

Json FunctionConfiguration(ApiContext& ctx, const project::FunctionSpec& spec) {
  FunctionMeta meta = ctx.functions.Get(spec.name).value_or(FunctionMeta{});
  Json out = Json::object();
  out["FunctionName"] = spec.name;
  out["FunctionArn"] = spec.arn.empty() ? FunctionArn(ctx, spec.name) : spec.arn;
  out["Runtime"] = spec.runtime;
  out["Role"] =
      meta.role.empty() ? "arn:aws:iam::" + ctx.options.account + ":role/tern-local" : meta.role;
  out["Handler"] = spec.handler;
  out["CodeSize"] = meta.code_size;
  out["Description"] = meta.description;
  out["Timeout"] = spec.timeout_seconds;
  out["MemorySize"] = spec.memory_mb;
  out["LastModified"] = meta.last_modified.empty() ? LastModifiedNow() : meta.last_modified;
  out["CodeSha256"] = meta.code_sha256;
  out["Version"] = "$LATEST";
  if (!spec.environment.empty()) {
    Json variables = Json::object();
    for (const auto& [key, value] : spec.environment) variables[key] = value;
    out["Environment"] = Json{{"Variables", std::move(variables)}};
  }
  out["TracingConfig"] = Json{{"Mode", "PassThrough"}};
  out["RevisionId"] = meta.revision_id.empty() ? engine::NewUuid() : meta.revision_id;
  out["State"] = "Active";
  out["LastUpdateStatus"] = "Successful";
  out["PackageType"] = "Zip";
  out["Architectures"] = Json::array({"x86_64"});
  out["EphemeralStorage"] = Json{{"Size", 512}};
  return out;
}

std::optional<project::FunctionSpec> FindFunction(ApiContext& ctx, const std::string& function,
                                                  const HttpRequest& request, std::string& name,
                                                  std::string& qualifier) {
  name = FunctionNameOf(function, qualifier);
  auto query = ParseQuery(request.query);
  if (auto q = query.find("Qualifier"); q != query.end()) qualifier = q->second;
  if (!ctx.deps.pool) return std::nullopt;
  if (!qualifier.empty() && qualifier != "$LATEST") return std::nullopt;
  return ctx.deps.pool->GetFunction(name);
}

HttpResponse LambdaCreateFunction(ApiContext& ctx, const HttpRequest& request) {
  constexpr const char* kAction = "CreateFunction";
  if (!ctx.deps.pool) {
    return Error(500, "ServiceException", "tern serve runs without a worker pool", kAction);
  }
  Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return Error(400, "InvalidRequestContentException", "Could not parse request body into json",
                 kAction);
  }
  const std::string name = body.value("FunctionName", "");
  static const std::regex kName("[A-Za-z0-9_-]{1,64}");
  if (!std::regex_match(name, kName)) {
    return Error(400, "InvalidParameterValueException",
                 "1 validation error detected: Value '" + name +
                     "' at 'functionName' failed to satisfy constraint: Member must satisfy "
                     "regular expression pattern: [a-zA-Z0-9-_]{1,64}",
                 kAction);
  }
  // Creating, changing and deleting functions and their stored documents, one at a time.
  std::lock_guard lock(ctx.lambda_settings_mu);
  if (ctx.deps.pool->GetFunction(name)) {
    return Error(409, "ResourceConflictException", "Function already exist: " + name, kAction);
  }
  project::FunctionSpec spec;
  spec.name = name;
  spec.logical_id = name;
  spec.arn = FunctionArn(ctx, name);
  spec.runtime = body.value("Runtime", "");
  if (auto family = RuntimeFamilyOf(spec.runtime)) {
    spec.runtime_family = *family;
  } else {
    return Error(400, "InvalidParameterValueException",
                 "The runtime parameter of " + spec.runtime +
                     " is not supported by tern (python3.x, nodejs*.x, provided*)",
                 kAction);
  }
  spec.handler = body.value("Handler", "");
  spec.timeout_seconds = body.value("Timeout", 3);
  spec.memory_mb = body.value("MemorySize", 128);
  if (spec.timeout_seconds < 1 || spec.timeout_seconds > 900) {
    return Error(400, "InvalidParameterValueException",
                 "1 validation error detected: Value '" + std::to_string(spec.timeout_seconds) +
                     "' at 'timeout' failed to satisfy constraint: Member must have value "
                     "between 1 and 900",
                 kAction);
  }
  if (body.contains("Environment") && body["Environment"].is_object() &&
      body["Environment"].contains("Variables") && body["Environment"]["Variables"].is_object()) {
    for (const auto& [key, value] : body["Environment"]["Variables"].items()) {
      if (value.is_string()) spec.environment[key] = value.get<std::string>();
    }
  }
  const Json code = body.value("Code", Json::object());
  std::string zip;
  auto dir = UnpackZipFile(ctx, name, "", code.value("ZipFile", Json()), zip);
  if (!dir) return Answer(LambdaErrorResponse(dir.error()), kAction);
  spec.code_dir = *dir;
  FunctionMeta meta;
  meta.role = body.value("Role", "");
  meta.description = body.value("Description", "");
  meta.code_sha256 = Sha256Base64(zip);
  meta.code_size = static_cast<int64_t>(zip.size());
  meta.last_modified = LastModifiedNow();
  meta.revision_id = engine::NewUuid();
  meta.created = true;
  // Kept first: a function the store refused would vanish at the next restart, so it is not made.
  if (MaybeError e = SaveFunctionDocument(ctx, spec, meta)) {
    std::error_code ec;
    std::filesystem::remove_all(spec.code_dir, ec);
    return Answer(LambdaErrorResponse(*e), kAction);
  }
  if (Status s = ctx.deps.pool->PutFunction(spec); !s.ok()) {
    (void)DeleteLambdaSetting(ctx, storage::kFunctionSetting, name);
    return Error(400, "InvalidParameterValueException", s.message(), kAction);
  }
  ctx.functions.Put(name, meta);
  // A new function starts without the settings a deleted one of that name may have left (a
  // restart forgets functions created through the API, not their settings).
  (void)DeleteLambdaSetting(ctx, storage::kEventInvokeConfigSetting, name);
  (void)DeleteLambdaSetting(ctx, storage::kRecursionConfigSetting, name);
  return Answer(JsonResponse(201, FunctionConfiguration(ctx, spec), "application/json"), kAction);
}

HttpResponse LambdaGetFunction(ApiContext& ctx, const HttpRequest& request,
                               const std::string& function, bool configuration_only) {
  const char* action = configuration_only ? "GetFunctionConfiguration" : "GetFunction";
  std::string name, qualifier;
  auto spec = FindFunction(ctx, function, request, name, qualifier);
  if (!spec) return Answer(LambdaErrorResponse(FunctionNotFound(ctx, name, qualifier)), action);
  Json config = FunctionConfiguration(ctx, *spec);
  if (configuration_only) return Answer(JsonResponse(200, config, "application/json"), action);
  Json out = Json::object();
  out["Configuration"] = std::move(config);
  out["Code"] = Json{{"RepositoryType", "S3"}, {"Location", "file://" + spec->code_dir}};
  out["Tags"] = Json::object();
  if (spec->reserved_concurrency) {
    out["Concurrency"] = Json{{"ReservedConcurrentExecutions", *spec->reserved_concurrency}};
  }
  return Answer(JsonResponse(200, out, "application/json"), action);
}

HttpResponse LambdaListFunctions(ApiContext& ctx, const HttpRequest& request) {
  constexpr const char* kAction = "ListFunctions";
  auto query = ParseQuery(request.query);
  size_t max_items = 50;
  size_t offset = 0;
  try {
    if (auto it = query.find("MaxItems"); it != query.end()) max_items = std::stoul(it->second);
    if (auto it = query.find("Marker"); it != query.end()) offset = std::stoul(it->second);
  } catch (const std::exception&) {
    return Error(400, "InvalidParameterValueException", "Invalid MaxItems or Marker", kAction);
  }
  if (max_items < 1 || max_items > 50) max_items = 50;
  std::vector<std::string> names =
      ctx.deps.pool ? ctx.deps.pool->ListFunctions() : std::vector<std::string>();
  std::sort(names.begin(), names.end());
  Json list = Json::array();
  for (size_t i = offset; i < names.size() && list.size() < max_items; ++i) {
    if (auto spec = ctx.deps.pool->GetFunction(names[i])) list.push_back(FunctionConfiguration(ctx, *spec));
  }
  Json out = Json::object();
  out["Functions"] = std::move(list);
  if (offset + max_items < names.size()) out["NextMarker"] = std::to_string(offset + max_items);
  return Answer(JsonResponse(200, out, "application/json"), kAction);
}

HttpResponse LambdaDeleteFunction(ApiContext& ctx, const HttpRequest& request,
                                  const std::string& function) {
  constexpr const char* kAction = "DeleteFunction";
  std::string name, qualifier;
  auto spec = FindFunction(ctx, function, request, name, qualifier);
  if (!spec) return Answer(LambdaErrorResponse(FunctionNotFound(ctx, name, qualifier)), kAction);
  std::lock_guard lock(ctx.lambda_settings_mu);
  const std::optional<FunctionMeta> meta = ctx.functions.Get(spec->name);
  const bool created = meta && meta->created;
  // A created function is forgotten by the store first: if that fails, nothing has changed.
  if (created) {
    if (MaybeError e = DeleteLambdaSetting(ctx, storage::kFunctionSetting, spec->name)) {
      return Answer(LambdaErrorResponse(*e), kAction);
    }
  }
  if (Status s = ctx.deps.pool->RemoveFunction(spec->name); !s.ok()) {
    if (created) (void)SaveFunctionDocument(ctx, *spec, *meta);  // it is still there: keep it
    return Error(500, "ServiceException", s.message(), kAction);
  }
  ctx.functions.Remove(spec->name);
  // Lambda deletes the function's async and recursion settings with it.
  (void)DeleteLambdaSetting(ctx, storage::kEventInvokeConfigSetting, spec->name);
  (void)DeleteLambdaSetting(ctx, storage::kRecursionConfigSetting, spec->name);
  HttpResponse r;
  r.status = 204;
  r.action = kAction;
  return r;
}

HttpResponse LambdaPutConcurrency(ApiContext& ctx, const HttpRequest& request,
                                  const std::string& function) {
  constexpr const char* kAction = "PutFunctionConcurrency";
  std::string name, qualifier;
  auto spec = FindFunction(ctx, function, request, name, qualifier);
  if (!spec) return Answer(LambdaErrorResponse(FunctionNotFound(ctx, name, qualifier)), kAction);
  Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("ReservedConcurrentExecutions") ||
      !body["ReservedConcurrentExecutions"].is_number_integer() ||
      body["ReservedConcurrentExecutions"].get<int64_t>() < 0) {
    return Error(400, "InvalidParameterValueException",
                 "ReservedConcurrentExecutions must be an integer >= 0", kAction);
  }
  const int reserved = body["ReservedConcurrentExecutions"].get<int>();
  if (MaybeError e = SetConcurrency(ctx, spec->name, reserved)) {
    return Answer(LambdaErrorResponse(*e), kAction);
  }
  return Answer(
      JsonResponse(200, Json{{"ReservedConcurrentExecutions", reserved}}, "application/json"),
      kAction);
}

HttpResponse LambdaGetConcurrency(ApiContext& ctx, const HttpRequest& request,
                                  const std::string& function) {
  constexpr const char* kAction = "GetFunctionConcurrency";
  std::string name, qualifier;
  auto spec = FindFunction(ctx, function, request, name, qualifier);
  if (!spec) return Answer(LambdaErrorResponse(FunctionNotFound(ctx, name, qualifier)), kAction);
  Json out = Json::object();
  if (spec->reserved_concurrency) out["ReservedConcurrentExecutions"] = *spec->reserved_concurrency;
  return Answer(JsonResponse(200, out, "application/json"), kAction);
}

HttpResponse LambdaDeleteConcurrency(ApiContext& ctx, const HttpRequest& request,
                                     const std::string& function) {
  constexpr const char* kAction = "DeleteFunctionConcurrency";
  std::string name, qualifier;
  auto spec = FindFunction(ctx, function, request, name, qualifier);
  if (!spec) return Answer(LambdaErrorResponse(FunctionNotFound(ctx, name, qualifier)), kAction);
  if (MaybeError e = SetConcurrency(ctx, spec->name, std::nullopt)) {
    return Answer(LambdaErrorResponse(*e), kAction);
  }
  HttpResponse r;
  r.status = 204;
  r.action = kAction;
  return r;
}

}  // namespace tern::server
