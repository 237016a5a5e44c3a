// Function application: calls, partial application, `~>` chaining, lambdas with tail-call
// trampolining, regex matcher functions and the transform operator (jsonata.js `apply`,
// `applyInner`, `evaluateFunction`, `evaluatePartialApplication`, `evaluateApplyExpression`,
// `evaluateTransformExpression`).
#include "asl/jsonata/errors.h"
#include "asl/jsonata/evaluator.h"
#include "asl/jsonata/regex_runner.h"
#include "asl/jsonata/std_regex.h"
#include "asl/jsonata/utf8.h"

namespace tern::asl::jsonata {
namespace {

std::string ProcName(const Node* procedure) {
  if (procedure->type == NodeType::kPath && !procedure->steps.empty()) {
    return procedure->steps[0]->value;
  }
  return procedure->value;
}

const Signature& TransformSignature() {
  static const auto* sig = new Signature("<(oa):o>");
  return *sig;
}

Value MakeFunction(FunctionNode* fn) { return Value::FromNode(Kind::kFunction, fn); }

bool SameArgs(const std::vector<Value>& a, const std::vector<Value>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!DeepEqual(a[i], b[i])) return false;
  }
  return true;
}

}  // namespace

int Evaluator::Arity(const Value& v) {
  if (!v.IsFunction()) return 0;
  const FunctionNode* fn = v.function();
  switch (fn->type) {
    case FunctionNode::Type::kLambda:
      return static_cast<int>(fn->lambda->arguments.size());
    case FunctionNode::Type::kNative:
      return fn->builtin->arity;
    case FunctionNode::Type::kPartial: {
      int n = 0;
      for (bool p : fn->placeholder) n += p;
      return n;
    }
    case FunctionNode::Type::kRegex:
      return 2;
    default:
      return 1;
  }
}

std::vector<Value> Evaluator::HofArgs(const Value& fn, Value a1, Value a2, Value a3) {
  std::vector<Value> args;
  args.push_back(std::move(a1));
  int arity = Arity(fn);
  if (arity >= 2) args.push_back(std::move(a2));
  if (arity >= 3) args.push_back(std::move(a3));
  return args;
}

Value Evaluator::EvaluateFunction(const Node* expr, const Value& input, Frame* env,
                                  const Value* apply_to) {
  Value proc = Evaluate(expr->procedure, input, env);
  if (proc.IsUndefined() && expr->procedure->type == NodeType::kPath &&
      Lookup(env, expr->procedure->steps[0]->value).IsDefined()) {
    ThrowError("T1005", expr->position, expr->procedure->steps[0]->value);
  }
  std::vector<Value> args;
  args.reserve(expr->arguments.size() + (apply_to != nullptr));
  if (apply_to != nullptr) args.push_back(*apply_to);
  for (const Node* arg : expr->arguments) args.push_back(Evaluate(arg, input, env));
  try {
    return Apply(proc, std::move(args), input, env);
  } catch (JsonataError& err) {
    if (err.error.position < 0) err.error.position = expr->position;
    if (err.error.token.empty()) {
      err.error.token = ProcName(expr->procedure);
      err.error.message = MessageFor(err.error.code, err.error.token, err.value, err.value2);
    }
    throw;
  }
}

Value Evaluator::Apply(const Value& proc, std::vector<Value> args, const Value& input, Frame* env) {
  Value result = ApplyInner(proc, args, input, env);
  // A tail call that repeats itself with identical arguments can never finish (lambdas are
  // pure); the reference reports it as a stack overflow (U1001), so stop it the same way
  // instead of spinning until the time limit.
  constexpr int kIdenticalTailCallLimit = 10000;
  const FunctionNode* last_fn = nullptr;
  std::vector<Value> last_args;
  int identical = 0;
  while (result.IsFunction() && result.function()->type == FunctionNode::Type::kLambda &&
         result.function()->thunk) {
    // Trampoline: the lambda ended in a tail call; make it here instead of recursing.
    FunctionNode* thunk = result.function();
    const Node* call = thunk->lambda->body;
    Value thunk_input = thunk->input;
    Frame* thunk_env = thunk->env;
    Value next = Evaluate(call->procedure, thunk_input, thunk_env);
    std::vector<Value> next_args;
    next_args.reserve(call->arguments.size());
    for (const Node* arg : call->arguments)
      next_args.push_back(Evaluate(arg, thunk_input, thunk_env));
    if (next.IsFunction() && next.function() == last_fn && SameArgs(next_args, last_args)) {
      if (++identical > kIdenticalTailCallLimit) ThrowError("U1001", call->position);
    } else {
      identical = 0;
      last_fn = next.IsFunction() ? next.function() : nullptr;
      last_args = next_args;
    }
    try {
      result = ApplyInner(next, next_args, input, env);
    } catch (JsonataError& err) {
      if (err.error.position < 0) err.error.position = call->position;
      if (err.error.token.empty()) {
        err.error.token = ProcName(call->procedure);
        err.error.message = MessageFor(err.error.code, err.error.token, err.value, err.value2);
      }
      throw;
    }
  }
  return result;
}

