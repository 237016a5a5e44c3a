// Object functions (functions.js): $keys $lookup $spread $merge $sift $each $error $assert
// $type $clone.
#include "asl/jsonata/errors.h"
#include "asl/jsonata/library.h"

namespace tern::asl::jsonata {
namespace {

void CollectKeys(const Value& arg, std::vector<std::string>* keys) {
  if (arg.IsArray()) {
    for (size_t i = 0, n = arg.size(); i < n; ++i) CollectKeys(arg.at(i), keys);
  } else if (arg.IsObject()) {
    arg.ForEachField([&](const std::string& key, const Value&) {
      if (std::find(keys->begin(), keys->end(), key) == keys->end()) keys->push_back(key);
    });
  }
}

Value FnKeys(Evaluator&, std::vector<Value>& args, const Value&) {
  std::vector<std::string> keys;
  CollectKeys(Arg(args, 0), &keys);
  ArrayNode* out;
  Value result = NewSequence(&out);
  for (auto& k : keys) out->items.push_back(Value::String(std::move(k)));
  return result;
}

Value FnLookup(Evaluator&, std::vector<Value>& args, const Value&) {
  if (!Arg(args, 1).IsString()) return Value();
  // $lookup is exactly a path step's field lookup.
  return Evaluator::LookupField(Arg(args, 0), args[1].str());
}

Value Spread(const Value& arg) {
  if (arg.IsArray()) {
    ArrayNode* out;
    Value result = NewArray(&out);
    for (size_t i = 0, n = arg.size(); i < n; ++i) {
      Value part = Spread(arg.at(i));
      if (part.IsArray()) {
        for (size_t j = 0, m = part.size(); j < m; ++j) out->push_back(part.at(j));
      } else if (part.IsDefined()) {
        out->push_back(part);
      }
    }
    if (out->size() == 0) out->sequence = true;
    return result;
  }
  if (arg.IsObject()) {
    ArrayNode* out;
    Value result = NewSequence(&out);
    arg.ForEachField([&](const std::string& key, const Value& value) {
      ObjectNode* o;
      Value obj = NewObject(&o);
      o->Append(key, value);
      out->push_back(obj);
    });
    return result;
  }
  return arg;
}

Value FnSpread(Evaluator&, std::vector<Value>& args, const Value&) { return Spread(Arg(args, 0)); }

Value FnMerge(Evaluator&, std::vector<Value>& args, const Value&) {
  const Value& arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  ObjectNode* out;
  Value result = NewObject(&out);
  for (size_t i = 0, n = arg.size(); i < n; ++i) {
    Value obj = arg.at(i);
    if (!obj.IsObject()) continue;
    obj.ForEachField([&](const std::string& key, const Value& value) { out->Set(key, value); });
  }
  return result;
}

Value FnSift(Evaluator& ev, std::vector<Value>& args, const Value& input) {
  const Value& obj = Arg(args, 0);
  if (obj.IsUndefined()) return Value();
  const Value& fn = Arg(args, 1);
  ObjectNode* out;
  Value result = NewObject(&out);
  obj.ForEachField([&](const std::string& key, const Value& value) {
    Value res =
        ev.Apply(fn, ev.HofArgs(fn, value, Value::String(key), obj), input, ev.root_frame());
    if (ToBoolean(res)) out->Append(key, value);
  });
  if (out->fields.empty()) return Value();
  return result;
}

Value FnEach(Evaluator& ev, std::vector<Value>& args, const Value& input) {
  const Value& obj = Arg(args, 0);
  if (obj.IsUndefined()) return Value();
  const Value& fn = Arg(args, 1);
  ArrayNode* out;
  Value result = NewSequence(&out);
  obj.ForEachField([&](const std::string& key, const Value& value) {
    Value res =
        ev.Apply(fn, ev.HofArgs(fn, value, Value::String(key), obj), input, ev.root_frame());
    if (res.IsDefined()) out->push_back(std::move(res));
  });
  return result;
}

Value FnError(Evaluator&, std::vector<Value>& args, const Value&) {
  std::string message =
      Arg(args, 0).IsString() ? args[0].str() : std::string("$error() function evaluated");
  ThrowError("D3137", -1, "", message);
}

Value FnAssert(Evaluator&, std::vector<Value>& args, const Value&) {
  if (!Arg(args, 0).boolean()) {
    std::string message =
        Arg(args, 1).IsString() ? args[1].str() : std::string("$assert() statement failed");
    ThrowError("D3141", -1, "", message);
  }
  return Value();
}

Value FnType(Evaluator&, std::vector<Value>& args, const Value&) {
  const Value& v = Arg(args, 0);
  switch (v.kind()) {
    case Kind::kUndefined:
      return Value();
    case Kind::kNull:
      return Value::String("null");
    case Kind::kNumber:
      return Value::String("number");
    case Kind::kString:
      return Value::String("string");
    case Kind::kBool:
      return Value::String("boolean");
    case Kind::kArray:
      return Value::String("array");
    case Kind::kFunction:
      return Value::String("function");
    case Kind::kObject:
      return Value::String("object");
  }
  return Value();
}

Value FnClone(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  return DeepClone(args[0]);
}

}  // namespace

void RegisterObjectFunctions(FunctionTable* t) {
  t->Add("keys", "<x-:a<s>>", FnKeys, 1);
  t->Add("lookup", "<x-s:x>", FnLookup, 2);
  t->Add("spread", "<x-:a<o>>", FnSpread, 1);
  t->Add("merge", "<a<o>:o>", FnMerge, 1);
  t->Add("sift", "<o-f?:o>", FnSift, 2);
  t->Add("each", "<o-f:a>", FnEach, 2);
  t->Add("error", "<s?:x>", FnError, 1);
  t->Add("assert", "<bs?:x>", FnAssert, 2);
  t->Add("type", "<x:s>", FnType, 1);
  t->Add("clone", "<(oa)-:o>", FnClone, 1);
}

}  // namespace tern::asl::jsonata
