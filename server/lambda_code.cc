// What CreateFunction and UpdateFunctionCode share: unpacking Code.ZipFile, the code digest,
// LastModified, the runtime family; and writing Lambda settings to deps.settings.
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <openssl/evp.h>

#include "server/detail/api.h"
#include "storage/lambda_settings.h"

namespace tern::server {
namespace {

constexpr size_t kMaxZipBytes = 50 * 1024 * 1024;  // AWS: zipped size limit for direct upload

std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

}  // namespace

HttpResponse LambdaError(int status, const char* type, std::string message, const char* action) {
  HttpResponse r = LambdaErrorResponse(ApiError{status, type, std::move(message)});
  r.action = action;
  return r;
}

HttpResponse FunctionNotFoundError(const ApiContext& ctx, const std::string& name,
                                   const std::string& qualifier, const char* action) {
  return LambdaError(404, "ResourceNotFoundException",
                     FunctionNotFound(ctx, name, qualifier).message, action);
}

Result<Json, HttpResponse> JsonObjectBody(const HttpRequest& request, const char* action,
                                          bool empty_is_object) {
  if (request.body.empty() && empty_is_object) return Json::object();
  Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return Unexpected(LambdaError(400, "InvalidRequestContentException",
                                  "Could not parse request body into json", action));
  }
  return body;
}

HttpResponse LambdaJson(int status, const Json& body, const char* action) {
  HttpResponse r = JsonResponse(status, body, "application/json");
  r.action = action;
  return r;
}

std::string LastModifiedNow() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+0000", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buffer;
}

std::string Sha256Base64(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(digest), size));
}

std::optional<project::RuntimeFamily> RuntimeFamilyOf(const std::string& runtime) {
  if (runtime.rfind("python3", 0) == 0) return project::RuntimeFamily::kPython;
  if (runtime.rfind("nodejs", 0) == 0) return project::RuntimeFamily::kNode;
  if (runtime.rfind("provided", 0) == 0) return project::RuntimeFamily::kProvided;
  return std::nullopt;
}

Result<std::string, ApiError> UnpackZipFile(const ApiContext& ctx, const std::string& name,
                                            const std::string& tag, const Json& zip_file,
                                            std::string& zip) {
  if (!zip_file.is_string()) {
    return Unexpected(ApiError{400, "InvalidParameterValueException",
                               "tern accepts Code.ZipFile only (no S3 or image code)"});
  }
  auto decoded = Base64Decode(zip_file.get<std::string>());
  if (!decoded) {
    return Unexpected(
        ApiError{400, "InvalidParameterValueException", "Code.ZipFile is not base64"});
  }
  if (decoded->size() > kMaxZipBytes) {
    return Unexpected(ApiError{413, "RequestEntityTooLargeException",
                               "Zipped size must be smaller than 52428800 bytes"});
  }
  zip = std::move(*decoded);
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = fs::absolute(
      fs::path(ctx.options.data_dir) / "functions" / (tag.empty() ? name : name + "." + tag), ec);
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) {
    return Unexpected(
        ApiError{500, "ServiceException", "cannot create " + dir.string() + ": " + ec.message()});
  }
  const fs::path zip_path = dir.string() + ".zip";
  {
    std::ofstream out(zip_path, std::ios::binary);
    out.write(zip.data(), static_cast<std::streamsize>(zip.size()));
    if (!out)
      return Unexpected(ApiError{500, "ServiceException", "cannot write " + zip_path.string()});
  }
  const std::string command = "unzip -q -o " + ShellQuote(zip_path.string()) + " -d " +
                              ShellQuote(dir.string()) + " >/dev/null 2>&1";
  const int rc = std::system(command.c_str());
  fs::remove(zip_path, ec);
  if (rc != 0) {
    fs::remove_all(dir, ec);
    return Unexpected(ApiError{502, "InvalidZipFileException",
                               "Could not unzip uploaded file. Please check your file, then try "
                               "to upload again."});
  }
  return dir.string();
}

MaybeError PutLambdaSetting(ApiContext& ctx, const char* kind, const std::string& key,
                            const Json& value) {
  if (!ctx.deps.settings) return std::nullopt;
  if (Status s = ctx.deps.settings->Put(kind, key, value.dump(), NowMs()); !s.ok()) {
    return ApiError{500, "ServiceException", s.message()};
  }
  return std::nullopt;
}

MaybeError DeleteLambdaSetting(ApiContext& ctx, const char* kind, const std::string& key) {
  if (!ctx.deps.settings) return std::nullopt;
  if (Status s = ctx.deps.settings->Delete(kind, key); !s.ok()) {
    return ApiError{500, "ServiceException", s.message()};
  }
  return std::nullopt;
}

}  // namespace tern::server
