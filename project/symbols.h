// The names Ref and Fn::GetAtt resolve against in one template: its parameters, the pseudo
// parameters (AWS::Region, AWS::AccountId, AWS::StackName, AWS::Partition, AWS::URLSuffix,
// AWS::StackId) and its resources. A resource's name comes from its name property
// (FunctionName, Name, BucketName, RoleName), itself possibly an intrinsic, so names are
// resolved on first use and remembered; a name that refers to itself is an error.
//
//   resource type                  Ref        GetAtt
//   AWS::Serverless::Function      name       Arn
//   AWS::Serverless::StateMachine  ARN        Arn, Name
//   AWS::Kinesis::Stream           name       Arn
//   AWS::S3::Bucket                name       Arn
//   AWS::IAM::Role                 name       Arn
//   other accepted-but-ignored     logical id (none)
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "project/intrinsics.h"

namespace tern::project {

struct Pseudo {
  std::string region;
  std::string account;
  std::string stack_name;
};

class Symbols final : public SymbolTable {
 public:
  // `resources` is the template's Resources mapping; `parameters` the resolved values.
  Symbols(std::optional<Node> resources, std::map<std::string, Json> parameters, Pseudo pseudo);

  Result<Json, Status> Ref(const std::string& name, const Node& at) const override;
  Result<Json, Status> GetAtt(const std::string& resource, const std::string& attribute,
                              const Node& at) const override;

  // "" when `logical_id` is not a resource.
  std::string TypeOf(const std::string& logical_id) const;
  // The resource's name (checked against its type's naming rules).
  Result<std::string, Status> NameOf(const std::string& logical_id) const;
  const Pseudo& pseudo() const { return pseudo_; }

 private:
  std::optional<Node> resources_;
  std::map<std::string, Json> parameters_;
  Pseudo pseudo_;
  mutable std::map<std::string, std::string> names_;
  mutable std::set<std::string> resolving_;  // names being resolved: detects self-reference
};

}  // namespace tern::project
