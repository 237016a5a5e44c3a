#include "asl/jsonata/library.h"

namespace tern::asl::jsonata {

void RegisterStandardFunctions(FunctionTable* t) {
  RegisterStringFunctions(t);
  RegisterNumericFunctions(t);
  RegisterArrayFunctions(t);
  RegisterObjectFunctions(t);
  RegisterFormatFunctions(t);
  RegisterDateTimeFunctions(t);
}

const FunctionTable& StandardFunctions() {
  static const FunctionTable* table = [] {
    auto* t = new FunctionTable();
    RegisterStandardFunctions(t);
    return t;
  }();
  return *table;
}

}  // namespace tern::asl::jsonata