Value Evaluator::ApplyInner(const Value& proc, std::vector<Value>& args, const Value& input,
                            Frame* env) {
  if (!proc.IsFunction()) ThrowError("T1006");
  FunctionNode* fn = proc.function();
  switch (fn->type) {
    case FunctionNode::Type::kLambda: {
      const Node* lambda = fn->lambda;
      Frame* frame = NewFrame(fn->env);
      if (lambda->signature) {
        std::vector<Value> validated = lambda->signature->Validate(args, input, "", -1);
        for (size_t i = 0; i < lambda->arguments.size(); ++i) {
          frame->Bind(lambda->arguments[i]->value, i < validated.size() ? validated[i] : Value());
        }
      } else {
        for (size_t i = 0; i < lambda->arguments.size(); ++i) {
          frame->Bind(lambda->arguments[i]->value, i < args.size() ? args[i] : Value());
        }
      }
      return Evaluate(lambda->body, fn->input, frame);
    }
    case FunctionNode::Type::kNative: {
      const Builtin* b = fn->builtin;
      current_env_ = env;
      if (b->signature) {
        std::vector<Value> validated = b->signature->Validate(args, input, b->name, -1);
        return b->fn(*this, validated, input);
      }
      return b->fn(*this, args, input);
    }
    case FunctionNode::Type::kPartial: {
      std::vector<Value> full;
      full.reserve(fn->bound.size());
      size_t next = 0;
      for (size_t i = 0; i < fn->bound.size(); ++i) {
        if (fn->placeholder[i]) {
          full.push_back(next < args.size() ? args[next] : Value());
          ++next;
        } else {
          full.push_back(fn->bound[i]);
        }
      }
      return Apply(fn->target, std::move(full), input, env);
    }
    case FunctionNode::Type::kChain: {
      Value first = Apply(fn->target, args, input, env);
      return Apply(fn->second, {first}, input, env);
    }
    case FunctionNode::Type::kRegex:
    case FunctionNode::Type::kRegexNext:
      return ApplyRegex(fn, args);
    case FunctionNode::Type::kTransform: {
      std::vector<Value> validated = TransformSignature().Validate(args, input, "", -1);
      return Transform(fn, validated[0]);
    }
  }
  ThrowError("T1006");
}

Value Evaluator::ApplyRegex(FunctionNode* fn, const std::vector<Value>& args) {
  std::string subject;
  size_t offset = 0;
  std::shared_ptr<RegexData> regex = fn->regex;
  if (fn->type == FunctionNode::Type::kRegexNext) {
    subject = fn->subject;
    offset = fn->next_offset;
    if (offset >= subject.size()) return Value();
  } else {
    if (args.empty() || !args[0].IsString()) return Value();
    subject = args[0].str();
  }
  std::smatch m;
  auto begin = subject.cbegin() + static_cast<std::ptrdiff_t>(offset);
  auto flags =
      offset > 0 ? std::regex_constants::match_prev_avail : std::regex_constants::match_default;
  if (!RegexSearch(begin, subject.cend(), m, regex->re, flags)) return Value();
  size_t start = static_cast<size_t>(m.position(0)) + offset;
  size_t end = start + static_cast<size_t>(m.length(0));
  if (fn->type == FunctionNode::Type::kRegexNext && m.length(0) == 0) {
    ThrowError("D1004", -1, "", regex->pattern);
  }
  ObjectNode* o;
  Value result = NewObject(&o);
  o->Append("match", Value::String(m.str(0)));
  o->Append("start", Value::Number(static_cast<double>(
                         CodePointLength(std::string_view(subject).substr(0, start)))));
  o->Append("end", Value::Number(static_cast<double>(
                       CodePointLength(std::string_view(subject).substr(0, end)))));
  ArrayNode* groups;
  Value groups_value = NewArray(&groups);
  for (size_t i = 1; i < m.size(); ++i) {
    groups->push_back(m[i].matched ? Value::String(m.str(i)) : Value::String(""));
  }
  o->Append("groups", groups_value);
  auto* next = new FunctionNode();
  next->type = FunctionNode::Type::kRegexNext;
  next->regex = regex;
  next->subject = subject;
  next->next_offset = end;
  o->Append("next", MakeFunction(next));
  return result;
}

