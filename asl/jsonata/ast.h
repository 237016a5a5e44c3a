// The JSONata syntax tree, shaped like the reference implementation's (parser.js): the Pratt
// parser builds nodes, then ProcessAst rewrites them (paths flattened into steps, predicates
// into stages, focus/index/parent bindings into tuple steps) into what the evaluator runs.
//
// Nodes live in an arena owned by the compiled expression and point at each other with raw
// pointers; the tree is immutable once compiled, so evaluations may share it across threads.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "asl/jsonata/signature.h"
#include "asl/jsonata/std_regex.h"

namespace tern::asl::jsonata {

enum class NodeType {
  kPath,
  kBinary,
  kUnary,
  kName,
  kString,
  kNumber,
  kValue,  // true, false, null
  kWildcard,
  kDescendant,
  kParent,
  kCondition,
  kBlock,
  kBind,
  kRegex,
  kFunction,
  kVariable,
  kLambda,
  kPartial,
  kApply,
  kTransform,
  kSort,
  kOperator,  // parser only
  kEnd,       // parser only
};

// Binary operators, resolved once at compile time so evaluation does not compare strings.
enum class BinaryOp : uint8_t {
  kOther,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kConcat,
  kRange,
  kIn,
  kAnd,
  kOr,
};
BinaryOp BinaryOpFor(const std::string& op);

// A `%` parent reference, resolved at compile time to a label the tuple stream carries.
struct Slot {
  std::string label;
  int level = 1;
  int index = 0;
};

struct Node;

struct Stage {
  enum class Type { kFilter, kIndex } type = Type::kFilter;
  Node* expr = nullptr;
  std::string value;  // kIndex: the variable name
  int64_t position = 0;
};

struct SortTerm {
  bool descending = false;
  Node* expression = nullptr;
};

struct GroupBy {
  std::vector<std::pair<Node*, Node*>> pairs;
  int64_t position = 0;
};

struct RegexData {
  std::string pattern;
  std::string flags;
  std::regex re;
};

struct Node {
  NodeType type = NodeType::kEnd;
  std::string id;     // parser symbol: "(name)", "(literal)", "+", "[" ...
  std::string value;  // operator, name, variable name, string literal
  double number = 0;  // kNumber
  int literal = 0;    // kValue: 0 null, 1 true, 2 false
  int64_t position = 0;
  BinaryOp op = BinaryOp::kOther;  // kBinary

  Node* lhs = nullptr;
  Node* rhs = nullptr;
  Node* expression = nullptr;
  Node* condition = nullptr;
  Node* then = nullptr;
  Node* otherwise = nullptr;
  Node* procedure = nullptr;
  Node* body = nullptr;
  Node* pattern = nullptr;
  Node* update = nullptr;
  Node* remove = nullptr;
  std::vector<Node*> expressions;              // block, array constructor
  std::vector<Node*> steps;                    // path
  std::vector<Node*> arguments;                // function, partial, lambda
  std::vector<std::pair<Node*, Node*>> pairs;  // object constructor
  std::vector<SortTerm> terms;
  std::vector<Stage> predicate;
  std::vector<Stage> stages;
  std::unique_ptr<GroupBy> group;
  std::shared_ptr<RegexData> regex;
  std::shared_ptr<Signature> signature;

  std::string focus;  // @$var
  std::string index;  // #$var
  bool has_focus = false;
  bool has_index = false;
  bool tuple = false;
  bool keep_array = false;
  bool keep_singleton_array = false;
  bool consarray = false;
  bool thunk = false;
  bool has_predicate = false;
  bool has_stages = false;

  std::shared_ptr<Slot> slot;      // kParent
  std::shared_ptr<Slot> ancestor;  // step that binds a parent label
  std::vector<std::shared_ptr<Slot>> seeking_parent;
  bool has_seeking_parent = false;
};

// Owns every node of one compiled expression.
class Ast {
 public:
  Node* New() { return &nodes_.emplace_back(); }
  Node* root = nullptr;

 private:
  std::deque<Node> nodes_;
};

// Parses and post-processes `text`. Throws JsonataError (S0xxx) on a syntax error.
std::unique_ptr<Ast> ParseExpression(const std::string& text);

}  // namespace tern::asl::jsonata
