// How errors travel inside the JSONata module.
//
// Errors are raised deep inside recursive evaluation and caught in one place (Expression's
// Compile and Evaluate), exactly as the reference implementation throws them. Threading a
// Result through every evaluator call would double the code and slow the hot path, so inside
// this module an error is a thrown JsonataError; it never crosses the public API.
#pragma once

#include <string>

#include "asl/jsonata/jsonata.h"

namespace tern::asl::jsonata {

struct JsonataError {
  Error error;
  std::string value;   // rendered {{value}} for the message template
  std::string value2;  // rendered {{value2}} / {{type}}
  bool positioned = false;
};

// Throws code with the reference message; `token`, `value` and `value2` fill its {{token}},
// {{value}}/{{index}} and {{value2}}/{{type}} placeholders.
[[noreturn]] void ThrowError(const std::string& code, int64_t position = -1,
                             const std::string& token = "", const std::string& value = "",
                             const std::string& value2 = "");

// Bounds the recursion of helpers that walk nested data (JSON conversion, equality, $string,
// descendants...): nesting deeper than kMaxNesting fails with U1001 instead of overflowing the
// stack. One guard per recursion level; the count is per thread.
class NestingGuard {
 public:
  static constexpr int kMaxNesting = 4096;
  NestingGuard();
  ~NestingGuard();
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;
};

// The reference implementation's message template for a code ("" when it has none).
std::string MessageFor(const std::string& code, const std::string& token, const std::string& value,
                       const std::string& value2 = "");

}  // namespace tern::asl::jsonata
