// Helpers every Step Functions action uses: member readers with AWS's validation messages, ARN
// checks, store lookups mapped to AWS error names, definition and input checks.
#include <chrono>

#include "asl/parse/definition_source.h"
#include "asl/validate/validator.h"
#include "common/json_depth.h"
#include "engine/execution.h"
#include "server/detail/api.h"

namespace tern::server {

double EpochSeconds(storage::TimeMs ms) { return static_cast<double>(ms) / 1000.0; }

storage::TimeMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

ApiError TypeMismatch(const char* key, const char* expected) {
  return SfnError("SerializationException",
                  std::string("Member '") + key + "' has the wrong type: expected " + expected);
}

}  // namespace

Result<std::optional<std::string>, ApiError> OptionalString(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return Unexpected(TypeMismatch(key, "a string"));
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::string, ApiError> RequiredString(const Json& body, const char* key) {
  auto value = OptionalString(body, key);
  if (!value) return Unexpected(value.error());
  if (!*value) {
    return Unexpected(SfnError("ValidationException",
                               std::string("1 validation error detected: Value null at '") + key +
                                   "' failed to satisfy constraint: Member must not be null"));
  }
  return std::move(**value);
}

Result<std::optional<int64_t>, ApiError> OptionalInt(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_number_integer()) return Unexpected(TypeMismatch(key, "an integer"));
  return std::optional<int64_t>(it->get<int64_t>());
}

Result<bool, ApiError> OptionalBool(const Json& body, const char* key, bool fallback) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) return Unexpected(TypeMismatch(key, "a boolean"));
  return it->get<bool>();
}

Result<size_t, ApiError> MaxResults(const Json& body, size_t fallback) {
  auto value = OptionalInt(body, "maxResults");
  if (!value) return Unexpected(value.error());
  if (!*value || **value == 0) return fallback;
  if (**value > 1000) {
    return Unexpected(SfnError("ValidationException",
                               "1 validation error detected: Value '" + std::to_string(**value) +
                                   "' at 'maxResults' failed to satisfy constraint: Member must "
                                   "have value less than or equal to 1000"));
  }
  if (**value < 0) {
    return Unexpected(SfnError("ValidationException",
                               "1 validation error detected: Value '" + std::to_string(**value) +
                                   "' at 'maxResults' failed to satisfy constraint: Member must "
                                   "have value greater than or equal to 0"));
  }
  return static_cast<size_t>(**value);
}

namespace {

// arn:aws:states:REGION:ACCOUNT:<type>:... -> the parts after "arn".
std::vector<std::string> ArnParts(const std::string& arn) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t colon = arn.find(':', start);
    parts.push_back(arn.substr(start, colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return parts;
}

ApiError InvalidArn(const std::string& arn) {
  return SfnError("InvalidArn", "Invalid Arn: '" + arn + "'");
}

}  // namespace

MaybeError CheckStateMachineArn(const std::string& arn) {
  auto parts = ArnParts(arn);
  if (parts.size() < 7 || parts[0] != "arn" || parts[2] != "states" || parts[5] != "stateMachine" ||
      parts[6].empty() || arn.size() > 2048) {
    return InvalidArn(arn);
  }
  return std::nullopt;
}

MaybeError CheckExecutionArn(const std::string& arn) {
  auto parts = ArnParts(arn);
  if (parts.size() >= 6 && parts[0] == "arn" && parts[5] == "express") {
    return SfnError("InvalidArn",
                    "Invalid Arn: 'Resource type not valid in this context: express'");
  }
  if (parts.size() < 8 || parts[0] != "arn" || parts[2] != "states" || parts[5] != "execution" ||
      parts[6].empty() || parts[7].empty() || arn.size() > 2048) {
    return InvalidArn(arn);
  }
  return std::nullopt;
}

std::string StateMachineArn(const ApiContext& ctx, const std::string& name) {
  return "arn:aws:states:" + ctx.options.region + ":" + ctx.options.account +
         ":stateMachine:" + name;
}

std::string ExecutionArnFor(const std::string& machine_arn, const std::string& name) {
  std::string arn = machine_arn;
  const std::string marker = ":stateMachine:";
  if (size_t at = arn.find(marker); at != std::string::npos) {
    arn.replace(at, marker.size(), ":execution:");
  }
  return arn + ":" + name;
}

ApiError InternalError(const Status& status) {
  return ApiError{500, "InternalServerError", status.message()};
}

Result<storage::StateMachineRecord, ApiError> LoadStateMachine(ApiContext& ctx,
                                                               const std::string& arn) {
  if (auto bad = CheckStateMachineArn(arn)) return Unexpected(*bad);
  auto machine = ctx.deps.store->GetStateMachine(arn);
  if (!machine) {
    if (machine.error().code() == StatusCode::kNotFound) {
      return Unexpected(
          SfnError("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'"));
    }
    return Unexpected(InternalError(machine.error()));
  }
  return std::move(machine).value();
}

Result<storage::ExecutionRecord, ApiError> LoadExecution(ApiContext& ctx, const std::string& arn) {
  if (auto bad = CheckExecutionArn(arn)) return Unexpected(*bad);
  auto execution = ctx.deps.store->GetExecution(arn);
  if (!execution || execution->arn != arn) {
    if (!execution && execution.error().code() != StatusCode::kNotFound) {
      return Unexpected(InternalError(execution.error()));
    }
    return Unexpected(SfnError("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'"));
  }
  return std::move(execution).value();
}

MaybeError CheckDefinition(const std::string& definition, bool express) {
  auto doc = asl::ParseDefinitionText(definition, asl::SourceFormat::kJson);
  if (!doc) {
    return SfnError("InvalidDefinition",
                    "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: " +
                        doc.error().error.ToString() + "'");
  }
  asl::ValidateOptions options;
  options.express = express;
  auto diagnostics = asl::Validate(*doc, options);
  std::string message;
  for (const auto& d : diagnostics) {
    if (d.severity != asl::Severity::kError) continue;
    if (!message.empty()) message += ", ";
    message += d.code + ": " + d.message + " at " + (d.pointer.empty() ? "/" : d.pointer);
  }
  if (!message.empty()) {
    return SfnError("InvalidDefinition", "Invalid State Machine Definition: '" + message + "'");
  }
  if (auto compiled = runtime::CompileDefinition(definition); !compiled) {
    return SfnError("InvalidDefinition",
                    "Invalid State Machine Definition: '" + compiled.error().message() + "'");
  }
  return std::nullopt;
}

Result<std::string, ApiError> CheckExecutionInput(const std::optional<std::string>& input) {
  if (!input) return std::string("{}");
  auto invalid = [](const std::string& why) {
    return SfnError("InvalidExecutionInput",
                    "Invalid State Machine Execution Input: '" + why + "'");
  };
  if (input->empty()) return Unexpected(invalid("Invalid execution input."));
  if (input->size() > engine::kMaxPayloadBytes) {
    return Unexpected(invalid("The input is " + std::to_string(input->size()) +
                              " bytes; the limit is " + std::to_string(engine::kMaxPayloadBytes)));
  }
  if (JsonNestsDeeperThan(*input)) {
    return Unexpected(
        invalid("The input nests deeper than " + std::to_string(kMaxJsonNesting) + " levels"));
  }
  Json parsed = Json::parse(*input, nullptr, false);
  if (parsed.is_discarded()) {
    try {
      Json ignored = Json::parse(*input);
      (void)ignored;
    } catch (const Json::exception& e) {
      return Unexpected(invalid(e.what()));
    }
    return Unexpected(invalid("Invalid execution input."));
  }
  return *input;
}

}  // namespace tern::server
