// The JSONata evaluator: walks a processed AST with the reference implementation's sequence
// semantics (jsonata.js `evaluate` and friends). One Evaluator runs one evaluation.
//
// Memory: environments (frames) are owned by the evaluator and freed when it is destroyed, so
// closures that capture their own frame ($f := function(){ $f() }) do not form reference
// cycles. Nothing evaluated may outlive the evaluator; Expression::Evaluate converts the result
// to Json before returning.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "asl/jsonata/ast.h"
#include "asl/jsonata/jsonata.h"
#include "asl/jsonata/value.h"

namespace tern::asl::jsonata {

class Evaluator;
struct Frame;

// A library function. `args` were validated against `signature` (when it has one).
using NativeFn = Value (*)(Evaluator& ev, std::vector<Value>& args, const Value& input);

struct Builtin {
  std::string name;
  std::string signature_text;
  NativeFn fn = nullptr;
  int arity = 1;  // the reference's implementation.length: how many args HOFs pass
  std::shared_ptr<Signature> signature;
};

// Function values. A regex literal evaluates to a function too (as in the reference).
struct FunctionNode : HeapNode {
  enum class Type { kLambda, kNative, kPartial, kChain, kRegex, kRegexNext, kTransform };
  Type type = Type::kLambda;
  // kLambda (and kTransform: `lambda` is the transform node)
  const Node* lambda = nullptr;
  Frame* env = nullptr;
  Value input;
  bool thunk = false;
  // kNative
  const Builtin* builtin = nullptr;
  // kPartial: `target` with `bound` args; undefined-with-placeholder slots are filled in order.
  // kChain: `target` then `second`.
  Value target;
  Value second;
  std::vector<Value> bound;
  std::vector<bool> placeholder;
  // kRegex / kRegexNext
  std::shared_ptr<RegexData> regex;
  std::string subject;     // kRegexNext: the string being searched
  size_t next_offset = 0;  // kRegexNext: byte offset to resume from
};

struct Frame {
  Frame* parent = nullptr;
  std::vector<std::pair<std::string, Value>> vars;
  void Bind(std::string_view name, Value v);
};

// Function registry: the standard library, optionally extended (Step Functions' extras).
class FunctionTable {
 public:
  void Add(std::string name, std::string signature, NativeFn fn, int arity);
  const Builtin* Find(std::string_view name) const;

 private:
  std::vector<std::unique_ptr<Builtin>> builtins_;
};

const FunctionTable& StandardFunctions();
const FunctionTable& StepFunctionsTable();  // standard + Step Functions' functions

class Evaluator {
 public:
  Evaluator(const FunctionTable& functions, const Bindings* bindings, const Limits& limits);

  // Runs the whole expression on `input` (undefined when input is undefined).
  Value Run(const Node* root, const Value& input);

  Value Evaluate(const Node* expr, const Value& input, Frame* env);
  // Calls a function value (lambda, native, partial, regex) with the reference's trampoline
  // for tail calls. Throws T1006 if `proc` is not a function.
  Value Apply(const Value& proc, std::vector<Value> args, const Value& input, Frame* env);
  // The reference's getFunctionArity.
  static int Arity(const Value& fn);
  // Arguments for a higher-order callback: (value, index, array) cut to the callback's arity.
  std::vector<Value> HofArgs(const Value& fn, Value a1, Value a2, Value a3);

  Frame* NewFrame(Frame* parent);
  Frame* root_frame() { return root_; }
  const FunctionTable& functions() const { return functions_; }
  // Seeded on first use: seeding costs more than a whole simple evaluation.
  std::mt19937_64& rng() {
    if (!rng_) rng_.emplace(std::random_device{}());
    return *rng_;
  }
  int64_t now_millis() const { return now_millis_; }
  // Keeps an object (a $eval AST, a $parse document) alive until the evaluation ends.
  void KeepAlive(std::shared_ptr<const void> p) { keep_alive_.push_back(std::move(p)); }
  Value Lookup(Frame* env, std::string_view name);
  // The environment of the native function call in progress ($eval evaluates in it).
  Frame* current_env() const { return current_env_; }

  // A path step's field lookup (also $lookup): mapped over arrays, flattened.
  static Value LookupField(const Value& input, const std::string& key);

 private:
  friend class EvaluatorHelpers;
  Value EvaluatePath(const Node* expr, const Value& input, Frame* env);
  Value EvaluateStep(const Node* step, const Value& input, Frame* env, bool last);
  Value EvaluateTupleStep(const Node* step, const Value& input, const Value& tuples, Frame* env);
  Value EvaluateStages(const std::vector<Stage>& stages, Value input, Frame* env);
  Value EvaluateFilter(const Node* predicate, const Value& input, Frame* env);
  Value EvaluateBinary(const Node* expr, const Value& input, Frame* env);
  Value EvaluateUnary(const Node* expr, const Value& input, Frame* env);
  Value EvaluateGroup(const std::vector<std::pair<Node*, Node*>>& pairs, int64_t position,
                      Value input, Frame* env);
  Value EvaluateSort(const Node* expr, const Value& input, Frame* env);
  Value EvaluateFunction(const Node* expr, const Value& input, Frame* env, const Value* apply_to);
  Value EvaluatePartial(const Node* expr, const Value& input, Frame* env);
  Value EvaluateApply(const Node* expr, const Value& input, Frame* env);
  Value EvaluateTransform(const Node* expr, const Value& input, Frame* env);
  Value EvaluateWildcard(const Value& input);
  Value EvaluateDescendants(const Value& input);
  static void FlattenInto(const Value& v, ArrayNode* out);
  static void RecurseDescendants(const Value& input, ArrayNode* out);
  Value ReduceTupleStream(const Value& stream);
  Value ApplyInner(const Value& proc, std::vector<Value>& args, const Value& input, Frame* env);
  Value ApplyRegex(FunctionNode* fn, const std::vector<Value>& args);
  Value Transform(FunctionNode* fn, const Value& obj);
  Frame* FrameFromTuple(Frame* env, const Value& tuple);
  void CheckLimits();

  const FunctionTable& functions_;
  const Bindings* bindings_;
  int max_depth_;
  int depth_ = 0;
  bool has_deadline_ = false;
  std::chrono::steady_clock::time_point deadline_;
  uint32_t ticks_ = 0;
  const char* stack_base_ = nullptr;
  size_t stack_budget_ = 0;
  std::deque<Frame> frames_;
  Frame* root_ = nullptr;
  Frame* current_env_ = nullptr;
  std::vector<std::shared_ptr<const void>> keep_alive_;
  std::optional<std::mt19937_64> rng_;
  int64_t now_millis_ = 0;
};

// Shared semantics used by the evaluator and the library.
bool ToBoolean(const Value& v, bool* defined = nullptr);  // the reference's fn.boolean
bool DeepEqual(const Value& a, const Value& b);
Value AppendValues(const Value& a, const Value& b);  // fn.append
Value MakeSequence(std::vector<Value> items);
// Rejects Infinity/NaN as the reference's isNumeric does (D1001).
bool IsNumeric(const Value& v);
bool IsArrayOfStrings(const Value& v);
bool IsArrayOfNumbers(const Value& v);
// A deep copy into fresh nodes (the transform operator's $clone).
Value DeepClone(const Value& v);
// The reference's fn.string for a defined value: strings as-is, everything else as JSON.
std::string StringOf(const Value& v);
// The JSON text of a value, as $string renders it (numbers to 15 significant digits).
std::string StringifyValue(const Value& v, bool pretty);

}  // namespace tern::asl::jsonata
