// CloudFormation intrinsic functions as SAM templates use them: Ref, Fn::GetAtt, Fn::Sub and
// Fn::Join (long forms; the YAML reader turns the short `!Ref`-style forms into these). Every
// other intrinsic (Fn::If, Fn::Select, Fn::FindInMap, ...) is an error naming it and its line.
#pragma once

#include <string>

#include "common/json.h"
#include "common/result.h"
#include "project/template_node.h"

namespace tern::project {

// What Ref and Fn::GetAtt name: parameters, pseudo parameters (AWS::Region, ...) and resources.
// `at` is the node that refers, for error messages.
class SymbolTable {
 public:
  virtual ~SymbolTable() = default;
  virtual Result<Json, Status> Ref(const std::string& name, const Node& at) const = 0;
  virtual Result<Json, Status> GetAtt(const std::string& resource, const std::string& attribute,
                                      const Node& at) const = 0;
};

// `node` with every intrinsic in it evaluated.
Result<Json, Status> Resolve(const Node& node, const SymbolTable& symbols);

// Resolve, then require a string; numbers and booleans become their text (CloudFormation
// passes every scalar property as a string).
Result<std::string, Status> ResolveString(const Node& node, const SymbolTable& symbols);

}  // namespace tern::project
