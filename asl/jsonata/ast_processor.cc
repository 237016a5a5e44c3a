#include "asl/jsonata/ast_processor.h"

#include <unordered_map>

#include "asl/jsonata/errors.h"
#include "asl/jsonata/value.h"

namespace tern::asl::jsonata {
namespace {

class AstProcessor {
 public:
  explicit AstProcessor(Ast* ast) : ast_(ast) {}

  // `a ?: b` and `a ?? b` reference `a` twice in the raw tree; processing mutates steps, so a
  // node is processed once and its result shared.
  Node* Process(Node* expr) {
    auto it = memo_.find(expr);
    if (it != memo_.end()) return it->second;
    // The parser bounds nesting, but a chain (a + b + ..., a.b. ...) is a tree as deep as it
    // is long: 150,000 terms overflowed the stack here. Bounded the same way (U1001).
    NestingGuard guard;
    Node* result = ProcessOnce(expr);
    memo_[expr] = result;
    return result;
  }

  Node* ProcessOnce(Node* expr) {
    Node* result = nullptr;
    switch (expr->type) {
      case NodeType::kBinary:
        result = ProcessBinary(expr);
        break;
      case NodeType::kUnary: {
        result = NewLike(expr);
        if (expr->value == "[") {
          for (Node* item : expr->expressions) {
            Node* v = Process(item);
            PushAncestry(result, v);
            result->expressions.push_back(v);
          }
        } else if (expr->value == "{") {
          for (auto& [k, v] : expr->pairs) {
            Node* key = Process(k);
            PushAncestry(result, key);
            Node* value = Process(v);
            PushAncestry(result, value);
            result->pairs.emplace_back(key, value);
          }
        } else {
          result->expression = Process(expr->expression);
          if (expr->value == "-" && result->expression->type == NodeType::kNumber) {
            Node* negated = NewLike(result->expression);
            negated->number = -result->expression->number;
            result = negated;
          } else {
            PushAncestry(result, result->expression);
          }
        }
        break;
      }
      case NodeType::kFunction:
      case NodeType::kPartial:
        result = NewLike(expr);
        for (Node* arg : expr->arguments) {
          Node* a = Process(arg);
          PushAncestry(result, a);
          result->arguments.push_back(a);
        }
        result->procedure = Process(expr->procedure);
        break;
      case NodeType::kLambda: {
        result = NewLike(expr);
        result->arguments = expr->arguments;
        result->signature = expr->signature;
        result->body = TailCallOptimize(Process(expr->body));
        break;
      }
      case NodeType::kCondition:
        result = NewLike(expr);
        result->condition = Process(expr->condition);
        PushAncestry(result, result->condition);
        result->then = Process(expr->then);
        PushAncestry(result, result->then);
        if (expr->otherwise != nullptr) {
          result->otherwise = Process(expr->otherwise);
          PushAncestry(result, result->otherwise);
        }
        break;
      case NodeType::kTransform:
        result = NewLike(expr);
        result->pattern = Process(expr->pattern);
        result->update = Process(expr->update);
        if (expr->remove != nullptr) result->remove = Process(expr->remove);
        break;
      case NodeType::kBlock:
        result = NewLike(expr);
        for (Node* item : expr->expressions) {
          Node* part = Process(item);
          PushAncestry(result, part);
          if (part->consarray || (part->type == NodeType::kPath && part->steps[0]->consarray)) {
            result->consarray = true;
          }
          result->expressions.push_back(part);
        }
        break;
      case NodeType::kName:
        result = ast_->New();
        result->type = NodeType::kPath;
        result->position = expr->position;
        result->steps.push_back(expr);
        if (expr->keep_array) result->keep_singleton_array = true;
        break;
      case NodeType::kParent: {
        result = ast_->New();
        result->type = NodeType::kParent;
        result->position = expr->position;
        result->slot = std::make_shared<Slot>();
        result->slot->label = "!" + std::to_string(ancestor_label_++);
        result->slot->level = 1;
        result->slot->index = ancestor_index_++;
        ancestry_.push_back(result);
        break;
      }
      case NodeType::kString:
      case NodeType::kNumber:
      case NodeType::kValue:
      case NodeType::kWildcard:
      case NodeType::kDescendant:
      case NodeType::kVariable:
      case NodeType::kRegex:
        result = expr;
        break;
      case NodeType::kOperator:
        if (expr->value == "and" || expr->value == "or" || expr->value == "in") {
          expr->type = NodeType::kName;
          result = ProcessOnce(expr);
        } else if (expr->value == "?") {
          result = expr;
        } else {
          ThrowError("S0201", expr->position, expr->value);
        }
        break;
      default:
        ThrowError(expr->type == NodeType::kEnd ? "S0207" : "S0206", expr->position, expr->value);
    }
    if (expr->keep_array) result->keep_array = true;
    return result;
  }

  void CheckTopLevel(Node* expr) {
    if (expr->type == NodeType::kParent || !expr->seeking_parent.empty()) {
      ThrowError("S0217", expr->position, "parent");
    }
  }

