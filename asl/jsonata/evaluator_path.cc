// Paths: steps over sequences, tuple streams (focus @, index #, parent %), predicates and
// wildcards (jsonata.js evaluatePath, evaluateStep, evaluateTupleStep, evaluateFilter...).
#include <cmath>

#include "asl/jsonata/errors.h"
#include "asl/jsonata/evaluator.h"
#include "asl/jsonata/evaluator_internal.h"

namespace tern::asl::jsonata {

using detail::CopyTuple;
using detail::EnsureArrayNode;
using detail::Tuple;

namespace {

// A step the evaluator may apply to one value without the sequence machinery: no tuple
// binding, stages, sort, array constructor or keep-array flag.
bool IsSimpleStep(const Node* step) {
  return !step->tuple && step->stages.empty() && !step->keep_array && !step->consarray &&
         step->type != NodeType::kSort && !step->group;
}

}  // namespace

Value Evaluator::LookupField(const Value& input, const std::string& key) {
  if (input.IsArray()) {
    ArrayNode* out;
    Value result = NewSequence(&out);
    for (size_t i = 0, n = input.size(); i < n; ++i) {
      Value res = LookupField(input.at(i), key);
      if (res.IsUndefined()) continue;
      if (res.IsArray()) {
        for (size_t j = 0, m = res.size(); j < m; ++j) out->push_back(res.at(j));
      } else {
        out->push_back(std::move(res));
      }
    }
    return result;
  }
  if (input.IsObject()) return input.Get(key);
  return Value();
}

Value Evaluator::EvaluateWildcard(const Value& in) {
  ArrayNode* out;
  Value results = NewSequence(&out);
  Value input = in;
  if (input.IsOuterWrapper() && input.size() > 0) input = input.at(0);
  auto add = [&](const Value& value) {
    if (value.IsArray()) {
      FlattenInto(value, out);
    } else {
      out->push_back(value);
    }
  };
  if (input.IsObject()) {
    input.ForEachField([&](const std::string&, const Value& value) { add(value); });
  } else if (input.IsArray()) {
    for (size_t i = 0, n = input.size(); i < n; ++i) add(input.at(i));
  }
  return results;
}

void Evaluator::FlattenInto(const Value& v, ArrayNode* out) {
  NestingGuard guard;
  if (v.IsArray()) {
    for (size_t i = 0, n = v.size(); i < n; ++i) FlattenInto(v.at(i), out);
  } else {
    out->push_back(v);
  }
}

void Evaluator::RecurseDescendants(const Value& input, ArrayNode* out) {
  NestingGuard guard;
  if (!input.IsArray()) out->push_back(input);
  if (input.IsArray()) {
    for (size_t i = 0, n = input.size(); i < n; ++i) RecurseDescendants(input.at(i), out);
  } else if (input.IsObject()) {
    input.ForEachField(
        [&](const std::string&, const Value& value) { RecurseDescendants(value, out); });
  }
}

Value Evaluator::EvaluateDescendants(const Value& input) {
  if (input.IsUndefined()) return Value();
  ArrayNode* out;
  Value seq = NewSequence(&out);
  RecurseDescendants(input, out);
  if (out->size() == 1) return out->at(0);
  return seq;
}

Value Evaluator::EvaluatePath(const Node* expr, const Value& input, Frame* env) {
  const size_t n = expr->steps.size();
  size_t first = 0;
  Value input_seq;
  if (!expr->keep_singleton_array && !expr->group && !expr->tuple &&
      (!input.IsArray() || expr->steps[0]->type == NodeType::kVariable)) {
    // Fast path: while the context is one value, apply steps to it directly. This is what the
    // general loop below computes for a one-item sequence, without allocating sequences.
    Value current = input;
    for (; first < n; ++first) {
      const Node* step = expr->steps[first];
      if (!IsSimpleStep(step)) break;
      Value res = step->type == NodeType::kName && step->predicate.empty()
                      ? (current.IsObject() ? current.Get(step->value) : Value())
                      : Evaluate(step, current, env);
      if (res.IsUndefined()) return Value();
      if (!res.IsArray()) {
        current = std::move(res);
        continue;
      }
      if (first == n - 1) return res;
      if (res.IsCons()) {
        input_seq = MakeSequence({res});
      } else {
        if (res.size() == 0) return Value();
        input_seq = std::move(res);
      }
      ++first;
      break;
    }
    if (first == n) return current;
    if (input_seq.IsUndefined()) input_seq = MakeSequence({current});
  } else if (input.IsArray() && expr->steps[0]->type != NodeType::kVariable) {
    input_seq = input;
  } else {
    input_seq = MakeSequence({input});
  }
  Value result;
  bool is_tuple = false;
  Value tuples;
  for (size_t i = first; i < n; ++i) {
    const Node* step = expr->steps[i];
    if (step->tuple) is_tuple = true;
    if (i == 0 && step->consarray) {
      result = Evaluate(step, input_seq, env);
    } else if (is_tuple) {
      tuples = EvaluateTupleStep(step, input_seq, tuples, env);
    } else {
      result = EvaluateStep(step, input_seq, env, i == n - 1);
    }
    if (!is_tuple && (result.IsUndefined() || (result.IsArray() && result.size() == 0))) break;
    if (!step->has_focus) input_seq = result;
  }
  if (is_tuple) {
    if (expr->tuple) {
      result = tuples;
    } else {
      ArrayNode* out;
      result = NewSequence(&out);
      if (tuples.IsArray()) {
        for (size_t i = 0, m = tuples.size(); i < m; ++i) out->push_back(tuples.at(i).Get("@"));
      }
    }
  }
  if (expr->keep_singleton_array) {
    if (result.IsArray() && result.IsCons() && !result.IsSequence()) {
      result = MakeSequence({result});
    }
    if (result.IsArray()) EnsureArrayNode(&result)->keep_singleton = true;
  }
  if (expr->group) {
    result =
        EvaluateGroup(expr->group->pairs, expr->group->position, is_tuple ? tuples : result, env);
  }
  return result;
}

Value Evaluator::EvaluateStep(const Node* step, const Value& input, Frame* env, bool last) {
  if (step->type == NodeType::kSort) {
    Value result = EvaluateSort(step, input, env);
    if (!step->stages.empty()) result = EvaluateStages(step->stages, result, env);
    return result;
  }
  std::vector<Value> results;
  const size_t n = input.IsArray() ? input.size() : 0;
  results.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Value res = Evaluate(step, input.at(i), env);
    for (const Stage& stage : step->stages) res = EvaluateFilter(stage.expr, res, env);
    if (res.IsDefined()) results.push_back(std::move(res));
  }
  if (last && results.size() == 1 && results[0].IsArray() && !results[0].IsSequence()) {
    return results[0];
  }
  ArrayNode* out;
  Value seq = NewSequence(&out);
  out->items.reserve(results.size());
  for (Value& res : results) {
    if (!res.IsArray() || res.IsCons()) {
      out->items.push_back(std::move(res));
    } else {
      for (size_t i = 0, m = res.size(); i < m; ++i) out->items.push_back(res.at(i));
    }
  }
  return seq;
}

