// A runtime failure of a state or an expression: an error name (States.* or user-defined) and a
// cause. Failures are values (they cross co_await points and are written to history), never
// exceptions.
#pragma once

#include <string>

namespace tern::asl {

struct Failure {
  std::string error;  // e.g. "States.Runtime", "States.IntrinsicFailure", or a user's name
  std::string cause;  // human-readable; AWS's exact text where AWS has one
  bool operator==(const Failure&) const = default;
};

}  // namespace tern::asl
