// LoadProject: reads the template, checks its top level, then loads resources in dependency
// order (streams and buckets first: functions' and state machines' events refer to them).
#include <exception>
#include <filesystem>
#include <map>
#include <set>

#include "project/globals.h"
#include "project/loaders.h"
#include "project/parameters.h"
#include "project/project.h"
#include "project/symbols.h"
#include "project/template_reader.h"

namespace tern::project {
namespace {

constexpr std::string_view kSamTransform = "AWS::Serverless-2016-10-31";

// Resources a local run has no use for (permissions, log groups, API Gateway objects whose
// routes come from functions' HttpApi/Api events): accepted and skipped.
const std::set<std::string> kIgnoredResourceTypes = {
    "AWS::IAM::Role",         "AWS::IAM::Policy",     "AWS::IAM::ManagedPolicy",
    "AWS::Logs::LogGroup",    "AWS::Serverless::Api", "AWS::Serverless::HttpApi",
    "AWS::Lambda::Permission"};

const std::set<std::string> kSupportedResourceTypes = {"AWS::Serverless::Function",
                                                       "AWS::Serverless::StateMachine",
                                                       "AWS::Kinesis::Stream", "AWS::S3::Bucket"};

Status CheckTransform(const Node& root) {
  auto transform = root.Get("Transform");
  if (!transform) return Status::Ok();
  std::vector<Node> items =
      transform->is_array() ? transform->Items() : std::vector<Node>{*transform};
  for (const Node& item : items) {
    if (!item.is_string() || item.value().get<std::string>() != kSamTransform) {
      return item.Error("only the " + std::string(kSamTransform) +
                        " transform is supported by tern, got " + item.value().dump());
    }
  }
  return Status::Ok();
}

Status CheckResource(const std::string& id, const Node& resource) {
  if (!resource.is_object()) return resource.Error("a resource is a mapping with a Type");
  if (auto condition = resource.Get("Condition")) {
    return condition->Error("conditions are not supported by tern");
  }
  if (Status s = CheckKeys(
          resource, {"Type", "Properties", "Metadata"},
          {"DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "UpdatePolicy", "CreationPolicy"});
      !s.ok()) {
    return s;
  }
  auto type = resource.Get("Type");
  if (!type || !type->is_string()) return resource.Error(id + " needs a Type");
  std::string name = type->value().get<std::string>();
  if (!kSupportedResourceTypes.contains(name) && !kIgnoredResourceTypes.contains(name)) {
    return type->Error("resource type '" + name +
                       "' is not supported by tern (supported: AWS::Serverless::Function, "
                       "AWS::Serverless::StateMachine, AWS::Kinesis::Stream, AWS::S3::Bucket)");
  }
  if (auto props = resource.Get("Properties"); props && !props->is_object()) {
    return props->Error("Properties is a mapping");
  }
  return Status::Ok();
}

// Two resources of one kind with the same name would be one resource at run time.
template <typename Spec>
Status CheckUniqueNames(const std::vector<Spec>& specs, const Node& resources, const char* what) {
  std::map<std::string, std::string> seen;
  for (const Spec& spec : specs) {
    auto [it, inserted] = seen.emplace(spec.name, spec.logical_id);
    if (!inserted) {
      return resources.Get(spec.logical_id)
          ->Error(std::string(what) + " name '" + spec.name + "' is also the name of " +
                  it->second);
    }
  }
  return Status::Ok();
}

// API Gateway refuses two routes with one route key; tern serves every HttpApi and Api route on
// one listener, so that holds across the two kinds too. Parameter names do not tell routes apart
// ("/a/{id}" and "/a/{key}" are one route).
std::string RouteKey(const EventSpec& event) {
  std::string path;
  bool in_braces = false;
  for (char c : event.path) {
    if (c == '{') {
      in_braces = true;
      path += '{';
    } else if (c == '}') {
      in_braces = false;
      if (path.back() != '+') path += '}';
    } else if (!in_braces || c == '+') {
      path += c;
    }
  }
  if (event.path != "$default" && path.size() > 1 && path.back() == '/') path.pop_back();
  return event.method + " " + path;
}

Status CheckUniqueRoutes(const Project& project, const Node& resources) {
  std::map<std::string, std::string> seen;  // route key -> "event E of R"
  auto check = [&](const std::string& owner_id, const std::vector<EventSpec>& events) -> Status {
    for (const EventSpec& event : events) {
      if (event.kind != EventSpec::Kind::kHttp) continue;
      const std::string where = "event " + event.logical_id + " of " + owner_id;
      auto [it, inserted] = seen.emplace(RouteKey(event), where);
      if (inserted) continue;
      Node node = *resources.Get(owner_id);
      if (auto props = node.Get("Properties")) {
        if (auto list = props->Get("Events")) {
          if (auto entry = list->Get(event.logical_id)) node = *entry;
        }
      }
      return node.Error("the route '" + event.method + " " + event.path +
                        "' is also the route of " + it->second);
    }
    return Status::Ok();
  };
  for (const FunctionSpec& f : project.functions) {
    if (Status s = check(f.logical_id, f.events); !s.ok()) return s;
  }
  for (const StateMachineSpec& m : project.state_machines) {
    if (Status s = check(m.logical_id, m.events); !s.ok()) return s;
  }
  return Status::Ok();
}

Result<Project, Status> Load(const std::string& path, const LoadOptions& options) {
  auto source = ReadTemplate(path, path);
  if (!source) return Unexpected(source.error());
  Node root = Node::Root(*source);
  if (!root.is_object()) return Unexpected(root.Error("a template is a mapping with Resources"));
  if (auto conditions = root.Get("Conditions")) {
    return Unexpected(conditions->Error("conditions are not supported by tern"));
  }
  if (Status s = CheckKeys(
          root, {"AWSTemplateFormatVersion", "Transform", "Parameters", "Globals", "Resources"},
          {"Description", "Metadata", "Outputs", "Mappings"});
      !s.ok()) {
    return Unexpected(s);
  }
  if (Status s = CheckTransform(root); !s.ok()) return Unexpected(s);

  Project project;
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec).lexically_normal();
  project.path = absolute.string();
  project.dir = absolute.parent_path().string();
  project.region = options.region;
  project.account = options.account;
  project.stack_name =
      options.stack_name.empty() ? absolute.parent_path().filename().string() : options.stack_name;

  auto parameters = LoadParameters(root.Get("Parameters"), options.parameter_overrides, path);
  if (!parameters) return Unexpected(parameters.error());
  auto globals = LoadFunctionGlobals(root.Get("Globals"));
  if (!globals) return Unexpected(globals.error());

  auto resources = root.Get("Resources");
  if (!resources) return Unexpected(root.Error("Resources is required"));
  if (!resources->is_object() || resources->Members().empty()) {
    return Unexpected(resources->Error("expected a mapping of at least one resource"));
  }
  for (const auto& [id, resource] : resources->Members()) {
    if (Status s = CheckResource(id, resource); !s.ok()) return Unexpected(s);
  }
  Symbols symbols(resources, std::move(*parameters),
                  Pseudo{project.region, project.account, project.stack_name});
  LoadContext context{symbols, project};
  for (const auto& [id, resource] : resources->Members()) {
    std::string type = symbols.TypeOf(id);
    if (type == "AWS::Kinesis::Stream") {
      auto spec = LoadStream(id, resource, context);
      if (!spec) return Unexpected(spec.error());
      project.streams.push_back(std::move(*spec));
    } else if (type == "AWS::S3::Bucket") {
      auto spec = LoadBucket(id, resource, context);
      if (!spec) return Unexpected(spec.error());
      project.buckets.push_back(std::move(*spec));
    }
  }
  for (const auto& [id, resource] : resources->Members()) {
    std::string type = symbols.TypeOf(id);
    if (type == "AWS::Serverless::Function") {
      auto spec = LoadFunction(id, resource, *globals, context);
      if (!spec) return Unexpected(spec.error());
      project.functions.push_back(std::move(*spec));
    } else if (type == "AWS::Serverless::StateMachine") {
      auto spec = LoadStateMachine(id, resource, context);
      if (!spec) return Unexpected(spec.error());
      project.state_machines.push_back(std::move(*spec));
    }
  }
  for (Status s : {CheckUniqueNames(project.functions, *resources, "function"),
                   CheckUniqueNames(project.state_machines, *resources, "state machine"),
                   CheckUniqueNames(project.streams, *resources, "stream"),
                   CheckUniqueNames(project.buckets, *resources, "bucket"),
                   CheckUniqueRoutes(project, *resources)}) {
    if (!s.ok()) return Unexpected(s);
  }
  return project;
}

}  // namespace

std::string ProjectPath(const Project& project, const std::string& relative) {
  std::filesystem::path p(relative);
  if (p.is_relative()) p = std::filesystem::path(project.dir) / p;
  p = p.lexically_normal();
  if (!p.has_filename() && p.has_parent_path()) p = p.parent_path();  // "src/" -> "src"
  return p.string();
}

Result<Project, Status> LoadProject(const std::string& path, const LoadOptions& options) {
  try {
    return Load(path, options);
  } catch (const std::exception& e) {
    // A bug, but one that must not take the CLI or server down with it.
    return Unexpected(Status::Internal(path + ": unexpected error while loading: " + e.what()));
  }
}

}  // namespace tern::project
