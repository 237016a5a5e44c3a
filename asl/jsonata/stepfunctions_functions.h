// The functions AWS Step Functions adds to JSONata (spec/ASL.md §4), available to expressions
// compiled with CompileOptions::stepfunctions_functions = true:
//   $partition(array, size)      chunks of `size`; the last may be shorter; [] for []
//   $range(start, stop, step)    start, start+step, ... up to and including stop when hit;
//                                [] for step 0 or a step that moves away from stop
//   $hash(string, algorithm)     lowercase hex: MD5, SHA-1, SHA-256, SHA-384, SHA-512
//   $random([seed])              0 <= n < 1; the same seed gives the same number
//   $uuid()                      a random version 4 UUID
//   $parse(string)               the JSON value the string holds
// Argument errors use the reference's signature codes (T0410...) where a signature catches
// them, and D3150 ("Invalid argument to $name: ...") for the Step Functions-specific checks.
#pragma once

#include "asl/jsonata/evaluator.h"

namespace tern::asl::jsonata {

// Adds the functions above to `table` (StepFunctionsTable() is the standard library plus these).
void RegisterStepFunctionsFunctions(FunctionTable* table);

}  // namespace tern::asl::jsonata
