#include "storage/names.h"

#include <string>

namespace tern::storage {
namespace {

constexpr size_t kMaxNameLength = 80;
constexpr size_t kMaxArnLength = 2048;
constexpr std::string_view kForbidden = "?*<>{}[]\"#%\\^|~`$&,;:/";

bool Forbidden(unsigned char c) {
  return c <= 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
         kForbidden.find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

Status ValidateName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= kMaxNameLength;
  for (unsigned char c : name) ok = ok && !Forbidden(c);
  if (ok) return Status::Ok();
  return Status::InvalidArgument("Invalid Name: '" + std::string(name) + "'");
}

Status ValidateArn(std::string_view arn, std::string_view type, std::string_view name) {
  auto invalid = [&] {
    return Status::InvalidArgument("Invalid Arn: '" + std::string(arn) + "' (expected arn:" +
                                   "<partition>:states:<region>:<account>:" + std::string(type) +
                                   ":...:" + std::string(name) + ")");
  };
  if (arn.size() > kMaxArnLength || arn.substr(0, 4) != "arn:") return invalid();
  // arn : partition : states : region : account : type : ...
  size_t at = 4;
  std::string_view parts[5];
  for (int i = 0; i < 5; ++i) {
    size_t colon = arn.find(':', at);
    if (colon == std::string_view::npos) return invalid();
    parts[i] = arn.substr(at, colon - at);
    at = colon + 1;
  }
  if (parts[0].empty() || parts[1] != "states" || parts[4] != type) return invalid();
  std::string_view tail = arn.substr(at);
  if (tail.size() < name.size() || tail.substr(tail.size() - name.size()) != name) {
    return invalid();
  }
  if (tail.size() > name.size() && tail[tail.size() - name.size() - 1] != ':') return invalid();
  return Status::Ok();
}

}  // namespace tern::storage
