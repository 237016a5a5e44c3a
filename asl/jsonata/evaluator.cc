// Expression evaluation: dispatch, limits, variables, operators and constructors. Paths are in
// evaluator_path.cc, grouping and sorting in evaluator_group.cc, function application in
// evaluator_apply.cc. Each function mirrors the reference implementation's function of the
// same name (jsonata.js), which is the specification here.
#include "asl/jsonata/evaluator.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "asl/jsonata/errors.h"
#include "asl/jsonata/evaluator_internal.h"
#include "asl/jsonata/stack_bounds.h"

namespace tern::asl::jsonata {
namespace {

// Stack budget for one evaluation: at most this much, and never closer than the margin to the
// end of the calling thread's stack, so deep recursion fails with U1001 instead of overflowing
// whatever stack the caller runs on (8 MB main thread, smaller worker threads alike).
constexpr size_t kStackBudgetBytes = 5u << 20;
constexpr size_t kStackMarginBytes = 256u << 10;

size_t StackBudget(const char* here) {
  const StackBounds& stack = ThreadStackBounds();
  // Off the thread's stack (e.g. a fiber with its own stack): keep the fixed budget.
  if (!stack.Contains(here)) return kStackBudgetBytes;
  const size_t available = static_cast<size_t>(here - stack.low);
  if (available <= 2 * kStackMarginBytes) return available / 2;
  return std::min(kStackBudgetBytes, available - kStackMarginBytes);
}
constexpr int kDefaultMaxDepth = 10000;

class DepthGuard {
 public:
  explicit DepthGuard(int* depth) : depth_(depth) { ++*depth_; }
  ~DepthGuard() { --*depth_; }

 private:
  int* depth_;
};

using detail::Describe;

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

Evaluator::Evaluator(const FunctionTable& functions, const Bindings* bindings, const Limits& limits)
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
  if (stack_base_ != nullptr && static_cast<size_t>(stack_base_ - &marker) > stack_budget_) {
    ThrowError("U1001");
  }
  if (has_deadline_ && (++ticks_ & 0xFF) == 0 && std::chrono::steady_clock::now() > deadline_) {
    ThrowError("U1002");
  }
}

Value Evaluator::Run(const Node* root, const Value& input) {
  char marker;
  stack_base_ = &marker;
  stack_budget_ = StackBudget(&marker);
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
    if (lhs.kind() != rhs.kind()) ThrowError("T2009", pos, op, Describe(lhs), Describe(rhs));
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

}  // namespace tern::asl::jsonata