Frame* Evaluator::FrameFromTuple(Frame* env, const Value& tuple) {
  Frame* frame = NewFrame(env);
  if (const ObjectNode* o = tuple.object_node()) {
    frame->vars.reserve(o->fields.size());
    for (const auto& [key, value] : o->fields) frame->vars.emplace_back(key, value);
  }
  return frame;
}

Value Evaluator::EvaluateTupleStep(const Node* step, const Value& input, const Value& tuples_in,
                                   Frame* env) {
  if (step->type == NodeType::kSort) {
    Value result;
    if (tuples_in.IsDefined()) {
      result = EvaluateSort(step, tuples_in, env);
    } else {
      Value sorted = EvaluateSort(step, input, env);
      ArrayNode* out;
      result = NewSequence(&out);
      out->tuple_stream = true;
      for (size_t i = 0, n = sorted.size(); i < n; ++i) {
        Value t = Tuple(sorted.at(i));
        if (step->has_index) {
          t.object_node()->Set(step->index, Value::Number(static_cast<double>(i)));
        }
        out->push_back(std::move(t));
      }
    }
    if (!step->stages.empty()) result = EvaluateStages(step->stages, result, env);
    return result;
  }
  ArrayNode* out;
  Value result = NewSequence(&out);
  out->tuple_stream = true;
  Value tuples = tuples_in;
  if (tuples.IsUndefined()) {
    ArrayNode* t;
    tuples = NewArray(&t);
    const size_t n = input.IsArray() ? input.size() : 0;
    for (size_t i = 0; i < n; ++i) t->items.push_back(Tuple(input.at(i)));
  }
  for (size_t ee = 0, n = tuples.size(); ee < n; ++ee) {
    Value tuple = tuples.at(ee);
    Frame* step_env = FrameFromTuple(env, tuple);
    Value context = tuple.Get("@");
    Value res = Evaluate(step, context, step_env);
    if (res.IsUndefined()) continue;
    if (!res.IsArray()) res = MakeSequence({res});
    const bool res_tuples = res.IsTupleStream();
    for (size_t bb = 0, m = res.size(); bb < m; ++bb) {
      Value next = CopyTuple(tuple);
      ObjectNode* o = next.object_node();
      Value item = res.at(bb);
      if (res_tuples) {
        for (const auto& [key, value] : item.object_node()->fields) o->Set(key, value);
      } else {
        if (step->has_focus) {
          o->Set(step->focus, item);
          o->Set("@", context);
        } else {
          o->Set("@", item);
        }
        if (step->has_index) o->Set(step->index, Value::Number(static_cast<double>(bb)));
        if (step->ancestor) o->Set(step->ancestor->label, context);
      }
      out->push_back(std::move(next));
    }
  }
  if (!step->stages.empty()) result = EvaluateStages(step->stages, result, env);
  return result;
}

