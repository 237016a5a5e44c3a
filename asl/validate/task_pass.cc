// Task states (ASL.md §2 Task, §10, §12 rules 8, 9, 17): Resource is an ARN (with
// ValidateOptions::check_arns; a whole "${...}" deployment substitution is accepted too),
// and so is a CloudFormation {"Ref": ...} or {"Fn::...": ...} object, resolved at deploy time),
// TimeoutSeconds/HeartbeatSeconds and their Path forms, HeartbeatSeconds < TimeoutSeconds,
// Credentials' shape, and what EXPRESS machines refuse.
#include <string>
#include <vector>

#include "asl/validate/codes.h"
#include "asl/validate/field_checks.h"
#include "asl/validate/passes.h"

namespace tern::asl::validate {
namespace {

constexpr long long kMaxTaskSeconds = 99999999;

std::vector<std::string_view> Split(std::string_view text, char separator, size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    size_t at = text.find(separator);
    if (at == std::string_view::npos) break;
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + 1);
  }
  parts.push_back(text);
  return parts;
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool IsName(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsNameChar(c)) return false;
  }
  return true;
}

// Why `arn` is not an ARN of the form arn:partition:service:region:account:resource; "" if it is.
std::string ArnProblem(std::string_view arn) {
  std::vector<std::string_view> parts = Split(arn, ':', 6);
  if (parts.size() < 6 || parts[0] != "arn") {
    return "expected arn:<partition>:<service>:<region>:<account>:<resource>";
  }
  if (parts[1] != "aws" && !parts[1].starts_with("aws-")) return "unknown partition";
  if (!IsName(parts[2])) return "the service is missing or malformed";
  if (parts[3].find_first_of(" \t\r\n") != std::string_view::npos) return "malformed region";
  for (char c : parts[4]) {
    if (c < '0' || c > '9') return "the account must be digits";
  }
  std::string_view resource = parts[5];
  if (resource.empty() || resource.back() == ':' || resource.back() == '/') {
    return "the resource part is empty or ends with ':' or '/'";
  }
  if (resource.find_first_of(" \t\r\n*") != std::string_view::npos) {
    return "the resource part contains whitespace or '*'";
  }
  if (parts[2] == "lambda" && resource.starts_with("function:")) {
    // function:NAME[:QUALIFIER], QUALIFIER = $LATEST, a version number or an alias name.
    std::vector<std::string_view> fn = Split(resource.substr(9), ':', 3);
    if (fn.size() > 2 || !IsName(fn[0])) return "malformed Lambda function name";
    if (fn.size() == 2 && fn[1] != "$LATEST" && !IsName(fn[1])) {
      return "a Lambda qualifier is $LATEST, a version number or an alias name";
    }
  }
  return {};
}

bool IsSubstitution(std::string_view text) {
  return text.size() > 3 && text.starts_with("${") && text.ends_with("}") &&
         text.substr(2, text.size() - 3).find('}') == std::string_view::npos;
}

// {"Ref": "X"} or {"Fn::GetAtt": [...]}: a template that CloudFormation resolves to an ARN.
bool IsCloudFormationIntrinsic(const Json& value) {
  if (!value.is_object() || value.size() != 1) return false;
  const std::string& key = value.begin().key();
  return (key == "Ref" && value.begin()->is_string()) || key.starts_with("Fn::");
}

void CheckResource(Context& ctx, const StateInfo& state) {
  auto resource = state.value->find("Resource");
  if (resource == state.value->end()) return;  // the fields pass reports it
  const std::string at = Child(state.pointer, "Resource");
  if (IsCloudFormationIntrinsic(*resource)) return;
  if (!resource->is_string()) {
    ctx.Report(codes::kSchemaValidationFailed, at,
               "'Resource' must be a string (an ARN), not " + std::string(TypeName(*resource)));
    return;
  }
  const std::string& text = resource->get_ref<const std::string&>();
  if (ctx.options().check_arns && !IsSubstitution(text)) {
    if (std::string problem = ArnProblem(text); !problem.empty()) {
      ctx.Report(codes::kInvalidArn, at,
                 "'Resource' " + Shown(text) + " is not a valid ARN: " + problem);
    }
  }
  if (!ctx.options().express) return;
  // AWS's wording, trailing space included.
  for (std::string_view suffix : {".waitForTaskToken", ".sync"}) {
    if (text.ends_with(suffix) || text.find(std::string(suffix) + ":") != std::string::npos) {
      ctx.Report(codes::kSchemaValidationFailed, at,
                 "Express state machine does not support '" + std::string(suffix) +
                     "' service integration ");
    }
  }
  std::vector<std::string_view> parts = Split(text, ':', 6);
  if (parts.size() == 6 && parts[2] == "states" && parts[5].starts_with("activity:")) {
    ctx.Report(codes::kSchemaValidationFailed, at,
               "Express state machine does not support activities");
  }
}

