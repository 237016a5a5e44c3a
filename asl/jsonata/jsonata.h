// JSONata (https://docs.jsonata.org) in C++: compile once, evaluate many times, on tern's
// order-preserving Json. Error codes are the reference implementation's (T2001, D3001, ...).
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

struct Limits {
  int max_depth = 0;         // 0: a safe default that never overflows the stack
  int64_t timeout_ms = 0;    // 0: none
};

// Options for Compile. By default an expression sees exactly the JSONata standard library.
struct CompileOptions {
  // Also provide the functions AWS Step Functions adds on top of JSONata: $partition,
  // $range, $hash, $random([seed]), $uuid and $parse (see stepfunctions_functions.h).
  bool stepfunctions_functions = false;
};

class Expression {
 public:
  static Result<Expression, Error> Compile(std::string_view text);
  static Result<Expression, Error> Compile(std::string_view text, const CompileOptions& options);

  const std::string& text() const;
  // `input` null means undefined (no input). The value is nullopt when the result is undefined.
  Result<std::optional<Json>, Error> Evaluate(const Json* input, const Bindings* bindings = nullptr,
                                              const Limits& limits = {}) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace tern::asl::jsonata
