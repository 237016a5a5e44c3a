// AWS::Serverless::Function -> FunctionSpec, with Globals.Function merged under it.
#include <filesystem>

#include "project/function_properties.h"
#include "project/loaders.h"
#include "project/names.h"
#include "project/property_values.h"
#include "project/runtime.h"

namespace tern::project {
namespace {

Status ReadRuntime(const Node& props, const LoadContext& context, FunctionSpec& spec) {
  auto runtime_node = props.Get("Runtime");
  if (!runtime_node) {
    return props.Error(
        "Runtime is required (python3.x, nodejs*.x or provided*), in the "
        "function or in Globals.Function");
  }
  auto runtime = ResolveString(*runtime_node, context.symbols);
  if (!runtime) return runtime.error();
  auto family = RuntimeFamilyOf(*runtime);
  if (!family) {
    return runtime_node->Error("unsupported runtime '" + *runtime +
                               "' (tern runs python3.x, nodejs*.x and provided*)");
  }
  spec.runtime = *runtime;
  spec.runtime_family = *family;
  if (auto handler = props.Get("Handler")) {
    auto text = ResolveString(*handler, context.symbols);
    if (!text) return text.error();
    spec.handler = *text;
  } else if (*family != RuntimeFamily::kProvided) {
    return props.Error("Handler is required for " + *runtime + " (e.g. app.handler)");
  }
  return Status::Ok();
}

Status ReadCode(const Node& props, const LoadContext& context, FunctionSpec& spec) {
  auto code = props.Get("CodeUri");
  if (!code) return props.Error("CodeUri is required: the folder holding the function's code");
  if (code->is_object() && !code->is_intrinsic()) {
    return code->Error("an S3 location is not supported by tern: give a folder");
  }
  auto dir = ResolveString(*code, context.symbols);
  if (!dir) return dir.error();
  spec.code_dir = ProjectPath(context.project, *dir);
  std::error_code ec;
  if (!std::filesystem::is_directory(spec.code_dir, ec)) {
    return code->Error("'" + *dir + "' is not a folder (looked for " + spec.code_dir + ")");
  }
  if (auto package = props.Get("PackageType")) {
    auto type = ReadEnum(*package, context.symbols, {"Zip"});
    if (!type) return type.error();
  }
  return Status::Ok();
}

Status ReadLimits(const Node& props, const LoadContext& context, FunctionSpec& spec) {
  const SymbolTable& symbols = context.symbols;
  if (auto node = props.Get("Timeout")) {
    auto n = ReadInt(*node, symbols, 1, 900);
    if (!n) return n.error();
    spec.timeout_seconds = static_cast<int>(*n);
  }
  if (auto node = props.Get("MemorySize")) {
    auto n = ReadInt(*node, symbols, 128, 10240);
    if (!n) return n.error();
    spec.memory_mb = static_cast<int>(*n);
  }
  if (auto node = props.Get("ReservedConcurrentExecutions")) {
    auto n = ReadInt(*node, symbols, 0, 100000);
    if (!n) return n.error();
    spec.reserved_concurrency = static_cast<int>(*n);
  }
  if (auto node = props.Get("ProvisionedConcurrencyConfig")) {
    if (Status s = CheckKeys(*node, {"ProvisionedConcurrentExecutions"}, {}); !s.ok()) return s;
    if (auto count = node->Get("ProvisionedConcurrentExecutions")) {
      auto n = ReadInt(*count, symbols, 0, 100000);
      if (!n) return n.error();
      if (spec.reserved_concurrency && *n > *spec.reserved_concurrency) {
        return count->Error("provisioned concurrency " + std::to_string(*n) +
                            " exceeds ReservedConcurrentExecutions " +
                            std::to_string(*spec.reserved_concurrency));
      }
      spec.provisioned_concurrency = static_cast<int>(*n);
    }
  }
  return Status::Ok();
}

Status ReadEventInvokeConfig(const Node& node, const LoadContext& context, FunctionSpec& spec) {
  if (Status s = CheckKeys(
          node, {"MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig"}, {});
      !s.ok()) {
    return s;
  }
  EventInvokeConfig config;
  if (auto n = node.Get("MaximumRetryAttempts")) {
    auto v = ReadInt(*n, context.symbols, 0, 2);
    if (!v) return v.error();
    config.maximum_retry_attempts = static_cast<int>(*v);
  }
  if (auto n = node.Get("MaximumEventAgeInSeconds")) {
    auto v = ReadInt(*n, context.symbols, 60, 21600);
    if (!v) return v.error();
    config.maximum_event_age_seconds = static_cast<int>(*v);
  }
  if (auto destinations = node.Get("DestinationConfig")) {
    if (Status s = CheckKeys(*destinations, {"OnSuccess", "OnFailure"}, {}); !s.ok()) return s;
    if (auto on_success = destinations->Get("OnSuccess")) {
      auto d = LoadDestination(*on_success, context);
      if (!d) return d.error();
      config.on_success = *d;
    }
    if (auto on_failure = destinations->Get("OnFailure")) {
      auto d = LoadDestination(*on_failure, context);
      if (!d) return d.error();
      config.on_failure = *d;
    }
  }
  spec.event_invoke_config = config;
  return Status::Ok();
}

}  // namespace

Result<FunctionSpec, Status> LoadFunction(const std::string& id, const Node& resource,
                                          const std::optional<Node>& globals,
                                          const LoadContext& context) {
  FunctionSpec spec;
  spec.logical_id = id;
  spec.line = resource.line();
  auto own = resource.Get("Properties");
  if (!own && !globals) return Unexpected(resource.Error("Properties are required"));
  Node props = own && globals ? Node::Merge(*own, *globals) : own ? *own : *globals;
  if (Status s = CheckKeys(props, kSupportedFunctionProperties, kIgnoredFunctionProperties);
      !s.ok()) {
    return Unexpected(s);
  }
  auto name = context.symbols.NameOf(id);
  if (!name) return Unexpected(name.error());
  spec.name = *name;
  spec.arn = FunctionArn(context.project.region, context.project.account, spec.name);
  for (auto* read : {&ReadRuntime, &ReadCode, &ReadLimits}) {
    if (Status s = read(props, context, spec); !s.ok()) return Unexpected(s);
  }
  if (auto env = props.Get("Environment")) {
    if (Status s = CheckKeys(*env, {"Variables"}, {}); !s.ok()) return Unexpected(s);
    if (auto vars = env->Get("Variables")) {
      auto map = ReadStringMap(*vars, context.symbols);
      if (!map) return Unexpected(map.error());
      spec.environment = std::move(*map);
    }
  }
  if (auto config = props.Get("EventInvokeConfig")) {
    if (Status s = ReadEventInvokeConfig(*config, context, spec); !s.ok()) return Unexpected(s);
  }
  if (auto loop = props.Get("RecursiveLoop")) {
    auto value = ReadEnum(*loop, context.symbols, {"Allow", "Terminate"});
    if (!value) return Unexpected(value.error());
    spec.recursive_loop_allow = *value == "Allow";
  }
  if (auto events = props.Get("Events")) {
    auto list = LoadEvents(*events, EventOwner::kFunction, context);
    if (!list) return Unexpected(list.error());
    spec.events = std::move(*list);
  }
  return spec;
}

}  // namespace tern::project
