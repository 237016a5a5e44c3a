// UpdateFunctionCode   PUT /2015-03-31/functions/{name}/code           (Code.ZipFile, base64)
// UpdateFunctionConfiguration PUT /2015-03-31/functions/{name}/configuration
//   (Timeout, MemorySize, Environment, Handler, Runtime, Description, Role)
// Both hand the pool a new definition (Pool::PutFunction): the next invocation starts a new
// environment with it, idle environments of the old one are stopped at once and busy ones once
// their invocation ends; none of them is reused.
#include <filesystem>

#include "engine/uuid.h"
#include "server/detail/api.h"
#include "workers/pool.h"

namespace tern::server {
namespace {

constexpr size_t kMaxEnvironmentBytes = 4096;  // Lambda: all variables together

// RevisionId, when given, must be the function's current one (optimistic locking).
MaybeError CheckRevision(const Json& body, const FunctionMeta& meta) {
  if (!body.contains("RevisionId") || !body["RevisionId"].is_string()) return std::nullopt;
  if (meta.revision_id.empty()) return std::nullopt;  // a project function: no revision yet
  if (body["RevisionId"].get<std::string>() == meta.revision_id) return std::nullopt;
  return ApiError{412, "PreconditionFailedException",
                  "The Revision Id provided does not match the latest Revision Id. Call the "
                  "GetFunction/GetAlias API to retrieve the latest Revision Id"};
}

MaybeError RangeError(const char* member, const Json& value, int low, int high) {
  return ApiError{400, "InvalidParameterValueException",
                  "1 validation error detected: Value '" + value.dump() + "' at '" + member +
                      "' failed to satisfy constraint: Member must have value less than or "
                      "equal to " +
                      std::to_string(high) + " and greater than or equal to " +
                      std::to_string(low)};
}

// Applies UpdateFunctionConfiguration's members to `spec` and `meta`.
MaybeError ReadConfiguration(const Json& body, project::FunctionSpec& spec, FunctionMeta& meta) {
  if (body.contains("Timeout")) {
    const Json& v = body["Timeout"];
    if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 900) {
      return RangeError("timeout", v, 1, 900);
    }
    spec.timeout_seconds = v.get<int>();
  }
  if (body.contains("MemorySize")) {
    const Json& v = body["MemorySize"];
    if (!v.is_number_integer() || v.get<int64_t>() < 128 || v.get<int64_t>() > 10240) {
      return RangeError("memorySize", v, 128, 10240);
    }
    spec.memory_mb = v.get<int>();
  }
  if (body.contains("Runtime")) {
    const std::string runtime =
        body["Runtime"].is_string() ? body["Runtime"].get<std::string>() : "";
    auto family = RuntimeFamilyOf(runtime);
    if (!family) {
      return ApiError{400, "InvalidParameterValueException",
                      "The runtime parameter of " + runtime +
                          " is not supported by tern (python3.x, nodejs*.x, provided*)"};
    }
    spec.runtime = runtime;
    spec.runtime_family = *family;
  }
  if (body.contains("Handler")) {
    if (!body["Handler"].is_string() || body["Handler"].get<std::string>().size() > 128) {
      return ApiError{400, "InvalidParameterValueException",
                      "1 validation error detected: Value at 'handler' failed to satisfy "
                      "constraint: Member must be a string of at most 128 characters"};
    }
    spec.handler = body["Handler"].get<std::string>();
  }
  if (body.contains("Description")) {
    if (!body["Description"].is_string() || body["Description"].get<std::string>().size() > 256) {
      return ApiError{400, "InvalidParameterValueException",
                      "1 validation error detected: Value at 'description' failed to satisfy "
                      "constraint: Member must have length less than or equal to 256"};
    }
    meta.description = body["Description"].get<std::string>();
  }
  if (body.contains("Role") && body["Role"].is_string())
    meta.role = body["Role"].get<std::string>();
  if (body.contains("Environment")) {
    const Json& env = body["Environment"];
    if (!env.is_object() || (env.contains("Variables") && !env["Variables"].is_object())) {
      return ApiError{400, "InvalidParameterValueException",
                      "Environment must be {\"Variables\": {\"KEY\": \"value\", ...}}"};
    }
    std::map<std::string, std::string> variables;
    std::string measured;
    const Json given = env.contains("Variables") ? env["Variables"] : Json::object();
    for (const auto& [key, value] : given.items()) {
      if (!value.is_string()) {
        return ApiError{400, "InvalidParameterValueException",
                        "Environment variable " + key + " must have a string value"};
      }
      variables[key] = value.get<std::string>();
      measured += key + value.get<std::string>();
    }
    if (measured.size() > kMaxEnvironmentBytes) {
      return ApiError{400, "InvalidParameterValueException",
                      "Lambda was unable to configure your environment variables because the "
                      "environment variables you have provided exceeded the 4KB limit. String "
                      "measured: " +
                          Json(variables).dump()};
    }
    spec.environment = std::move(variables);  // replaces every variable, as on AWS
  }
  return std::nullopt;
}

// Puts `spec` in the pool and records `meta` with a new revision. A function CreateFunction
// made is kept in the store first: if that write fails, nothing has changed. The caller holds
// lambda_settings_mu.
HttpResponse Apply(ApiContext& ctx, project::FunctionSpec spec, FunctionMeta meta,
                   const char* action) {
  const std::optional<project::FunctionSpec> previous = ctx.deps.pool->GetFunction(spec.name);
  const std::optional<FunctionMeta> previous_meta = ctx.functions.Get(spec.name);
  meta.last_modified = LastModifiedNow();
  meta.revision_id = engine::NewUuid();
  if (MaybeError e = SaveFunctionDocument(ctx, spec, meta)) {
    return LambdaError(e->status, e->type.c_str(), e->message, action);
  }
  if (Status s = ctx.deps.pool->PutFunction(spec); !s.ok()) {
    if (previous && previous_meta) (void)SaveFunctionDocument(ctx, *previous, *previous_meta);
    return LambdaError(400, "InvalidParameterValueException", s.message(), action);
  }
  ctx.functions.Put(spec.name, meta);
  return LambdaJson(200, FunctionConfiguration(ctx, *ctx.deps.pool->GetFunction(spec.name)),
                    action);
}

}  // namespace

