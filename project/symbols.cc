#include "project/symbols.h"

#include <algorithm>
#include <cctype>

#include "project/names.h"

namespace tern::project {
namespace {

constexpr std::string_view kFunction = "AWS::Serverless::Function";
constexpr std::string_view kStateMachine = "AWS::Serverless::StateMachine";
constexpr std::string_view kStream = "AWS::Kinesis::Stream";
constexpr std::string_view kBucket = "AWS::S3::Bucket";
constexpr std::string_view kRole = "AWS::IAM::Role";

// The property that names a resource of `type`, and the rule the name must follow.
struct NameRule {
  const char* property;
  std::string (*check)(std::string_view);
};

std::optional<NameRule> NameRuleFor(std::string_view type) {
  if (type == kFunction) return NameRule{"FunctionName", &CheckFunctionName};
  if (type == kStateMachine) return NameRule{"Name", &CheckStateMachineName};
  if (type == kStream) return NameRule{"Name", &CheckStreamName};
  if (type == kBucket) return NameRule{"BucketName", &CheckBucketName};
  if (type == kRole) return NameRule{"RoleName", nullptr};
  return std::nullopt;
}

}  // namespace

Symbols::Symbols(std::optional<Node> resources, std::map<std::string, Json> parameters,
                 Pseudo pseudo)
    : resources_(std::move(resources)),
      parameters_(std::move(parameters)),
      pseudo_(std::move(pseudo)) {}

std::string Symbols::TypeOf(const std::string& logical_id) const {
  if (!resources_) return "";
  auto resource = resources_->Get(logical_id);
  if (!resource || !resource->is_object()) return "";
  auto type = resource->Get("Type");
  return type && type->is_string() ? type->value().get<std::string>() : "";
}

Result<std::string, Status> Symbols::NameOf(const std::string& logical_id) const {
  if (auto it = names_.find(logical_id); it != names_.end()) return it->second;
  std::string type = TypeOf(logical_id);
  auto rule = NameRuleFor(type);
  std::string name = logical_id;
  if (type == kBucket) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
  }
  std::optional<Node> property;
  if (rule) {
    if (auto props = resources_->Get(logical_id)->Get("Properties")) {
      if (props->is_object()) property = props->Get(rule->property);
    }
  }
  if (property) {
    if (!resolving_.insert(logical_id).second) {
      return Unexpected(property->Error("the name of " + logical_id + " refers to itself"));
    }
    auto resolved = ResolveString(*property, *this);
    resolving_.erase(logical_id);
    if (!resolved) return Unexpected(resolved.error());
    name = *resolved;
  }
  if (rule && rule->check) {
    std::string problem = rule->check(name);
    if (!problem.empty()) {
      std::string message = "invalid name '" + name + "': " + problem;
      if (property) return Unexpected(property->Error(message));
      return Unexpected(resources_->Get(logical_id)
                            ->Error(message + " (the logical id is the default name; set " +
                                    rule->property + ")"));
    }
  }
  names_[logical_id] = name;
  return name;
}

Result<Json, Status> Symbols::Ref(const std::string& name, const Node& at) const {
  if (auto p = parameters_.find(name); p != parameters_.end()) return p->second;
  if (name == "AWS::Region") return Json(pseudo_.region);
  if (name == "AWS::AccountId") return Json(pseudo_.account);
  if (name == "AWS::StackName") return Json(pseudo_.stack_name);
  if (name == "AWS::Partition") return Json("aws");
  if (name == "AWS::URLSuffix") return Json("amazonaws.com");
  if (name == "AWS::StackId") {
    return Json("arn:aws:cloudformation:" + pseudo_.region + ":" + pseudo_.account + ":stack/" +
                pseudo_.stack_name + "/00000000-0000-0000-0000-000000000000");
  }
  if (name.starts_with("AWS::")) {
    return Unexpected(at.Error("the pseudo parameter " + name + " is not supported by tern"));
  }
  std::string type = TypeOf(name);
  if (type.empty()) {
    return Unexpected(at.Error("'" + name +
                               "' is neither a parameter nor a resource of this "
                               "template (resources SAM creates implicitly, such as " +
                               name + "Role, do not exist in tern)"));
  }
  if (!NameRuleFor(type)) return Json(name);
  auto resource_name = NameOf(name);
  if (!resource_name) return Unexpected(resource_name.error());
  if (type == kStateMachine) {
    return Json(StateMachineArn(pseudo_.region, pseudo_.account, *resource_name));
  }
  return Json(*resource_name);
}

Result<Json, Status> Symbols::GetAtt(const std::string& resource, const std::string& attribute,
                                     const Node& at) const {
  std::string type = TypeOf(resource);
  if (type.empty()) {
    return Unexpected(at.Error("Fn::GetAtt: '" + resource +
                               "' is not a resource of this "
                               "template"));
  }
  if (NameRuleFor(type)) {
    auto name = NameOf(resource);
    if (!name) return Unexpected(name.error());
    const Pseudo& p = pseudo_;
    if (attribute == "Arn") {
      if (type == kFunction) return Json(FunctionArn(p.region, p.account, *name));
      if (type == kStateMachine) return Json(StateMachineArn(p.region, p.account, *name));
      if (type == kStream) return Json(StreamArn(p.region, p.account, *name));
      if (type == kBucket) return Json(BucketArn(*name));
      if (type == kRole) return Json("arn:aws:iam::" + p.account + ":role/" + *name);
    }
    if (attribute == "Name" && type == kStateMachine) return Json(*name);
  }
  return Unexpected(at.Error("Fn::GetAtt: " + resource + "." + attribute +
                             " is not an attribute tern provides for " + type +
                             " (docs/project.md lists them)"));
}

}  // namespace tern::project
