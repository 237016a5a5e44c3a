#include "triggers/task_resource.h"

#include <vector>

namespace tern::triggers {
namespace {

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

}  // namespace

TaskResource ParseTaskResource(const std::string& arn) {
  TaskResource r;
  std::vector<std::string> parts = Split(arn, ':');
  if (parts.size() >= 7 && parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function") {
    r.kind = TaskResource::Kind::kLambdaFunction;
    r.function = parts[0];
    for (size_t i = 1; i < 7; ++i) r.function += ":" + parts[i];
    return r;
  }
  if (parts.size() == 7 && parts[0] == "arn" && parts[2] == "states" && parts[5] == "activity") {
    r.kind = TaskResource::Kind::kActivity;
    r.pattern = TaskResource::Pattern::kWaitForTaskToken;
    return r;
  }
  const std::string prefix = "arn:aws:states:::";
  if (arn.rfind(prefix, 0) != 0) return r;
  std::string rest = arn.substr(prefix.size());
  size_t colon = rest.find(':');
  if (colon == std::string::npos) return r;
  r.service = rest.substr(0, colon);
  std::string action = rest.substr(colon + 1);
  auto strip = [&](const std::string& suffix, TaskResource::Pattern p) {
    if (action.size() > suffix.size() &&
        action.compare(action.size() - suffix.size(), suffix.size(), suffix) == 0) {
      action.resize(action.size() - suffix.size());
      r.pattern = p;
      return true;
    }
    return false;
  };
  strip(".waitForTaskToken", TaskResource::Pattern::kWaitForTaskToken) ||
      strip(".sync:2", TaskResource::Pattern::kSync2) ||
      strip(".sync", TaskResource::Pattern::kSync);
  r.action = action;
  if (r.service == "lambda" && action == "invoke") {
    r.kind = TaskResource::Kind::kLambdaInvoke;
  } else if (r.service == "states" && action == "startExecution") {
    r.kind = TaskResource::Kind::kStartExecution;
  }
  return r;
}

}  // namespace tern::triggers
