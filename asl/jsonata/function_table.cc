#include "asl/jsonata/evaluator.h"

namespace tern::asl::jsonata {

void FunctionTable::Add(std::string name, std::string signature, NativeFn fn, int arity) {
  auto b = std::make_unique<Builtin>();
  b->name = std::move(name);
  b->signature_text = std::move(signature);
  if (!b->signature_text.empty()) b->signature = std::make_shared<Signature>(b->signature_text);
  b->fn = fn;
  b->arity = arity;
  for (auto& existing : builtins_) {
    if (existing->name == b->name) {
      existing = std::move(b);
      return;
    }
  }
  builtins_.push_back(std::move(b));
}

const Builtin* FunctionTable::Find(std::string_view name) const {
  for (const auto& b : builtins_) {
    if (b->name == name) return b.get();
  }
  return nullptr;
}

}  // namespace tern::asl::jsonata