Value Evaluator::EvaluateStages(const std::vector<Stage>& stages, Value input, Frame* env) {
  Value result = std::move(input);
  for (const Stage& stage : stages) {
    if (stage.type == Stage::Type::kFilter) {
      result = EvaluateFilter(stage.expr, result, env);
    } else if (result.IsArray()) {
      for (size_t ee = 0, n = result.size(); ee < n; ++ee) {
        Value tuple = result.at(ee);
        if (ObjectNode* o = tuple.object_node()) {
          o->Set(stage.value, Value::Number(static_cast<double>(ee)));
        }
      }
    }
  }
  return result;
}

Value Evaluator::EvaluateFilter(const Node* predicate, const Value& in, Frame* env) {
  ArrayNode* out;
  Value results = NewSequence(&out);
  const bool tuple_stream = in.IsTupleStream();
  if (tuple_stream) out->tuple_stream = true;
  Value input = in.IsArray() ? in : MakeSequence({in});
  const size_t n = input.size();
  if (predicate->type == NodeType::kNumber) {
    double index = std::floor(predicate->number);
    if (index < 0) index += static_cast<double>(n);
    if (index >= 0 && index < static_cast<double>(n)) {
      Value item = input.at(static_cast<size_t>(index));
      if (item.IsDefined()) {
        if (item.IsArray()) return item;
        out->push_back(std::move(item));
      }
    }
    return results;
  }
  for (size_t index = 0; index < n; ++index) {
    Value item = input.at(index);
    Value context = item;
    Frame* frame = env;
    if (tuple_stream) {
      context = item.Get("@");
      frame = FrameFromTuple(env, item);
    }
    Value res = Evaluate(predicate, context, frame);
    if (IsNumeric(res)) res = MakeSequence({res});
    if (IsArrayOfNumbers(res)) {
      for (size_t k = 0, m = res.size(); k < m; ++k) {
        double ii = std::floor(res.at(k).number());
        if (ii < 0) ii += static_cast<double>(n);
        if (ii == static_cast<double>(index)) out->push_back(item);
      }
    } else if (ToBoolean(res)) {
      out->push_back(std::move(item));
    }
  }
  return results;
}

}  // namespace tern::asl::jsonata
