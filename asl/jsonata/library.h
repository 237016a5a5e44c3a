// Registration of the standard library, one group per file, and helpers the groups share.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "asl/jsonata/evaluator.h"

namespace tern::asl::jsonata {

void RegisterStringFunctions(FunctionTable* table);
void RegisterNumericFunctions(FunctionTable* table);
void RegisterArrayFunctions(FunctionTable* table);
void RegisterObjectFunctions(FunctionTable* table);
void RegisterDateTimeFunctions(FunctionTable* table);
void RegisterFormatFunctions(FunctionTable* table);
// All of the groups above: the JSONata standard library.
void RegisterStandardFunctions(FunctionTable* table);

// Argument i, or undefined when fewer were passed.
inline const Value& Arg(const std::vector<Value>& args, size_t i) {
  static const Value kUndefined;
  return i < args.size() ? args[i] : kUndefined;
}

// JavaScript truthiness (what the reference's sort comparator result is tested with).
bool JsTruthy(const Value& v);

// JavaScript's Math.round followed by the reference's banker's correction ($round).
double RoundHalfEven(double value, double precision);

}  // namespace tern::asl::jsonata
