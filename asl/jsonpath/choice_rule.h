// Choice rules in JSONPath mode: comparison operators (and their *Path variants), type tests,
// And/Or/Not. See ../shared/spec/ASL.md §8.
//
// Thread safety: a compiled rule is immutable and may be evaluated from many threads at once.
#pragma once

#include <memory>
#include <string>

#include "asl/core/failure.h"
#include "asl/jsonpath/path_context.h"
#include "common/json.h"
#include "common/result.h"

namespace tern::asl::jsonpath {

class ChoiceRule {
 public:
  // `rule` is one element of Choices (its Next/Assign/Comment are ignored here) or a nested rule.
  static Result<ChoiceRule, std::string> Compile(const Json& rule);

  // A missing Variable is States.Runtime (except IsPresent); a type mismatch is false.
  Result<bool, Failure> Evaluate(const PathContext& context) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace tern::asl::jsonpath
