// A JSON value in which strings of the form "{% expr %}" are JSONata expressions (JSONata-mode
// Arguments, Output, Assign, Items, ItemSelector, Condition, Seconds, ...). Compiled once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "asl/core/failure.h"
#include "asl/jsonata/jsonata.h"
#include "common/json.h"
#include "common/result.h"

namespace tern::asl {

// True when `s` is a whole "{% ... %}" expression string.
bool IsJsonataExpressionString(const std::string& s);

class JsonataTemplate {
 public:
  // `field` names the template for error causes ("Output", "Arguments", "Assign").
  static Result<JsonataTemplate, std::string> Compile(const Json& value, std::string field);

  // Evaluates every expression; an expression that yields undefined, or fails, is a
  // States.QueryEvaluationError with AWS's cause text naming the field path ("Output/result").
  Result<Json, Failure> Evaluate(const jsonata::Bindings& bindings) const;

  bool is_constant() const;  // no expression inside: Evaluate returns the value as is
  const Json& source() const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace tern::asl
