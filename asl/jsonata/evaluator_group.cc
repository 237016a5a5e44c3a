// Grouping (object constructors and `{...}` group-by) and sorting (`^(...)`), as jsonata.js
// evaluateGroupExpression and evaluateSortExpression.
#include <algorithm>
#include <unordered_map>

#include "asl/jsonata/errors.h"
#include "asl/jsonata/evaluator.h"
#include "asl/jsonata/evaluator_internal.h"

namespace tern::asl::jsonata {

using detail::CopyTuple;
using detail::Describe;

Value Evaluator::EvaluateGroup(const std::vector<std::pair<Node*, Node*>>& pairs, int64_t position,
                               Value in, Frame* env) {
  const bool reduce = in.IsTupleStream();
  if (!in.IsArray()) {
    // One context value (the usual object constructor): every key maps to it, so no grouping
    // table is needed; only duplicate keys from different pairs must still fail (D1009).
    ObjectNode* out;
    Value result = NewObject(&out);
    std::vector<std::pair<std::string, size_t>> keys;
    for (size_t p = 0; p < pairs.size(); ++p) {
      Value key = Evaluate(pairs[p].first, in, env);
      if (key.IsUndefined()) continue;
      if (!key.IsString()) ThrowError("T1003", position, "", Describe(key));
      for (const auto& [seen, index] : keys) {
        if (seen == key.str() && index != p) ThrowError("D1009", position, "", key.str());
      }
      keys.emplace_back(key.str(), p);
    }
    for (auto& [key, p] : keys) {
      if (out->Find(key) != nullptr) continue;
      Value value = Evaluate(pairs[p].second, in, env);
      if (value.IsDefined()) out->Append(std::move(key), std::move(value));
    }
    return result;
  }
  Value input = in;
  std::vector<Value> items;
  for (size_t i = 0, n = input.size(); i < n; ++i) items.push_back(input.at(i));
  if (items.empty()) items.emplace_back();
  // A group's data is its first item, or (from the second item on) the items appended the
  // way $append does, collected in a vector to avoid copying the array at every append.
  struct Group {
    std::string key;
    Value first;
    std::vector<Value> items;
    size_t expr_index;
    void Append(const Value& item) {
      if (items.empty()) AddFlat(first);
      AddFlat(item);
    }
    void AddFlat(const Value& v) {
      if (v.IsArray()) {
        for (size_t i = 0, n = v.size(); i < n; ++i) items.push_back(v.at(i));
      } else {
        items.push_back(v);
      }
    }
    Value Data() const {
      if (items.empty()) return first;
      ArrayNode* a;
      Value out = NewArray(&a);
      a->items = items;
      return out;
    }
  };
  std::vector<Group> groups;
  std::unordered_map<std::string, size_t> by_key;
  for (const Value& item : items) {
    Frame* frame = reduce ? FrameFromTuple(env, item) : env;
    Value context = reduce ? item.Get("@") : item;
    for (size_t p = 0; p < pairs.size(); ++p) {
      Value key = Evaluate(pairs[p].first, context, frame);
      if (key.IsUndefined()) continue;
      if (!key.IsString()) ThrowError("T1003", position, "", Describe(key));
      auto [it, inserted] = by_key.emplace(key.str(), groups.size());
      if (inserted) {
        groups.push_back({key.str(), item, {}, p});
        continue;
      }
      Group& g = groups[it->second];
      if (g.expr_index != p) ThrowError("D1009", position, "", key.str());
      g.Append(item);
    }
  }
  ObjectNode* out;
  Value result = NewObject(&out);
  for (Group& g : groups) {
    Value context = g.Data();
    Frame* frame = env;
    if (reduce) {
      Value tuple = ReduceTupleStream(context);
      context = tuple.Get("@");
      tuple.object_node()->Remove("@");
      frame = FrameFromTuple(env, tuple);
    }
    Value value = Evaluate(pairs[g.expr_index].second, context, frame);
    if (value.IsDefined()) out->Append(g.key, std::move(value));
  }
  return result;
}

Value Evaluator::ReduceTupleStream(const Value& stream) {
  if (!stream.IsArray()) return CopyTuple(stream);
  Value result = CopyTuple(stream.at(0));
  ObjectNode* o = result.object_node();
  for (size_t i = 1, n = stream.size(); i < n; ++i) {
    for (const auto& [key, value] : stream.at(i).object_node()->fields) {
      const Value* existing = o->Find(key);
      o->Set(key, AppendValues(existing == nullptr ? Value() : *existing, value));
    }
  }
  return result;
}

Value Evaluator::EvaluateSort(const Node* expr, const Value& input, Frame* env) {
  const bool tuple_sort = input.IsTupleStream();
  const size_t n = input.IsArray() ? input.size() : (input.IsDefined() ? 1 : 0);
  std::vector<Value> items;
  items.reserve(n);
  if (input.IsArray()) {
    for (size_t i = 0; i < n; ++i) items.push_back(input.at(i));
  } else if (input.IsDefined()) {
    items.push_back(input);
  }
  const size_t terms = expr->terms.size();
  std::vector<Value> keys(items.size() * terms);
  for (size_t i = 0; i < items.size(); ++i) {
    Value context = items[i];
    Frame* frame = env;
    if (tuple_sort) {
      context = items[i].Get("@");
      frame = FrameFromTuple(env, items[i]);
    }
    for (size_t t = 0; t < terms; ++t) {
      keys[i * terms + t] = Evaluate(expr->terms[t].expression, context, frame);
    }
  }
  std::vector<size_t> order(items.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto compare = [&](size_t a, size_t b) {  // true when a sorts before b
    for (size_t t = 0; t < terms; ++t) {
      const Value& aa = keys[a * terms + t];
      const Value& bb = keys[b * terms + t];
      int comp = 0;
      if (aa.IsUndefined()) {
        if (bb.IsUndefined()) continue;
        return false;
      }
      if (bb.IsUndefined()) return true;
      bool a_ok = aa.IsString() || aa.IsNumber();
      bool b_ok = bb.IsString() || bb.IsNumber();
      if (!a_ok || !b_ok) ThrowError("T2008", expr->position, "", Describe(!a_ok ? aa : bb));
      if (aa.kind() != bb.kind()) {
        ThrowError("T2007", expr->position, "", Describe(aa), Describe(bb));
      }
      if (aa.IsNumber()) {
        comp = aa.number() < bb.number() ? -1 : aa.number() > bb.number() ? 1 : 0;
      } else {
        int r = aa.str().compare(bb.str());
        comp = r < 0 ? -1 : r > 0 ? 1 : 0;
      }
      if (comp == 0) continue;
      if (expr->terms[t].descending) comp = -comp;
      return comp < 0;
    }
    return false;
  };
  std::stable_sort(order.begin(), order.end(), compare);
  ArrayNode* out;
  Value result = NewSequence(&out);
  if (tuple_sort) out->tuple_stream = true;
  out->items.reserve(order.size());
  for (size_t i : order) out->items.push_back(items[i]);
  return result;
}

}  // namespace tern::asl::jsonata
