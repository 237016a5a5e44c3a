// Helpers for the JSONata unit tests: evaluate an expression and get its result as JSON text
// ("undefined" when there is none) or its error code.
#pragma once

#include <string>

#include "asl/jsonata/jsonata.h"

namespace tern::asl::jsonata::test_util {

struct Outcome {
  std::string json;  // result dump, "undefined", or "" on error
  std::string code;  // error code, "" on success
};

inline Outcome RunExpr(const std::string& expr, const char* input_json = nullptr,
                       const CompileOptions& options = {}, const Limits& limits = {},
                       const Bindings* bindings = nullptr) {
  auto compiled = Expression::Compile(expr, options);
  if (!compiled) return {"", compiled.error().code};
  Json input;
  if (input_json != nullptr) input = Json::parse(input_json);
  auto result = compiled->Evaluate(input_json != nullptr ? &input : nullptr, bindings, limits);
  if (!result) return {"", result.error().code};
  return {*result ? (*result)->dump() : "undefined", ""};
}

inline std::string Eval(const std::string& expr, const char* input_json = nullptr) {
  Outcome o = RunExpr(expr, input_json);
  return o.code.empty() ? o.json : "error " + o.code;
}

inline std::string EvalSfn(const std::string& expr, const char* input_json = nullptr) {
  CompileOptions options;
  options.stepfunctions_functions = true;
  Outcome o = RunExpr(expr, input_json, options);
  return o.code.empty() ? o.json : "error " + o.code;
}

}  // namespace tern::asl::jsonata::test_util
