// A parsed definition: its JSON value, where each value was written, and what the reader noticed
// that is not a syntax error (duplicate keys), for the validator to report.
#pragma once

#include <string>
#include <vector>

#include "asl/parse/source_location.h"
#include "common/json.h"

namespace tern::asl {

enum class SourceFormat { kJson, kYaml };

struct DuplicateKey {
  std::string pointer;  // pointer of the second occurrence
  SourceLocation where;
};

struct Document {
  Json value;
  SourceMap locations;
  SourceFormat format = SourceFormat::kJson;
  std::vector<DuplicateKey> duplicate_keys;  // the last occurrence wins in `value`
};

// A syntax error: the text is not JSON (or YAML) at all.
struct ParseError {
  std::string message;
  SourceLocation where;
  std::string ToString() const;  // "line 3, column 7: expected ..."
};

}  // namespace tern::asl