Value Evaluator::EvaluatePartial(const Node* expr, const Value& input, Frame* env) {
  auto* fn = new FunctionNode();
  Value result = MakeFunction(fn);
  fn->type = FunctionNode::Type::kPartial;
  for (const Node* arg : expr->arguments) {
    if (arg->type == NodeType::kOperator && arg->value == "?") {
      fn->bound.emplace_back();
      fn->placeholder.push_back(true);
    } else {
      fn->bound.push_back(Evaluate(arg, input, env));
      fn->placeholder.push_back(false);
    }
  }
  Value proc = Evaluate(expr->procedure, input, env);
  if (proc.IsUndefined() && expr->procedure->type == NodeType::kPath &&
      Lookup(env, expr->procedure->steps[0]->value).IsDefined()) {
    ThrowError("T1007", expr->position, expr->procedure->steps[0]->value);
  }
  if (!proc.IsFunction()) ThrowError("T1008", expr->position, ProcName(expr->procedure));
  fn->target = proc;
  return result;
}

Value Evaluator::EvaluateApply(const Node* expr, const Value& input, Frame* env) {
  Value lhs = Evaluate(expr->lhs, input, env);
  if (expr->rhs->type == NodeType::kFunction) return EvaluateFunction(expr->rhs, input, env, &lhs);
  Value func = Evaluate(expr->rhs, input, env);
  if (!func.IsFunction()) {
    ThrowError("T2006", expr->position, "~>", StringifyValue(func, false));
  }
  if (lhs.IsFunction()) {
    auto* chain = new FunctionNode();
    chain->type = FunctionNode::Type::kChain;
    chain->target = lhs;
    chain->second = func;
    return MakeFunction(chain);
  }
  return Apply(func, {lhs}, Value(), env);
}

Value Evaluator::EvaluateTransform(const Node* expr, const Value& input, Frame* env) {
  auto* fn = new FunctionNode();
  fn->type = FunctionNode::Type::kTransform;
  fn->lambda = expr;
  fn->env = env;
  fn->input = input;
  return MakeFunction(fn);
}

Value Evaluator::Transform(FunctionNode* fn, const Value& obj) {
  if (obj.IsUndefined()) return Value();
  const Node* expr = fn->lambda;
  Frame* env = fn->env;
  Value clone = Lookup(env, "clone");
  if (!clone.IsFunction()) ThrowError("T2013", expr->position);
  Value result = Apply(clone, {obj}, Value(), env);
  Value matches = Evaluate(expr->pattern, result, env);
  if (matches.IsUndefined()) return result;
  if (!matches.IsArray()) matches = MakeSequence({matches});
  for (size_t i = 0, n = matches.size(); i < n; ++i) {
    Value match = matches.at(i);
    Value update = Evaluate(expr->update, match, env);
    if (update.IsDefined()) {
      if (!update.IsObject()) {
        ThrowError("T2011", expr->update->position, "", StringifyValue(update, false));
      }
      if (ObjectNode* target = match.object_node()) {
        update.ForEachField(
            [&](const std::string& key, const Value& value) { target->Set(key, value); });
      }
    }
    if (expr->remove != nullptr) {
      Value deletions = Evaluate(expr->remove, match, env);
      if (deletions.IsDefined()) {
        Value original = deletions;
        if (!deletions.IsArray()) deletions = MakeSequence({deletions});
        if (!IsArrayOfStrings(deletions)) {
          ThrowError("T2012", expr->remove->position, "", StringifyValue(original, false));
        }
        if (ObjectNode* target = match.object_node()) {
          for (size_t j = 0, m = deletions.size(); j < m; ++j)
            target->Remove(deletions.at(j).str());
        }
      }
    }
  }
  return result;
}

}  // namespace tern::asl::jsonata