 private:
  Node* NewLike(Node* expr) {
    Node* n = ast_->New();
    n->type = expr->type;
    n->value = expr->value;
    n->id = expr->id;
    n->position = expr->position;
    return n;
  }

  static Node* LastStep(Node* path) { return path->steps.back(); }

  Node* ProcessBinary(Node* expr) {
    const std::string& op = expr->value;
    Node* result = nullptr;
    if (op == ".") {
      Node* lstep = Process(expr->lhs);
      if (lstep->type == NodeType::kPath) {
        result = lstep;
      } else {
        result = ast_->New();
        result->type = NodeType::kPath;
        result->position = lstep->position;
        result->steps.push_back(lstep);
      }
      if (lstep->type == NodeType::kParent) result->seeking_parent = {lstep->slot};
      Node* rest = Process(expr->rhs);
      if (rest->type == NodeType::kPath) {
        for (Node* s : rest->steps) result->steps.push_back(s);
      } else {
        if (!rest->predicate.empty()) {
          rest->stages = std::move(rest->predicate);
          rest->predicate.clear();
        }
        result->steps.push_back(rest);
      }
      for (Node* step : result->steps) {
        if (step->type == NodeType::kNumber || step->type == NodeType::kValue) {
          std::string v =
              step->type == NodeType::kNumber ? FormatNumber(step->number) : step->value;
          ThrowError("S0213", step->position, "", v);
        }
        if (step->type == NodeType::kString) step->type = NodeType::kName;
      }
      for (Node* step : result->steps) {
        if (step->keep_array) result->keep_singleton_array = true;
      }
      Node* first = result->steps.front();
      if (first->type == NodeType::kUnary && first->value == "[") first->consarray = true;
      Node* last = result->steps.back();
      if (last->type == NodeType::kUnary && last->value == "[") last->consarray = true;
      ResolveAncestry(result);
      return result;
    }
    if (op == "[") {
      result = Process(expr->lhs);
      Node* step = result;
      bool stages = false;
      if (result->type == NodeType::kPath) {
        step = LastStep(result);
        stages = true;
      }
      if (step->group) ThrowError("S0209", expr->position);
      Node* predicate = Process(expr->rhs);
      if (!predicate->seeking_parent.empty()) {
        for (auto& slot : predicate->seeking_parent) {
          if (slot->level == 1) {
            SeekParent(step, slot);
          } else {
            --slot->level;
          }
        }
        PushAncestry(step, predicate);
      }
      Stage stage;
      stage.type = Stage::Type::kFilter;
      stage.expr = predicate;
      stage.position = expr->position;
      (stages ? step->stages : step->predicate).push_back(stage);
      return result;
    }
    if (op == "{") {
      result = Process(expr->lhs);
      if (result->group) ThrowError("S0210", expr->position);
      result->group = std::make_unique<GroupBy>();
      result->group->position = expr->position;
      for (auto& [k, v] : expr->pairs) {
        result->group->pairs.emplace_back(Process(k), Process(v));
      }
      return result;
    }
    if (op == "^") {
      result = Process(expr->lhs);
      if (result->type != NodeType::kPath) {
        Node* path = ast_->New();
        path->type = NodeType::kPath;
        path->position = result->position;
        path->steps.push_back(result);
        result = path;
      }
      Node* sort = ast_->New();
      sort->type = NodeType::kSort;
      sort->position = expr->position;
      for (const SortTerm& term : expr->terms) {
        Node* e = Process(term.expression);
        PushAncestry(sort, e);
        sort->terms.push_back({term.descending, e});
      }
      result->steps.push_back(sort);
      ResolveAncestry(result);
      return result;
    }
    if (op == ":=") {
      result = NewLike(expr);
      result->type = NodeType::kBind;
      result->lhs = Process(expr->lhs);
      result->rhs = Process(expr->rhs);
      PushAncestry(result, result->rhs);
      return result;
    }
    if (op == "@") {
      result = Process(expr->lhs);
      Node* step = result;
      if (result->type == NodeType::kPath) step = LastStep(result);
      if (!step->stages.empty() || !step->predicate.empty()) ThrowError("S0215", expr->position);
      if (step->type == NodeType::kSort) ThrowError("S0216", expr->position);
      if (expr->keep_array) step->keep_array = true;
      step->focus = expr->rhs->value;
      step->has_focus = true;
      step->tuple = true;
      return result;
    }
    if (op == "#") {
      result = Process(expr->lhs);
      Node* step = result;
      if (result->type == NodeType::kPath) {
        step = LastStep(result);
      } else {
        Node* path = ast_->New();
        path->type = NodeType::kPath;
        path->position = result->position;
        path->steps.push_back(result);
        result = path;
        if (!step->predicate.empty()) {
          step->stages = std::move(step->predicate);
          step->predicate.clear();
        }
      }
      if (step->stages.empty()) {
        step->index = expr->rhs->value;
        step->has_index = true;
      } else {
        Stage stage;
        stage.type = Stage::Type::kIndex;
        stage.value = expr->rhs->value;
        stage.position = expr->position;
        step->stages.push_back(stage);
      }
      step->tuple = true;
      return result;
    }
    if (op == "~>") {
      result = NewLike(expr);
      result->type = NodeType::kApply;
      result->lhs = Process(expr->lhs);
      result->rhs = Process(expr->rhs);
      result->keep_array = result->lhs->keep_array || result->rhs->keep_array;
      return result;
    }
    result = NewLike(expr);
    result->op = BinaryOpFor(expr->value);
    result->lhs = Process(expr->lhs);
    result->rhs = Process(expr->rhs);
    result->terms = expr->terms;
    PushAncestry(result, result->lhs);
    PushAncestry(result, result->rhs);
    return result;
  }

