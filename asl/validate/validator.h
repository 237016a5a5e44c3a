// Static validation of a state machine definition against every rule of the Amazon States
// Language (../shared/spec/ASL.md §12 and the spec). Reports ALL findings in one pass, each with
// a stable code, a JSON pointer and the line:column the reader recorded.
#pragma once

#include <vector>

#include "asl/parse/document.h"
#include "asl/validate/diagnostic.h"

namespace tern::asl {

struct ValidateOptions {
  bool check_paths = true;  // JSONPath / intrinsic / JSONata syntax
  bool check_arns = true;   // Task Resource must be an ARN
  bool express = false;     // EXPRESS machines refuse .sync, .waitForTaskToken and activities
};

std::vector<Diagnostic> Validate(const Document& doc, const ValidateOptions& options = {});

}  // namespace tern::asl
