// Intrinsic functions (States.Format ... States.UUID): parsed once, evaluated many times.
// See ../shared/spec/ASL.md §7 and §13 for the exact semantics AWS shows.
//
// Thread safety: a parsed call is immutable and may be evaluated from many threads at once
// (States.UUID and States.MathRandom draw from per-thread generators).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "asl/core/failure.h"
#include "asl/jsonpath/path_context.h"
#include "common/json.h"
#include "common/result.h"

namespace tern::asl::jsonpath {

class IntrinsicCall {
 public:
  // `text` is the whole value of a `.$` key, e.g. "States.Format('{}', $.name)".
  static Result<IntrinsicCall, std::string> Parse(std::string_view text);

  const std::string& text() const;
  // Failures carry States.Runtime, as AWS reports them: bad arguments (types, ranges, count) give
  // "Invalid arguments in States.X"; a path argument that matches nothing gives the path's error.
  Result<Json, Failure> Evaluate(const PathContext& context) const;
  // As above, but a path argument that matches nothing fails with AWS's payload-template cause:
  // "The JSONPath '$.x' specified for the field '<field>' could not be found in the input '...'".
  Result<Json, Failure> Evaluate(const PathContext& context, std::string_view field) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

// True when `text` is written as an intrinsic call (starts with "States.").
bool LooksLikeIntrinsic(std::string_view text);

}  // namespace tern::asl::jsonpath