void CheckTimeouts(Context& ctx, const StateInfo& state) {
  const Json& task = *state.value;
  CheckExclusive(ctx, task, state.pointer, "TimeoutSeconds", "TimeoutSecondsPath");
  CheckExclusive(ctx, task, state.pointer, "HeartbeatSeconds", "HeartbeatSecondsPath");
  CheckIntegerField(ctx, state.language, task, state.pointer, "TimeoutSeconds", 1, kMaxTaskSeconds);
  CheckIntegerField(ctx, state.language, task, state.pointer, "HeartbeatSeconds", 1,
                    kMaxTaskSeconds);
  auto timeout = task.find("TimeoutSeconds");
  auto heartbeat = task.find("HeartbeatSeconds");
  if (timeout != task.end() && heartbeat != task.end() && IsInteger(*timeout) &&
      IsInteger(*heartbeat) && AsInteger(*heartbeat) >= AsInteger(*timeout)) {
    ctx.Report(codes::kSchemaValidationFailed, Child(state.pointer, "HeartbeatSeconds"),
               "'HeartbeatSeconds' (" + heartbeat->dump() +
                   ") must be smaller than 'TimeoutSeconds' (" + timeout->dump() + ")");
  }
}

void CheckCredentials(Context& ctx, const StateInfo& state) {
  auto credentials = state.value->find("Credentials");
  if (credentials == state.value->end()) return;
  const std::string at = Child(state.pointer, "Credentials");
  if (state.language == QueryLanguage::kJsonata && credentials->is_string() &&
      LooksLikeJsonata(credentials->get_ref<const std::string&>())) {
    return;
  }
  if (!credentials->is_object()) {
    ctx.Report(codes::kSchemaValidationFailed, at,
               "'Credentials' must be an object with 'RoleArn', not " +
                   std::string(TypeName(*credentials)));
    return;
  }
  const bool jsonpath = state.language == QueryLanguage::kJsonPath;
  bool has_role = false;
  for (auto it = credentials->begin(); it != credentials->end(); ++it) {
    if (it.key() == "RoleArn" || (jsonpath && it.key() == "RoleArn.$")) {
      has_role = true;
      if (it.key() == "RoleArn" && !it->is_string()) {
        ctx.Report(codes::kSchemaValidationFailed, Child(at, it.key()),
                   "'RoleArn' must be a string, not " + std::string(TypeName(*it)));
      }
    } else {
      ctx.Report(codes::kSchemaValidationFailed, Child(at, it.key()),
                 "Field " + Shown(it.key()) + " is not used by AWS in 'Credentials' (only " +
                     (jsonpath ? "'RoleArn' or 'RoleArn.$')" : "'RoleArn')"),
                 Severity::kWarning);
    }
  }
  if (!has_role) {
    // AWS's wording. A warning: the open spec leaves Credentials' content to the interpreter
    // (asl-validator accepts any template), while AWS refuses it at CreateStateMachine.
    ctx.Report(codes::kSchemaValidationFailed, at,
               "The field 'RoleArn' is required but was missing", Severity::kWarning);
  }
}

}  // namespace

void RunTaskPass(Context& ctx) {
  for (const StateInfo& state : ctx.states()) {
    if (state.type != "Task") continue;
    CheckResource(ctx, state);
    CheckTimeouts(ctx, state);
    CheckCredentials(ctx, state);
  }
}

}  // namespace tern::asl::validate
