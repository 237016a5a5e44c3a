// JSONata (https://docs.jsonata.org) in C++: compile once, evaluate many times, on tern's
// order-preserving Json. Error codes are the reference implementation's (T2001, D3001, ...).
//
// Thread safety: a compiled Expression is immutable; any number of threads may Evaluate it at
// once. Each Evaluate runs on the calling thread and shares nothing with other evaluations.
// Input and bindings are read in place (never copied) and must not change during Evaluate.
//
// Known differences from jsonata-js: regular expressions are std::regex ECMAScript (no
// lookbehind, named groups or the `s` flag); $uppercase/$lowercase map ASCII, Latin-1, Greek
// and Cyrillic only; timestamps without an offset are read as UTC.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.h"
#include "common/result.h"

namespace tern::asl::jsonata {

struct Error {
  std::string code;      // "S0201", "T2001", "D3001", "U1001" (limits) ...
  std::string message;   // the reference implementation's message where it has one
  int64_t position = -1; // character offset in the expression, -1 when unknown
  std::string token;     // the offending token, when there is one
  std::string ToString() const;  // "T2001: The left side of the ..."
};

// Variables bound before evaluation ($name). Step Functions binds `states` and the workflow
// variables through this; lookups must be cheap (called for every `$name` reference).
class Bindings {
 public:
  virtual ~Bindings() = default;
  virtual const Json* Find(std::string_view name) const = 0;
};

// Bounds on one evaluation. Exceeding the depth fails with U1001 ("Stack overflow error"),
// the time limit with U1002, as the reference test harness reports them. Independently of
// max_depth, evaluation also fails with U1001 before it would exhaust the calling thread's
// stack. Tail calls (a lambda whose body ends in a call) do not add depth.
struct Limits {
  int max_depth = 0;         // nesting of evaluation steps; 0: 10000
  int64_t timeout_ms = 0;    // 0: none
};

// Options for Compile. By default an expression sees exactly the JSONata standard library.
struct CompileOptions {
  // Also provide the functions AWS Step Functions adds on top of JSONata: $partition,
  // $range, $hash, $random([seed]), $uuid and $parse (see stepfunctions_functions.h).
  bool stepfunctions_functions = false;
};

// What Evaluate can report besides the value.
struct EvaluationInfo {
  bool function_result = false;  // the result is a function (its JSON form is "")
};

class Expression {
 public:
  static Result<Expression, Error> Compile(std::string_view text);
  static Result<Expression, Error> Compile(std::string_view text, const CompileOptions& options);

  const std::string& text() const;
  // `input` null means undefined (no input). The value is nullopt when the result is undefined.
  Result<std::optional<Json>, Error> Evaluate(const Json* input, const Bindings* bindings = nullptr,
                                              const Limits& limits = {},
                                              EvaluationInfo* info = nullptr) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace tern::asl::jsonata
