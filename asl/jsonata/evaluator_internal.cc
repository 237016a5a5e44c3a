#include "asl/jsonata/evaluator_internal.h"

namespace tern::asl::jsonata::detail {

Value Tuple(const Value& at) {
  ObjectNode* o;
  Value t = NewObject(&o);
  o->Append("@", at);
  return t;
}

Value CopyTuple(const Value& tuple) {
  ObjectNode* o;
  Value t = NewObject(&o);
  if (const ObjectNode* from = tuple.object_node()) o->fields = from->fields;
  return t;
}

ArrayNode* EnsureArrayNode(Value* v) {
  if (ArrayNode* a = v->array_node()) return a;
  ArrayNode* a;
  Value copy = NewArray(&a);
  size_t n = v->size();
  a->items.reserve(n);
  for (size_t i = 0; i < n; ++i) a->items.push_back(v->at(i));
  *v = copy;
  return a;
}
}  // namespace tern::asl::jsonata::detail
