// Reads a YAML document into the same Document as the JSON reader, keeping line:column of every
// node. Scalars follow the YAML 1.2 core schema (null, booleans, integers, floats; quoted
// scalars are always strings). Tags other than the core ones are refused with their line, unless
// `cloudformation_tags` is set (SAM templates, see project/): then CloudFormation's short forms
// become their long forms, `!Ref x` -> {"Ref": "x"}, `!GetAtt A.B` -> {"Fn::GetAtt": ["A", "B"]},
// `!Sub s` -> {"Fn::Sub": s}, `!If [...]` -> {"Fn::If": [...]}, ..., so whoever resolves
// intrinsics sees one form. The reader does not judge which intrinsics are supported.
#pragma once

#include <string_view>

#include "asl/parse/document.h"
#include "common/result.h"

namespace tern::asl {

struct YamlReadOptions {
  bool cloudformation_tags = false;  // off: state machine definitions have no custom tags
};

Result<Document, ParseError> ReadYaml(std::string_view text, const YamlReadOptions& options = {});

}  // namespace tern::asl
