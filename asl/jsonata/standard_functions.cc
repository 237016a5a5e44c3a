#include "asl/jsonata/library.h"

namespace tern::asl::jsonata {

const FunctionTable& StandardFunctions() {
  static const FunctionTable* table = [] {
    auto* t = new FunctionTable();
    RegisterStringFunctions(t);
    RegisterNumericFunctions(t);
    RegisterArrayFunctions(t);
    RegisterObjectFunctions(t);
    RegisterFormatFunctions(t);
    RegisterDateTimeFunctions(t);
    return t;
  }();
  return *table;
}

}  // namespace tern::asl::jsonata
