// Reads a YAML document into the same Document as the JSON reader, keeping line:column of every
// node. Scalars follow the YAML 1.2 core schema (null, booleans, integers, floats; quoted
// scalars are always strings). Tags other than the core ones are refused with their line.
#pragma once

#include <string_view>

#include "asl/parse/document.h"
#include "common/result.h"

namespace tern::asl {

Result<Document, ParseError> ReadYaml(std::string_view text);

}  // namespace tern::asl
