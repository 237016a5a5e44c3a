// Expression evaluation: dispatch, paths, steps, predicates, operators, grouping and sorting.
// Function application lives in evaluator_apply.cc. Each function mirrors the reference
// implementation's function of the same name (jsonata.js), which is the specification here.
#include "asl/jsonata/evaluator.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "asl/jsonata/errors.h"

namespace tern::asl::jsonata {
namespace {

// Stack budget for one evaluation. Deep recursion fails with U1001 well before an 8 MB stack
// (the default main-thread and std::thread size on Linux) could overflow.
constexpr size_t kStackBudgetBytes = 5u << 20;
constexpr int kDefaultMaxDepth = 10000;

class DepthGuard {
 public:
  explicit DepthGuard(int* depth) : depth_(depth) { ++*depth_; }
  ~DepthGuard() { --*depth_; }

 private:
  int* depth_;
};

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

// Gives a borrowed Json array its own node so flags can be set on it.
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

std::string Describe(const Value& v) { return StringifyValue(v, false); }

}  // namespace

void Frame::Bind(std::string_view name, Value v) {
  for (auto& [key, value] : vars) {
    if (key == name) {
      value = std::move(v);
      return;
    }
  }
  vars.emplace_back(std::string(name), std::move(v));
}

Evaluator::Evaluator(const FunctionTable& functions, const Bindings* bindings,
                     const Limits& limits)
    : functions_(functions),
      bindings_(bindings),
      max_depth_(limits.max_depth > 0 ? limits.max_depth : kDefaultMaxDepth) {
  if (limits.timeout_ms > 0) {
    has_deadline_ = true;
    deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(limits.timeout_ms);
  }
  now_millis_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
}

Frame* Evaluator::NewFrame(Frame* parent) {
  Frame* f = &frames_.emplace_back();
  f->parent = parent;
  return f;
}

Value Evaluator::Lookup(Frame* env, std::string_view name) {
  for (Frame* f = env; f != nullptr; f = f->parent) {
    for (const auto& [key, value] : f->vars) {
      if (key == name) return value;
    }
  }
  if (bindings_ != nullptr) {
    if (const Json* j = bindings_->Find(name)) return Value::FromJson(*j);
  }
  if (const Builtin* b = functions_.Find(name)) {
    auto* fn = new FunctionNode();
    fn->type = FunctionNode::Type::kNative;
    fn->builtin = b;
    Value v = Value::FromNode(Kind::kFunction, fn);
    root_->Bind(name, v);  // cache: later lookups find it in the root frame
    return v;
  }
  return Value();
}

void Evaluator::CheckLimits() {
  if (depth_ > max_depth_) ThrowError("U1001");
  char marker;
  if (stack_base_ != nullptr &&
      static_cast<size_t>(stack_base_ - &marker) > kStackBudgetBytes) {
    ThrowError("U1001");
  }
  if (has_deadline_ && (++ticks_ & 0xFF) == 0 &&
      std::chrono::steady_clock::now() > deadline_) {
    ThrowError("U1002");
  }
}

Value Evaluator::Run(const Node* root, const Value& input) {
  char marker;
  stack_base_ = &marker;
  root_ = NewFrame(nullptr);
  root_->Bind("$", input);
  Value in = input;
  if (input.IsArray() && !input.IsSequence()) {
    ArrayNode* a;
    in = NewSequence(&a);
    a->items.push_back(input);
    a->outer_wrapper = true;
  }
  return Evaluate(root, in, root_);
}

Value Evaluator::Evaluate(const Node* expr, const Value& input, Frame* env) {
  DepthGuard guard(&depth_);
  CheckLimits();
  Value result;
  switch (expr->type) {
    case NodeType::kPath:
      result = EvaluatePath(expr, input, env);
      break;
    case NodeType::kBinary:
      result = EvaluateBinary(expr, input, env);
      break;
    case NodeType::kUnary:
      result = EvaluateUnary(expr, input, env);
      break;
    case NodeType::kName:
      result = LookupField(input, expr->value);
      break;
    case NodeType::kString:
      result = Value::BorrowString(&expr->value);
      break;
    case NodeType::kNumber:
      result = Value::Number(expr->number);
      break;
    case NodeType::kValue:
      result = expr->literal == 0 ? Value::Null() : Value::Bool(expr->literal == 1);
      break;
    case NodeType::kWildcard:
      result = EvaluateWildcard(input);
      break;
    case NodeType::kDescendant:
      result = EvaluateDescendants(input);
      break;
    case NodeType::kParent:
      result = Lookup(env, expr->slot->label);
      break;
    case NodeType::kCondition: {
      Value condition = Evaluate(expr->condition, input, env);
      if (ToBoolean(condition)) {
        result = Evaluate(expr->then, input, env);
      } else if (expr->otherwise != nullptr) {
        result = Evaluate(expr->otherwise, input, env);
      }
      break;
    }
    case NodeType::kBlock: {
      Frame* frame = NewFrame(env);
      for (const Node* e : expr->expressions) result = Evaluate(e, input, frame);
      break;
    }
    case NodeType::kBind: {
      result = Evaluate(expr->rhs, input, env);
      env->Bind(expr->lhs->value, result);
      break;
    }
    case NodeType::kRegex: {
      auto* fn = new FunctionNode();
      fn->type = FunctionNode::Type::kRegex;
      fn->regex = expr->regex;
      result = Value::FromNode(Kind::kFunction, fn);
      break;
    }
    case NodeType::kFunction:
      result = EvaluateFunction(expr, input, env, nullptr);
      break;
    case NodeType::kVariable:
      if (expr->value.empty()) {
        result = input.IsOuterWrapper() ? input.at(0) : input;
      } else {
        result = Lookup(env, expr->value);
      }
      break;
    case NodeType::kLambda: {
      auto* fn = new FunctionNode();
      fn->type = FunctionNode::Type::kLambda;
      fn->lambda = expr;
      fn->env = env;
      fn->input = input;
      fn->thunk = expr->thunk;
      result = Value::FromNode(Kind::kFunction, fn);
      break;
    }
    case NodeType::kPartial:
      result = EvaluatePartial(expr, input, env);
      break;
    case NodeType::kApply:
      result = EvaluateApply(expr, input, env);
      break;
    case NodeType::kTransform:
      result = EvaluateTransform(expr, input, env);
      break;
    default:
      break;
  }
  for (const Stage& stage : expr->predicate) result = EvaluateFilter(stage.expr, result, env);
  if (expr->type != NodeType::kPath && expr->group) {
    result = EvaluateGroup(expr->group->pairs, expr->group->position, result, env);
  }
  if (ArrayNode* a = result.array_node(); a != nullptr && a->sequence && !a->tuple_stream) {
    if (expr->keep_array) a->keep_singleton = true;
    if (a->size() == 0) return Value();
    if (a->size() == 1 && !a->keep_singleton) return a->at(0);
  }
  return result;
}

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
  if (v.IsArray()) {
    for (size_t i = 0, n = v.size(); i < n; ++i) FlattenInto(v.at(i), out);
  } else {
    out->push_back(v);
  }
}