HttpResponse LambdaUpdateFunctionCode(ApiContext& ctx, const HttpRequest& request,
                                      const std::string& function) {
  constexpr const char* kAction = "UpdateFunctionCode";
  std::string name, qualifier;
  auto spec = FindFunction(ctx, function, request, name, qualifier);
  if (!spec) return FunctionNotFoundError(ctx, name, qualifier, kAction);
  auto parsed = JsonObjectBody(request, kAction);
  if (!parsed) return parsed.error();
  Json body = std::move(parsed).value();
  if (!body.contains("ZipFile")) {
    return LambdaError(400, "InvalidParameterValueException",
                       "tern accepts ZipFile only (no S3Bucket/S3Key or ImageUri code)", kAction);
  }
  std::lock_guard lock(ctx.lambda_settings_mu);
  spec = ctx.deps.pool->GetFunction(spec->name);
  if (!spec) return FunctionNotFoundError(ctx, name, qualifier, kAction);
  FunctionMeta meta = ctx.functions.Get(spec->name).value_or(FunctionMeta{});
  if (MaybeError e = CheckRevision(body, meta)) {
    return LambdaError(e->status, e->type.c_str(), e->message, kAction);
  }
  // A new folder per revision: environments of the old code may still be running in theirs.
  const std::string tag = engine::NewUuid().substr(0, 8);
  std::string zip;
  auto dir = UnpackZipFile(ctx, spec->name, tag, body["ZipFile"], zip);
  if (!dir)
    return LambdaError(dir.error().status, dir.error().type.c_str(), dir.error().message, kAction);
  const std::string old_dir = spec->code_dir;
  spec->code_dir = *dir;
  meta.code_sha256 = Sha256Base64(zip);
  meta.code_size = static_cast<int64_t>(zip.size());
  HttpResponse response = Apply(ctx, *spec, meta, kAction);
  if (response.status != 200) {
    std::error_code ec;
    std::filesystem::remove_all(*dir, ec);
    return response;
  }
  // Code tern unpacked before the previous revision goes (a project's own folder is never
  // touched). The previous revision's folder stays until the next update: its environments are
  // retired, but one may still be starting or lazily importing from it (Python, Node.js).
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path uploads = fs::absolute(fs::path(ctx.options.data_dir) / "functions", ec);
  const fs::path keep[] = {fs::path(old_dir), fs::path(*dir)};
  for (const fs::directory_entry& entry : fs::directory_iterator(uploads, ec)) {
    const std::string file = entry.path().filename().string();
    // CreateFunction's folder is NAME, UpdateFunctionCode's NAME.TAG (names have no dots).
    const bool ours = file == spec->name || file.rfind(spec->name + ".", 0) == 0;
    if (!ours || !entry.is_directory(ec)) continue;
    if (entry.path() == keep[0] || entry.path() == keep[1]) continue;
    fs::remove_all(entry.path(), ec);
  }
  return response;
}

HttpResponse LambdaUpdateFunctionConfiguration(ApiContext& ctx, const HttpRequest& request,
                                               const std::string& function) {
  constexpr const char* kAction = "UpdateFunctionConfiguration";
  std::string name, qualifier;
  auto spec = FindFunction(ctx, function, request, name, qualifier);
  if (!spec) return FunctionNotFoundError(ctx, name, qualifier, kAction);
  auto parsed = JsonObjectBody(request, kAction);
  if (!parsed) return parsed.error();
  Json body = std::move(parsed).value();
  std::lock_guard lock(ctx.lambda_settings_mu);
  spec = ctx.deps.pool->GetFunction(spec->name);
  if (!spec) return FunctionNotFoundError(ctx, name, qualifier, kAction);
  FunctionMeta meta = ctx.functions.Get(spec->name).value_or(FunctionMeta{});
  if (MaybeError e = CheckRevision(body, meta)) {
    return LambdaError(e->status, e->type.c_str(), e->message, kAction);
  }
  if (MaybeError e = ReadConfiguration(body, *spec, meta)) {
    return LambdaError(e->status, e->type.c_str(), e->message, kAction);
  }
  return Apply(ctx, *spec, meta, kAction);
}

}  // namespace tern::server
