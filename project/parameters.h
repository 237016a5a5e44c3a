// Template Parameters: each one's value is its --parameter-overrides entry, else its Default;
// a parameter with neither is an error. Types String, Number, CommaDelimitedList and
// List<Number> (and AWS-specific types such as AWS::EC2::VPC::Id, read as strings); SSM
// parameter types are refused. AllowedValues, AllowedPattern, Min/MaxLength and Min/MaxValue
// are checked.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "common/json.h"
#include "common/result.h"
#include "project/template_node.h"

namespace tern::project {

// Parameter name -> value: a string, or a list of strings for the list types.
Result<std::map<std::string, Json>, Status> LoadParameters(
    const std::optional<Node>& section, const std::map<std::string, std::string>& overrides,
    const std::string& display_name);

}  // namespace tern::project