  Node* TailCallOptimize(Node* expr) {
    if (expr->type == NodeType::kFunction && expr->predicate.empty()) {
      Node* thunk = ast_->New();
      thunk->type = NodeType::kLambda;
      thunk->thunk = true;
      thunk->position = expr->position;
      thunk->body = expr;
      return thunk;
    }
    if (expr->type == NodeType::kCondition) {
      expr->then = TailCallOptimize(expr->then);
      if (expr->otherwise != nullptr) expr->otherwise = TailCallOptimize(expr->otherwise);
      return expr;
    }
    if (expr->type == NodeType::kBlock && !expr->expressions.empty()) {
      expr->expressions.back() = TailCallOptimize(expr->expressions.back());
    }
    return expr;
  }

  std::shared_ptr<Slot> SeekParent(Node* node, std::shared_ptr<Slot> slot) {
    switch (node->type) {
      case NodeType::kName:
      case NodeType::kWildcard:
        --slot->level;
        if (slot->level == 0) {
          if (node->ancestor == nullptr) {
            node->ancestor = slot;
          } else {
            ancestry_[static_cast<size_t>(slot->index)]->slot->label = node->ancestor->label;
            node->ancestor = slot;
          }
          node->tuple = true;
        }
        break;
      case NodeType::kParent:
        ++slot->level;
        break;
      case NodeType::kBlock:
        if (!node->expressions.empty()) {
          node->tuple = true;
          slot = SeekParent(node->expressions.back(), slot);
        }
        break;
      case NodeType::kPath: {
        node->tuple = true;
        int index = static_cast<int>(node->steps.size()) - 1;
        slot = SeekParent(node->steps[static_cast<size_t>(index--)], slot);
        while (slot->level > 0 && index >= 0) {
          slot = SeekParent(node->steps[static_cast<size_t>(index--)], slot);
        }
        break;
      }
      default:
        ThrowError("S0217", node->position, "");
    }
    return slot;
  }

  static void PushAncestry(Node* result, Node* value) {
    if (!value->seeking_parent.empty() || value->type == NodeType::kParent) {
      std::vector<std::shared_ptr<Slot>> slots = value->seeking_parent;
      if (value->type == NodeType::kParent) slots.push_back(value->slot);
      for (auto& s : slots) result->seeking_parent.push_back(s);
    }
  }

  void ResolveAncestry(Node* path) {
    Node* last = path->steps.back();
    std::vector<std::shared_ptr<Slot>> slots = last->seeking_parent;
    if (last->type == NodeType::kParent) slots.push_back(last->slot);
    for (auto slot : slots) {
      int index = static_cast<int>(path->steps.size()) - 2;
      while (slot->level > 0) {
        if (index < 0) {
          path->seeking_parent.push_back(slot);
          break;
        }
        Node* step = path->steps[static_cast<size_t>(index--)];
        while (index >= 0 && step->has_focus &&
               path->steps[static_cast<size_t>(index)]->has_focus) {
          step = path->steps[static_cast<size_t>(index--)];
        }
        slot = SeekParent(step, slot);
      }
    }
  }

  Ast* ast_;
  std::unordered_map<Node*, Node*> memo_;
  int ancestor_label_ = 0;
  int ancestor_index_ = 0;
  std::vector<Node*> ancestry_;
};

}  // namespace

BinaryOp BinaryOpFor(const std::string& op) {
  static const std::pair<const char*, BinaryOp> kOps[] = {
      {"+", BinaryOp::kAdd},    {"-", BinaryOp::kSub}, {"*", BinaryOp::kMul},
      {"/", BinaryOp::kDiv},    {"%", BinaryOp::kMod}, {"=", BinaryOp::kEq},
      {"!=", BinaryOp::kNe},    {"<", BinaryOp::kLt},  {"<=", BinaryOp::kLe},
      {">", BinaryOp::kGt},     {">=", BinaryOp::kGe}, {"&", BinaryOp::kConcat},
      {"..", BinaryOp::kRange}, {"in", BinaryOp::kIn}, {"and", BinaryOp::kAnd},
      {"or", BinaryOp::kOr}};
  for (const auto& [text, value] : kOps) {
    if (op == text) return value;
  }
  return BinaryOp::kOther;
}

Node* ProcessAst(Ast* ast, Node* root) {
  AstProcessor processor(ast);
  Node* result = processor.Process(root);
  processor.CheckTopLevel(result);
  return result;
}

}  // namespace tern::asl::jsonata
