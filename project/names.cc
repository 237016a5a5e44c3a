#include "project/names.h"

#include <cctype>

namespace tern::project {
namespace {

bool AllOf(std::string_view s, std::string_view extra, bool upper) {
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    bool ok = std::islower(u) || std::isdigit(u) || (upper && std::isupper(u)) ||
              extra.find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string FunctionArn(std::string_view region, std::string_view account, std::string_view name) {
  return "arn:aws:lambda:" + std::string(region) + ":" + std::string(account) +
         ":function:" + std::string(name);
}

std::string StateMachineArn(std::string_view region, std::string_view account,
                            std::string_view name) {
  return "arn:aws:states:" + std::string(region) + ":" + std::string(account) +
         ":stateMachine:" + std::string(name);
}

std::string StreamArn(std::string_view region, std::string_view account, std::string_view name) {
  return "arn:aws:kinesis:" + std::string(region) + ":" + std::string(account) + ":stream/" +
         std::string(name);
}

std::string BucketArn(std::string_view name) { return "arn:aws:s3:::" + std::string(name); }

std::string CheckFunctionName(std::string_view name) {
  if (name.empty() || name.size() > 64 || !AllOf(name, "-_", true)) {
    return "function names are 1-64 characters of a-z, A-Z, 0-9, - and _";
  }
  return "";
}

std::string CheckStateMachineName(std::string_view name) {
  // AWS refuses whitespace, control characters and ? * < > { } [ ] " # % \ ^ | ~ ` $ & , ; : /
  static constexpr std::string_view kForbidden = "?*<>{}[]\"#%\\^|~`$&,;:/";
  bool ok = !name.empty() && name.size() <= 80;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isspace(u) || std::iscntrl(u) || kForbidden.find(c) != std::string_view::npos) {
      ok = false;
    }
  }
  return ok ? ""
            : "state machine names are 1-80 characters without whitespace or "
              "?*<>{}[]\"#%\\^|~`$&,;:/";
}

std::string CheckStreamName(std::string_view name) {
  if (name.empty() || name.size() > 128 || !AllOf(name, "-_.", true)) {
    return "stream names are 1-128 characters of a-z, A-Z, 0-9, -, _ and .";
  }
  return "";
}

std::string CheckBucketName(std::string_view name) {
  if (name.size() < 3 || name.size() > 63 || !AllOf(name, "-.", false) || name.front() == '-' ||
      name.front() == '.' || name.back() == '-' || name.back() == '.') {
    return "bucket names are 3-63 characters of a-z, 0-9, - and ., starting and ending with a "
           "letter or digit";
  }
  return "";
}

}  // namespace tern::project