void Evaluator::RecurseDescendants(const Value& input, ArrayNode* out) {
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

namespace {

// A step the evaluator may apply to one value without the sequence machinery: no tuple
// binding, stages, sort, array constructor or keep-array flag.
bool IsSimpleStep(const Node* step) {
  return !step->tuple && step->stages.empty() && !step->keep_array && !step->consarray &&
         step->type != NodeType::kSort && !step->group;
}

}  // namespace

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
    result = EvaluateGroup(expr->group->pairs, expr->group->position,
                           is_tuple ? tuples : result, env);
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

Value Evaluator::EvaluateBinary(const Node* expr, const Value& input, Frame* env) {
  const std::string& op = expr->value;
  const BinaryOp kind = expr->op;
  Value lhs = Evaluate(expr->lhs, input, env);
  if (kind == BinaryOp::kAnd || kind == BinaryOp::kOr) {
    bool l = ToBoolean(lhs);
    if (kind == BinaryOp::kAnd) return Value::Bool(l && ToBoolean(Evaluate(expr->rhs, input, env)));
    return Value::Bool(l || ToBoolean(Evaluate(expr->rhs, input, env)));
  }
  Value rhs = Evaluate(expr->rhs, input, env);
  const int64_t pos = expr->position;
  if (kind >= BinaryOp::kAdd && kind <= BinaryOp::kMod) {
    if (lhs.IsDefined() && !IsNumeric(lhs)) ThrowError("T2001", pos, op, Describe(lhs));
    if (rhs.IsDefined() && !IsNumeric(rhs)) ThrowError("T2002", pos, op, Describe(rhs));
    if (lhs.IsUndefined() || rhs.IsUndefined()) return Value();
    double a = lhs.number();
    double b = rhs.number();
    switch (kind) {
      case BinaryOp::kAdd:
        return Value::Number(a + b);
      case BinaryOp::kSub:
        return Value::Number(a - b);
      case BinaryOp::kMul:
        return Value::Number(a * b);
      case BinaryOp::kDiv:
        return Value::Number(a / b);
      default:
        return Value::Number(std::fmod(a, b));
    }
  }
  if (kind == BinaryOp::kEq || kind == BinaryOp::kNe) {
    if (lhs.IsUndefined() || rhs.IsUndefined()) return Value::Bool(false);
    bool eq = DeepEqual(lhs, rhs);
    return Value::Bool(kind == BinaryOp::kEq ? eq : !eq);
  }
  if (kind >= BinaryOp::kLt && kind <= BinaryOp::kGe) {
    auto comparable = [](const Value& v) {
      return v.IsUndefined() || v.IsString() || v.IsNumber();
    };
    if (!comparable(lhs) || !comparable(rhs)) {
      ThrowError("T2010", pos, op, Describe(!(lhs.IsString() || lhs.IsNumber()) ? lhs : rhs));
    }
    if (lhs.IsUndefined() || rhs.IsUndefined()) return Value();
    if (lhs.kind() != rhs.kind()) ThrowError("T2009", pos, op, Describe(lhs));
    int cmp;
    if (lhs.IsNumber()) {
      if (lhs.number() < rhs.number()) {
        cmp = -1;
      } else if (lhs.number() > rhs.number()) {
        cmp = 1;
      } else {
        cmp = lhs.number() == rhs.number() ? 0 : 2;  // 2: NaN, every comparison false
      }
    } else {
      int r = lhs.str().compare(rhs.str());
      cmp = r < 0 ? -1 : r > 0 ? 1 : 0;
    }
    if (cmp == 2) return Value::Bool(false);
    if (kind == BinaryOp::kLt) return Value::Bool(cmp < 0);
    if (kind == BinaryOp::kLe) return Value::Bool(cmp <= 0);
    if (kind == BinaryOp::kGt) return Value::Bool(cmp > 0);
    return Value::Bool(cmp >= 0);
  }
  if (kind == BinaryOp::kConcat) {
    std::string s;
    if (lhs.IsDefined()) s = StringOf(lhs);
    if (rhs.IsDefined()) s += StringOf(rhs);
    return Value::String(std::move(s));
  }
  if (kind == BinaryOp::kRange) {
    auto is_int = [](const Value& v) {
      return v.IsNumber() && std::isfinite(v.number()) && std::floor(v.number()) == v.number();
    };
    if (lhs.IsDefined() && !is_int(lhs)) ThrowError("T2003", pos, op, Describe(lhs));
    if (rhs.IsDefined() && !is_int(rhs)) ThrowError("T2004", pos, op, Describe(rhs));
    if (lhs.IsUndefined() || rhs.IsUndefined()) return Value();
    double a = lhs.number();
    double b = rhs.number();
    if (a > b) return Value();
    double size = b - a + 1;
    if (size > 1e7) ThrowError("D2014", pos, op, FormatNumber(size));
    ArrayNode* out;
    Value seq = NewSequence(&out);
    out->is_range = true;
    out->range_start = a;
    out->range_size = static_cast<size_t>(size);
    return seq;
  }
  if (kind == BinaryOp::kIn) {
    if (lhs.IsUndefined() || rhs.IsUndefined()) return Value::Bool(false);
    auto same = [&](const Value& v) {
      if (v.kind() != lhs.kind()) return false;
      switch (v.kind()) {
        case Kind::kNull:
          return true;
        case Kind::kBool:
          return v.boolean() == lhs.boolean();
        case Kind::kNumber:
          return v.number() == lhs.number();
        case Kind::kString:
          return v.str() == lhs.str();
        default:
          return v.identity() == lhs.identity() && v.json() == lhs.json();
      }
    };
    if (!rhs.IsArray()) return Value::Bool(same(rhs));
    for (size_t i = 0, n = rhs.size(); i < n; ++i) {
      if (same(rhs.at(i))) return Value::Bool(true);
    }
    return Value::Bool(false);
  }
  ThrowError("S0201", pos, op);
}

Value Evaluator::EvaluateUnary(const Node* expr, const Value& input, Frame* env) {
  if (expr->value == "-") {
    Value v = Evaluate(expr->expression, input, env);
    if (v.IsUndefined()) return Value();
    if (IsNumeric(v)) return Value::Number(-v.number());
    ThrowError("D1002", expr->position, "-", Describe(v));
  }
  if (expr->value == "[") {
    ArrayNode* out;
    Value result = NewArray(&out);
    if (expr->expressions.size() == 1 && expr->expressions[0]->type == NodeType::kBinary &&
        expr->expressions[0]->value == "..") {
      // [a..b] keeps the lazy range instead of materialising up to 1e7 items.
      Value range = Evaluate(expr->expressions[0], input, env);
      if (const ArrayNode* r = range.array_node(); r != nullptr && r->is_range) {
        out->is_range = true;
        out->range_start = r->range_start;
        out->range_size = r->range_size;
        out->cons = expr->consarray;
        return result;
      }
      if (range.IsDefined()) out->push_back(range);
      out->cons = expr->consarray;
      return result;
    }
    for (const Node* item : expr->expressions) {
      Value value = Evaluate(item, input, env);
      if (value.IsUndefined()) continue;
      if (item->value == "[" && item->type == NodeType::kUnary) {
        out->push_back(std::move(value));
      } else if (value.IsArray()) {
        for (size_t i = 0, n = value.size(); i < n; ++i) out->push_back(value.at(i));
      } else {
        out->push_back(std::move(value));
      }
    }
    if (expr->consarray) out->cons = true;
    return result;
  }
  return EvaluateGroup(expr->pairs, expr->position, input, env);
}

Value Evaluator::EvaluateGroup(const std::vector<std::pair<Node*, Node*>>& pairs,
                               int64_t position, Value in, Frame* env) {
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
      if (aa.kind() != bb.kind()) ThrowError("T2007", expr->position, "", Describe(aa));
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
