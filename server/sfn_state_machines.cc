// Create/Describe/Update/Delete/ListStateMachines, ValidateStateMachineDefinition and
// DescribeStateMachineForExecution (../shared/spec/API.md A.2, D.2).
#include "asl/parse/definition_source.h"
#include "asl/validate/validator.h"
#include "engine/uuid.h"
#include "server/detail/api.h"
#include "storage/names.h"

namespace tern::server {
namespace {

constexpr const char* kDefaultRole = "arn:aws:iam::123456789012:role/tern-local";

Json LoggingConfiguration() {
  Json logging = Json::object();
  logging["level"] = "OFF";
  logging["includeExecutionData"] = false;
  return logging;
}

Json MachineJson(const storage::StateMachineRecord& m) {
  Json out = Json::object();
  out["stateMachineArn"] = m.arn;
  out["name"] = m.name;
  out["status"] = "ACTIVE";
  out["definition"] = m.definition;
  out["roleArn"] = m.role_arn;
  out["type"] = m.type;
  out["creationDate"] = EpochSeconds(m.created);
  out["loggingConfiguration"] = LoggingConfiguration();
  out["tracingConfiguration"] = Json{{"enabled", false}};
  if (m.revision > 1) out["revisionId"] = m.revision_id;
  out["encryptionConfiguration"] = Json{{"type", "AWS_OWNED_KEY"}};
  return out;
}

MaybeError CheckType(const std::string& type) {
  if (type == "STANDARD" || type == "EXPRESS") return std::nullopt;
  return SfnError("ValidationException",
                  "1 validation error detected: Value '" + type +
                      "' at 'type' failed to satisfy constraint: Member must satisfy enum value "
                      "set: [STANDARD, EXPRESS]");
}

// tags: [{key, value}] -> pairs; TooManyTags past 50.
Result<std::vector<std::pair<std::string, std::string>>, ApiError> ReadTags(const Json& body) {
  std::vector<std::pair<std::string, std::string>> tags;
  auto it = body.find("tags");
  if (it == body.end() || it->is_null()) return tags;
  if (!it->is_array()) return Unexpected(SfnError("SerializationException", "tags must be a list"));
  for (const Json& tag : *it) {
    if (!tag.is_object() || !tag.contains("key") || !tag["key"].is_string()) {
      return Unexpected(SfnError("ValidationException", "every tag needs a key"));
    }
    std::string value = tag.contains("value") && tag["value"].is_string()
                            ? tag["value"].get<std::string>()
                            : std::string();
    tags.emplace_back(tag["key"].get<std::string>(), std::move(value));
  }
  if (tags.size() > 50) {
    return Unexpected(SfnError("TooManyTags", "Too many tags: the limit is 50"));
  }
  return tags;
}

}  // namespace

ApiResult CreateStateMachine(ApiContext& ctx, const Json& body) {
  auto name = RequiredString(body, "name");
  if (!name) return Unexpected(name.error());
  auto definition = RequiredString(body, "definition");
  if (!definition) return Unexpected(definition.error());
  auto role = OptionalString(body, "roleArn");
  if (!role) return Unexpected(role.error());
  auto type = OptionalString(body, "type");
  if (!type) return Unexpected(type.error());
  auto tags = ReadTags(body);
  if (!tags) return Unexpected(tags.error());
  const std::string machine_type = type->value_or("STANDARD");
  if (auto bad = CheckType(machine_type)) return Unexpected(*bad);
  if (Status s = storage::ValidateName(*name); !s.ok()) {
    return Unexpected(SfnError("InvalidName", s.message()));
  }
  if (auto bad = CheckDefinition(*definition, machine_type == "EXPRESS")) return Unexpected(*bad);

  storage::StateMachineRecord record;
  record.name = *name;
  record.arn = StateMachineArn(ctx, *name);
  record.type = machine_type;
  record.definition = *definition;
  record.role_arn = role->value_or(kDefaultRole);
  auto created = ctx.deps.store->CreateStateMachine(record);
  if (!created) {
    if (created.error().code() == StatusCode::kAlreadyExists) {
      return Unexpected(SfnError("StateMachineAlreadyExists",
                                 "State Machine Already Exists: '" + record.arn + "'"));
    }
    if (created.error().code() == StatusCode::kInvalidArgument) {
      return Unexpected(SfnError("ValidationException", created.error().message()));
    }
    return Unexpected(InternalError(created.error()));
  }
  if (!tags->empty()) {
    // The machine exists already: a tag write that fails is answered as AWS answers its own
    // failures, and the caller may tag it again.
    if (Status s = ctx.tags.Put(created->arn, *tags); !s.ok()) {
      return Unexpected(InternalError(s));
    }
  }
  Json out = Json::object();
  out["stateMachineArn"] = created->arn;
  out["creationDate"] = EpochSeconds(created->created);
  return out;
}

ApiResult DescribeStateMachine(ApiContext& ctx, const Json& body) {
  auto arn = RequiredString(body, "stateMachineArn");
  if (!arn) return Unexpected(arn.error());
  auto machine = LoadStateMachine(ctx, *arn);
  if (!machine) return Unexpected(machine.error());
  return MachineJson(*machine);
}

ApiResult UpdateStateMachine(ApiContext& ctx, const Json& body) {
  auto arn = RequiredString(body, "stateMachineArn");
  if (!arn) return Unexpected(arn.error());
  auto definition = OptionalString(body, "definition");
  if (!definition) return Unexpected(definition.error());
  auto role = OptionalString(body, "roleArn");
  if (!role) return Unexpected(role.error());
  const bool other = body.contains("loggingConfiguration") ||
                     body.contains("tracingConfiguration") ||
                     body.contains("encryptionConfiguration");
  if (!*definition && !*role && !other) {
    return Unexpected(SfnError("MissingRequiredParameter",
                               "Either the definition, the role ARN, the LoggingConfiguration, "
                               "or the TracingConfiguration must be specified"));
  }
  auto machine = LoadStateMachine(ctx, *arn);
  if (!machine) return Unexpected(machine.error());
  if (*definition) {
    if (auto bad = CheckDefinition(**definition, machine->type == "EXPRESS")) {
      return Unexpected(*bad);
    }
    machine->definition = **definition;
  }
  if (*role) machine->role_arn = **role;
  storage::StateMachineRecord updated_record = *machine;
  if (*definition || *role) {
    auto updated = ctx.deps.store->UpdateStateMachine(*machine);
    if (!updated) return Unexpected(InternalError(updated.error()));
    updated_record = std::move(updated).value();
  }
  Json out = Json::object();
  out["updateDate"] = EpochSeconds(updated_record.updated ? updated_record.updated : NowMs());
  out["revisionId"] = updated_record.revision_id;
  return out;
}

ApiResult DeleteStateMachine(ApiContext& ctx, const Json& body) {
  auto arn = RequiredString(body, "stateMachineArn");
  if (!arn) return Unexpected(arn.error());
  if (auto bad = CheckStateMachineArn(*arn)) return Unexpected(*bad);
  Status s = ctx.deps.store->DeleteStateMachine(*arn);
  if (!s.ok() && s.code() != StatusCode::kNotFound) return Unexpected(InternalError(s));
  if (Status dropped = ctx.tags.Drop(*arn); !dropped.ok()) {
    return Unexpected(InternalError(dropped));
  }
  return Json::object();
}

ApiResult ListStateMachines(ApiContext& ctx, const Json& body) {
  auto max = MaxResults(body, 100);
  if (!max) return Unexpected(max.error());
  auto token = OptionalString(body, "nextToken");
  if (!token) return Unexpected(token.error());
  size_t offset = 0;
  if (*token) {
    if ((*token)->size() > 1024) {
      return Unexpected(SfnError("ValidationException",
                                 "1 validation error detected: Value at 'nextToken' failed to "
                                 "satisfy constraint: Member must have length less than or "
                                 "equal to 1024"));
    }
    if ((*token)->rfind("sm-", 0) != 0) {
      return Unexpected(SfnError("InvalidToken", "Invalid Token: '" + **token + "'"));
    }
    try {
      offset = std::stoul((*token)->substr(3));
    } catch (const std::exception&) {
      return Unexpected(SfnError("InvalidToken", "Invalid Token: '" + **token + "'"));
    }
  }
  auto machines = ctx.deps.store->ListStateMachines();
  if (!machines) return Unexpected(InternalError(machines.error()));
  Json list = Json::array();
  for (size_t i = offset; i < machines->size() && list.size() < *max; ++i) {
    const auto& m = (*machines)[i];
    Json item = Json::object();
    item["stateMachineArn"] = m.arn;
    item["name"] = m.name;
    item["type"] = m.type;
    item["creationDate"] = EpochSeconds(m.created);
    list.push_back(std::move(item));
  }
  Json out = Json::object();
  out["stateMachines"] = std::move(list);
  if (offset + *max < machines->size()) out["nextToken"] = "sm-" + std::to_string(offset + *max);
  return out;
}

ApiResult ValidateStateMachineDefinition(ApiContext&, const Json& body) {
  auto definition = RequiredString(body, "definition");
  if (!definition) return Unexpected(definition.error());
  auto type = OptionalString(body, "type");
  if (!type) return Unexpected(type.error());
  auto severity = OptionalString(body, "severity");
  if (!severity) return Unexpected(severity.error());
  auto max = OptionalInt(body, "maxResults");
  if (!max) return Unexpected(max.error());
  const bool warnings = severity->value_or("ERROR") == "WARNING";
  const size_t limit = *max && **max > 0 ? static_cast<size_t>(**max) : 100;

  Json diagnostics = Json::array();
  bool failed = false;
  bool truncated = false;
  auto add = [&](std::string sev, std::string code, std::string message, std::string location) {
    if (diagnostics.size() >= limit) {
      truncated = true;
      return;
    }
    Json d = Json::object();
    d["severity"] = std::move(sev);
    d["code"] = std::move(code);
    d["message"] = std::move(message);
    d["location"] = std::move(location);
    diagnostics.push_back(std::move(d));
  };
  auto doc = asl::ParseDefinitionText(*definition, asl::SourceFormat::kJson);
  if (!doc) {
    failed = true;
    add("ERROR", "INVALID_JSON_DESCRIPTION", doc.error().error.ToString(), "/");
  } else {
    asl::ValidateOptions options;
    options.express = type->value_or("STANDARD") == "EXPRESS";
    for (const auto& d : asl::Validate(*doc, options)) {
      const bool error = d.severity == asl::Severity::kError;
      if (error) failed = true;
      if (!error && !warnings) continue;
      add(error ? "ERROR" : "WARNING", d.code, d.message, d.pointer.empty() ? "/" : d.pointer);
    }
  }
  Json out = Json::object();
  out["result"] = failed ? "FAIL" : "OK";
  out["diagnostics"] = std::move(diagnostics);
  out["truncated"] = truncated;
  return out;
}

ApiResult DescribeStateMachineForExecution(ApiContext& ctx, const Json& body) {
  auto arn = RequiredString(body, "executionArn");
  if (!arn) return Unexpected(arn.error());
  auto execution = LoadExecution(ctx, *arn);
  if (!execution) return Unexpected(execution.error());
  auto machine = ctx.deps.store->GetStateMachine(execution->state_machine_arn,
                                                 execution->state_machine_revision);
  if (!machine) return Unexpected(InternalError(machine.error()));
  Json out = Json::object();
  out["stateMachineArn"] = machine->arn;
  out["name"] = machine->name;
  out["definition"] = machine->definition;
  out["roleArn"] = machine->role_arn;
  out["updateDate"] = EpochSeconds(machine->updated ? machine->updated : machine->created);
  out["loggingConfiguration"] = LoggingConfiguration();
  out["tracingConfiguration"] = Json{{"enabled", false}};
  if (machine->revision > 1) out["revisionId"] = machine->revision_id;
  return out;
}

}  // namespace tern::server
