// Array and higher-order functions (functions.js): $append $sort $reverse $shuffle $distinct
// $zip $map $filter $single $reduce.
#include <algorithm>

#include "asl/jsonata/errors.h"
#include "asl/jsonata/library.h"

namespace tern::asl::jsonata {

bool JsTruthy(const Value& v) {
  switch (v.kind()) {
    case Kind::kUndefined:
    case Kind::kNull:
      return false;
    case Kind::kBool:
      return v.boolean();
    case Kind::kNumber:
      return v.number() != 0 && !std::isnan(v.number());
    case Kind::kString:
      return !v.str().empty();
    default:
      return true;
  }
}

namespace {

std::vector<Value> Items(const Value& arr) {
  std::vector<Value> items;
  if (arr.IsArray()) {
    items.reserve(arr.size());
    for (size_t i = 0, n = arr.size(); i < n; ++i) items.push_back(arr.at(i));
  } else if (arr.IsDefined()) {
    items.push_back(arr);
  }
  return items;
}

Value FnAppend(Evaluator&, std::vector<Value>& args, const Value&) {
  return AppendValues(Arg(args, 0), Arg(args, 1));
}

Value FnSort(Evaluator& ev, std::vector<Value>& args, const Value& input) {
  const Value& arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value();
  if (arr.size() <= 1) return arr;
  std::vector<Value> items = Items(arr);
  const Value& comparator = Arg(args, 1);
  if (comparator.IsUndefined()) {
    if (IsArrayOfNumbers(arr)) {
      std::stable_sort(items.begin(), items.end(),
                       [](const Value& a, const Value& b) { return a.number() < b.number(); });
    } else if (IsArrayOfStrings(arr)) {
      std::stable_sort(items.begin(), items.end(),
                       [](const Value& a, const Value& b) { return a.str() < b.str(); });
    } else {
      ThrowError("D3070");
    }
  } else {
    // The reference's merge sort: the right element goes first when comp(left, right) is
    // truthy. A hand-written merge (not std::stable_sort) stays in bounds even when a user
    // comparator is inconsistent, e.g. random.
    std::vector<Value> buffer(items.size());
    for (size_t width = 1; width < items.size(); width *= 2) {
      for (size_t lo = 0; lo < items.size(); lo += 2 * width) {
        size_t mid = std::min(lo + width, items.size());
        size_t hi = std::min(lo + 2 * width, items.size());
        size_t l = lo;
        size_t r = mid;
        size_t o = lo;
        while (l < mid && r < hi) {
          bool swap = JsTruthy(ev.Apply(comparator, {items[l], items[r]}, input, ev.root_frame()));
          buffer[o++] = swap ? items[r++] : items[l++];
        }
        while (l < mid) buffer[o++] = items[l++];
        while (r < hi) buffer[o++] = items[r++];
      }
      items.swap(buffer);
    }
  }
  ArrayNode* out;
  Value result = NewArray(&out);
  out->items = std::move(items);
  return result;
}

Value FnReverse(Evaluator&, std::vector<Value>& args, const Value&) {
  const Value& arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value();
  if (arr.size() <= 1) return arr;
  std::vector<Value> items = Items(arr);
  std::reverse(items.begin(), items.end());
  ArrayNode* out;
  Value result = NewArray(&out);
  out->items = std::move(items);
  return result;
}

Value FnShuffle(Evaluator& ev, std::vector<Value>& args, const Value&) {
  const Value& arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value();
  if (arr.size() <= 1) return arr;
  std::vector<Value> items = Items(arr);
  std::shuffle(items.begin(), items.end(), ev.rng());
  ArrayNode* out;
  Value result = NewArray(&out);
  out->items = std::move(items);
  return result;
}

Value FnDistinct(Evaluator&, std::vector<Value>& args, const Value&) {
  const Value& arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value();
  if (!arr.IsArray() || arr.size() <= 1) return arr;
  ArrayNode* out;
  Value result = arr.IsSequence() ? NewSequence(&out) : NewArray(&out);
  for (size_t i = 0, n = arr.size(); i < n; ++i) {
    Value v = arr.at(i);
    bool seen = false;
    for (const Value& existing : out->items) {
      if (DeepEqual(v, existing)) {
        seen = true;
        break;
      }
    }
    if (!seen) out->items.push_back(std::move(v));
  }
  return result;
}

Value FnZip(Evaluator&, std::vector<Value>& args, const Value&) {
  ArrayNode* out;
  Value result = NewArray(&out);
  if (args.empty()) return result;
  size_t length = SIZE_MAX;
  for (const Value& a : args) length = std::min(length, a.IsArray() ? a.size() : 0);
  for (size_t i = 0; i < length; ++i) {
    ArrayNode* tuple;
    Value t = NewArray(&tuple);
    for (const Value& a : args) tuple->items.push_back(a.at(i));
    out->items.push_back(std::move(t));
  }
  return result;
}

Value FnMap(Evaluator& ev, std::vector<Value>& args, const Value& input) {
  const Value& arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value();
  const Value& fn = Arg(args, 1);
  ArrayNode* out;
  Value result = NewSequence(&out);
  for (size_t i = 0, n = arr.size(); i < n; ++i) {
    Value res = ev.Apply(fn, ev.HofArgs(fn, arr.at(i), Value::Number(static_cast<double>(i)), arr),
                         input, ev.root_frame());
    if (res.IsDefined()) out->items.push_back(std::move(res));
  }
  return result;
}

Value FnFilter(Evaluator& ev, std::vector<Value>& args, const Value& input) {
  const Value& arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value();
  const Value& fn = Arg(args, 1);
  ArrayNode* out;
  Value result = NewSequence(&out);
  for (size_t i = 0, n = arr.size(); i < n; ++i) {
    Value item = arr.at(i);
    Value res = ev.Apply(fn, ev.HofArgs(fn, item, Value::Number(static_cast<double>(i)), arr),
                         input, ev.root_frame());
    if (ToBoolean(res)) out->items.push_back(std::move(item));
  }
  return result;
}

Value FnSingle(Evaluator& ev, std::vector<Value>& args, const Value& input) {
  const Value& arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value();
  const Value& fn = Arg(args, 1);
  bool found = false;
  Value result;
  for (size_t i = 0, n = arr.size(); i < n; ++i) {
    Value item = arr.at(i);
    bool positive = true;
    if (fn.IsDefined()) {
      Value res = ev.Apply(fn, ev.HofArgs(fn, item, Value::Number(static_cast<double>(i)), arr),
                           input, ev.root_frame());
      positive = ToBoolean(res);
    }
    if (positive) {
      if (found) ThrowError("D3138");
      result = item;
      found = true;
    }
  }
  if (!found) ThrowError("D3139");
  return result;
}

Value FnReduce(Evaluator& ev, std::vector<Value>& args, const Value& input) {
  const Value& seq = Arg(args, 0);
  if (seq.IsUndefined()) return Value();
  const Value& fn = Arg(args, 1);
  int arity = Evaluator::Arity(fn);
  if (arity < 2) ThrowError("D3050");
  size_t index = 0;
  Value result;
  const size_t n = seq.size();
  if (Arg(args, 2).IsUndefined() && n > 0) {
    result = seq.at(0);
    index = 1;
  } else {
    result = Arg(args, 2);
  }
  for (; index < n; ++index) {
    std::vector<Value> call{result, seq.at(index)};
    if (arity >= 3) call.push_back(Value::Number(static_cast<double>(index)));
    if (arity >= 4) call.push_back(seq);
    result = ev.Apply(fn, std::move(call), input, ev.root_frame());
  }
  return result;
}

}  // namespace

void RegisterArrayFunctions(FunctionTable* t) {
  t->Add("append", "<xx:a>", FnAppend, 2);
  t->Add("sort", "<af?:a>", FnSort, 2);
  t->Add("reverse", "<a:a>", FnReverse, 1);
  t->Add("shuffle", "<a:a>", FnShuffle, 1);
  t->Add("distinct", "<x:x>", FnDistinct, 1);
  t->Add("zip", "<a+>", FnZip, 1);
  t->Add("map", "<af>", FnMap, 2);
  t->Add("filter", "<af>", FnFilter, 2);
  t->Add("single", "<af?>", FnSingle, 2);
  t->Add("reduce", "<afj?:j>", FnReduce, 3);
}

}  // namespace tern::asl::jsonata
