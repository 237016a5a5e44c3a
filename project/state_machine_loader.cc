// AWS::Serverless::StateMachine -> StateMachineSpec: the definition inline or from
// DefinitionUri, with DefinitionSubstitutions applied, and Schedule events.
#include "asl/parse/definition_source.h"
#include "project/definition_substitutions.h"
#include "project/loaders.h"
#include "project/names.h"
#include "project/property_values.h"

namespace tern::project {
namespace {

// Every value's pointer in `value`, located where `definition` (the template node it was
// resolved from) wrote it; values an intrinsic produced point at the intrinsic.
void LocateInline(const Json& value, const std::string& pointer, const Node& definition,
                  asl::SourceMap& out) {
  out.Add(pointer, definition.source().document.locations.Find(definition.pointer() + pointer));
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      LocateInline(child, pointer + "/" + asl::EscapePointerToken(key), definition, out);
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      LocateInline(value[i], pointer + "/" + std::to_string(i), definition, out);
    }
  }
}

Status ReadDefinition(const Node& props, const LoadContext& context, StateMachineSpec& spec) {
  auto inline_definition = props.Get("Definition");
  auto uri = props.Get("DefinitionUri");
  if (inline_definition && uri) {
    return uri->Error("give Definition or DefinitionUri, not both");
  }
  if (inline_definition) {
    if (!inline_definition->is_object() || inline_definition->is_intrinsic()) {
      return inline_definition->Error("an inline Definition is a mapping (StartAt, States)");
    }
    auto value = Resolve(*inline_definition, context.symbols);
    if (!value) return value.error();
    spec.document.value = std::move(*value);
    spec.document.format = props.source().document.format;
    LocateInline(spec.document.value, "", *inline_definition, spec.document.locations);
  } else if (uri) {
    if (uri->is_object() && !uri->is_intrinsic()) {
      return uri->Error("an S3 location is not supported by tern: give a file path");
    }
    auto path = ResolveString(*uri, context.symbols);
    if (!path) return path.error();
    spec.definition_path = ProjectPath(context.project, *path);
    auto doc = asl::LoadDefinitionFile(spec.definition_path);
    if (!doc) {
      const asl::ParseError& e = doc.error().error;
      if (doc.error().kind == asl::LoadError::Kind::kIo) return uri->Error(e.message);
      std::string where = e.where.known() ? ":" + std::to_string(e.where.line) + ":" +
                                                std::to_string(e.where.column)
                                          : "";
      return uri->Error(*path + where + ": " + e.message);
    }
    spec.document = std::move(*doc);
  } else {
    return props.Error("Definition or DefinitionUri is required");
  }
  if (auto subs = props.Get("DefinitionSubstitutions")) {
    if (!subs->is_object() || subs->is_intrinsic()) {
      return subs->Error("expected a mapping of placeholder names to values");
    }
    std::map<std::string, Json> values;
    for (const auto& [name, node] : subs->Members()) {
      auto value = Resolve(node, context.symbols);
      if (!value) return value.error();
      if (value->is_structured()) {
        return node.Error("a substitution is a string, number or boolean");
      }
      values[name] = std::move(*value);
    }
    ApplyDefinitionSubstitutions(spec.document.value, values);
  }
  if (!spec.document.value.is_object()) {
    return (uri ? *uri : *inline_definition).Error("the definition is not a mapping");
  }
  spec.definition = spec.document.value.dump();
  return Status::Ok();
}

}  // namespace

Result<StateMachineSpec, Status> LoadStateMachine(const std::string& id, const Node& resource,
                                                  const LoadContext& context) {
  StateMachineSpec spec;
  spec.logical_id = id;
  spec.line = resource.line();
  auto props = resource.Get("Properties");
  if (!props)
    return Unexpected(resource.Error("Properties are required (Definition or DefinitionUri)"));
  if (Status s = CheckKeys(
          *props,
          {"Name", "Type", "Definition", "DefinitionUri", "DefinitionSubstitutions", "Events",
           "Role"},
          {"Policies", "Logging", "Tracing", "Tags", "PropagateTags", "PermissionsBoundary",
           "RolePath", "AutoPublishAlias", "DeploymentPreference", "UseAliasAsEventTarget"});
      !s.ok()) {
    return Unexpected(s);
  }
  auto name = context.symbols.NameOf(id);
  if (!name) return Unexpected(name.error());
  spec.name = *name;
  spec.arn = StateMachineArn(context.project.region, context.project.account, spec.name);
  if (auto type = props->Get("Type")) {
    auto value = ReadEnum(*type, context.symbols, {"STANDARD", "EXPRESS"});
    if (!value) return Unexpected(value.error());
    spec.type = *value;
  }
  if (Status s = ReadDefinition(*props, context, spec); !s.ok()) return Unexpected(s);
  if (auto role = props->Get("Role")) {
    auto arn = ResolveString(*role, context.symbols);
    if (!arn) return Unexpected(arn.error());
    spec.role_arn = *arn;
  }
  if (auto events = props->Get("Events")) {
    auto list = LoadEvents(*events, EventOwner::kStateMachine, context);
    if (!list) return Unexpected(list.error());
    spec.events = std::move(*list);
  }
  return spec;
}

}  // namespace tern::project
