// Payload templates: Parameters, ResultSelector, ItemSelector, Assign (JSONPath mode) and
// Credentials. Keys ending in ".$" hold a Path or an intrinsic call; every other value is copied
// literally (even a string that looks like a path).
//
// Thread safety: a compiled template is immutable and may be evaluated from many threads at once.
#pragma once

#include <memory>
#include <string>

#include "asl/core/failure.h"
#include "asl/jsonpath/path_context.h"
#include "common/json.h"
#include "common/result.h"

namespace tern::asl::jsonpath {

class PayloadTemplate {
 public:
  // Compiles every `.$` value. The error names the offending key and why.
  static Result<PayloadTemplate, std::string> Compile(const Json& tmpl);

  // Path not found -> States.Runtime with AWS's cause ("The JSONPath '$.x' specified for the
  // field 'x.$' could not be found in the input '<compact input>'"); intrinsic failures as the
  // intrinsic reports them.
  Result<Json, Failure> Evaluate(const PathContext& context) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace tern::asl::jsonpath
