// A strict JSON (RFC 8259) reader that keeps the line and column of every value.
//
// Why not nlohmann's parser: it reports byte offsets, not line:column, and gives no positions
// for values that parsed fine, which the validator needs to point at the line a user wrote.
// The reader is iterative (no recursion on nesting depth), validates UTF-8, and refuses nesting
// deeper than kMaxNestingDepth.
#pragma once

#include <string_view>

#include "asl/parse/document.h"
#include "common/result.h"

namespace tern::asl {

struct JsonReadOptions {
  bool track_locations = true;  // off for execution inputs: saves building the SourceMap
  int max_depth = 0;            // 0: kMaxNestingDepth
};

Result<Document, ParseError> ReadJson(std::string_view text, const JsonReadOptions& options = {});

}  // namespace tern::asl
