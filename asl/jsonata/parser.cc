// Pratt parser for JSONata (the reference's parser.js). ProcessAst lives in ast_processor.cc.
#include <string_view>
#include <unordered_map>

#include "asl/jsonata/ast.h"
#include "asl/jsonata/ast_processor.h"
#include "asl/jsonata/errors.h"
#include "asl/jsonata/tokenizer.h"
#include "common/json.h"
#include "common/regex_repeats.h"

namespace tern::asl::jsonata {
namespace {

int BindingPower(std::string_view id) {
  static const auto* table = new std::unordered_map<std::string_view, int>{
      {".", 75},  {"[", 80},  {"{", 70},   {"(", 80},  {"@", 80},  {"#", 80},  {"?", 20},
      {"+", 50},  {"-", 50},  {"*", 60},   {"/", 60},  {"%", 60},  {"=", 40},  {"<", 40},
      {">", 40},  {"^", 40},  {":=", 10},  {"!=", 40}, {"<=", 40}, {">=", 40}, {"~>", 40},
      {"?:", 40}, {"??", 40}, {"and", 30}, {"or", 25}, {"in", 40}, {"&", 50}};
  auto it = table->find(id);
  return it == table->end() ? 0 : it->second;
}

bool IsKnownSymbol(std::string_view id) {
  static const auto* known = new std::unordered_map<std::string_view, bool>{
      {":", true},  {";", true},  {",", true},   {")", true},  {"]", true},  {"}", true},
      {"..", true}, {".", true},  {"+", true},   {"-", true},  {"*", true},  {"/", true},
      {"%", true},  {"=", true},  {"<", true},   {">", true},  {"!=", true}, {"<=", true},
      {">=", true}, {"&", true},  {"and", true}, {"or", true}, {"in", true}, {"~>", true},
      {"??", true}, {"**", true}, {"(", true},   {"[", true},  {"^", true},  {"{", true},
      {":=", true}, {"@", true},  {"#", true},   {"?", true},  {"?:", true}, {"|", true}};
  return known->count(id) > 0;
}

class Parser {
 public:
  Parser(const std::string& text, Ast* ast) : text_(text), lexer_(text), ast_(ast) {}

  Node* Parse() {
    Advance();
    Node* expr = Expression(0);
    if (node_->id != "(end)") ThrowError("S0201", node_->position, node_->value);
    return expr;
  }

 private:
  Node* Advance(const char* id = nullptr, bool infix = false) {
    if (id != nullptr && node_->id != id) {
      ThrowError(node_->id == "(end)" ? "S0203" : "S0202", node_->position, node_->value, id);
    }
    std::optional<Token> tok = lexer_.Next(infix);
    Node* n = ast_->New();
    if (!tok) {
      n->id = "(end)";
      n->type = NodeType::kEnd;
      n->value = "(end)";
      n->position = static_cast<int64_t>(text_.size());
      node_ = n;
      return n;
    }
    n->value = tok->value;
    n->position = tok->position;
    switch (tok->type) {
      case Token::Type::kName:
        n->id = "(name)";
        n->type = NodeType::kName;
        break;
      case Token::Type::kVariable:
        n->id = "(name)";
        n->type = NodeType::kVariable;
        break;
      case Token::Type::kOperator:
        if (!IsKnownSymbol(tok->value)) ThrowError("S0204", tok->position, tok->value);
        n->id = tok->value;
        n->type = NodeType::kOperator;
        break;
      case Token::Type::kString:
        n->id = "(literal)";
        n->type = NodeType::kString;
        break;
      case Token::Type::kNumber:
        n->id = "(literal)";
        n->type = NodeType::kNumber;
        n->number = tok->number;
        break;
      case Token::Type::kValue:
        n->id = "(literal)";
        n->type = NodeType::kValue;
        n->literal = tok->literal;
        break;
      case Token::Type::kRegex: {
        n->id = "(regex)";
        n->type = NodeType::kRegex;
        auto data = std::make_shared<RegexData>();
        data->pattern = tok->value;
        data->flags = tok->flags;
        auto options = std::regex::ECMAScript;
        if (tok->flags.find('i') != std::string::npos) options |= std::regex::icase;
        if (tok->flags.find('m') != std::string::npos) options |= std::regex::multiline;
        // A count std::regex would overflow on (common/regex_repeats.h) fails as it does.
        if (!CheckRegexRepeats(tok->value).empty()) ThrowError("S0302", tok->position, tok->value);
        try {
          data->re = std::regex(tok->value, options);
        } catch (const std::regex_error&) {
          ThrowError("S0302", tok->position, tok->value);
        }
        n->regex = std::move(data);
        break;
      }
    }
    node_ = n;
    return n;
  }

  Node* Expression(int rbp) {
    // Every nested construct ((, [, {, unary minus, ...) parses through here: deep nesting
    // fails with U1001 instead of overflowing the stack (200,000 minus signs did).
    NestingGuard guard;
    Node* t = node_;
    Advance(nullptr, true);
    Node* left = Nud(t);
    while (rbp < BindingPower(node_->type == NodeType::kOperator ? node_->id : "")) {
      t = node_;
      Advance();
      left = Led(t, left);
    }
    return left;
  }

  Node* Nud(Node* t) {
    if (t->type != NodeType::kOperator) return t;  // terminals: names, literals, regex, end
    const std::string& id = t->id;
    if (id == "and" || id == "or" || id == "in") return t;
    if (id == "-") {
      t->expression = Expression(70);
      t->type = NodeType::kUnary;
      return t;
    }
    if (id == "*") {
      t->type = NodeType::kWildcard;
      return t;
    }
    if (id == "**") {
      t->type = NodeType::kDescendant;
      return t;
    }
    if (id == "%") {
      t->type = NodeType::kParent;
      return t;
    }
    if (id == "(") {
      while (node_->id != ")") {
        t->expressions.push_back(Expression(0));
        if (node_->id != ";") break;
        Advance(";");
      }
      Advance(")", true);
      t->type = NodeType::kBlock;
      return t;
    }
    if (id == "[") {
      if (node_->id != "]") {
        for (;;) {
          Node* item = Expression(0);
          if (node_->id == "..") {
            Node* range = ast_->New();
            range->type = NodeType::kBinary;
            range->value = "..";
            range->id = "..";
            range->position = node_->position;
            range->lhs = item;
            Advance("..");
            range->rhs = Expression(0);
            item = range;
          }
          t->expressions.push_back(item);
          if (node_->id != ",") break;
          Advance(",");
        }
      }
      Advance("]", true);
      t->type = NodeType::kUnary;
      return t;
    }
    if (id == "{") return ParseObject(t, nullptr);
    if (id == "|") {
      t->type = NodeType::kTransform;
      t->pattern = Expression(0);
      Advance("|");
      t->update = Expression(0);
      if (node_->id == ",") {
        Advance(",");
        t->remove = Expression(0);
      }
      Advance("|");
      return t;
    }
    ThrowError("S0211", t->position, t->value);
  }

  Node* ParseObject(Node* t, Node* left) {
    if (node_->id != "}") {
      for (;;) {
        Node* n = Expression(0);
        Advance(":");
        Node* v = Expression(0);
        t->pairs.emplace_back(n, v);
        if (node_->id != ",") break;
        Advance(",");
      }
    }
    Advance("}", true);
    if (left == nullptr) {
      t->type = NodeType::kUnary;
    } else {
      t->lhs = left;
      t->type = NodeType::kBinary;
    }
    return t;
  }

  Node* Led(Node* t, Node* left) {
    const std::string& id = t->id;
    if (id == "(") return ParseCall(t, left);
    if (id == "[") {
      if (node_->id == "]") {
        Node* step = left;
        while (step != nullptr && step->type == NodeType::kBinary && step->value == "[") {
          step = step->lhs;
        }
        step->keep_array = true;
        Advance("]");
        return left;
      }
      t->lhs = left;
      t->rhs = Expression(BindingPower("]"));
      t->type = NodeType::kBinary;
      Advance("]", true);
      return t;
    }
    if (id == "^") {
      Advance("(");
      for (;;) {
        SortTerm term;
        if (node_->id == "<") {
          Advance("<");
        } else if (node_->id == ">") {
          term.descending = true;
          Advance(">");
        }
        term.expression = Expression(0);
        t->terms.push_back(term);
        if (node_->id != ",") break;
        Advance(",");
      }
      Advance(")");
      t->lhs = left;
      t->type = NodeType::kBinary;
      return t;
    }
    if (id == "{") return ParseObject(t, left);
    if (id == ":=") {
      if (left->type != NodeType::kVariable) ThrowError("S0212", left->position, left->value);
      t->lhs = left;
      t->rhs = Expression(BindingPower(":=") - 1);
      t->type = NodeType::kBinary;
      return t;
    }
    if (id == "@" || id == "#") {
      t->lhs = left;
      t->rhs = Expression(BindingPower(id));
      if (t->rhs->type != NodeType::kVariable) ThrowError("S0214", t->rhs->position, id);
      t->type = NodeType::kBinary;
      return t;
    }
    if (id == "?") {
      t->type = NodeType::kCondition;
      t->condition = left;
      t->then = Expression(0);
      if (node_->id == ":") {
        Advance(":");
        t->otherwise = Expression(0);
      }
      return t;
    }
    if (id == "?:") {
      t->type = NodeType::kCondition;
      t->condition = left;
      t->then = left;
      t->otherwise = Expression(0);
      return t;
    }
    if (id == "??") {
      t->type = NodeType::kCondition;
      Node* call = ast_->New();
      call->type = NodeType::kFunction;
      call->value = "(";
      call->id = "(";
      call->position = t->position;
      Node* exists = ast_->New();
      exists->type = NodeType::kVariable;
      exists->value = "exists";
      exists->position = t->position;
      call->procedure = exists;
      call->arguments.push_back(left);
      t->condition = call;
      t->then = left;
      t->otherwise = Expression(0);
      return t;
    }
    // Plain left-associative infix operator.
    t->lhs = left;
    t->rhs = Expression(BindingPower(id));
    t->type = NodeType::kBinary;
    return t;
  }

  Node* ParseCall(Node* t, Node* left) {
    t->procedure = left;
    t->type = NodeType::kFunction;
    if (node_->id != ")") {
      for (;;) {
        if (node_->type == NodeType::kOperator && node_->id == "?") {
          t->type = NodeType::kPartial;
          t->arguments.push_back(node_);
          Advance("?");
        } else {
          t->arguments.push_back(Expression(0));
        }
        if (node_->id != ",") break;
        Advance(",");
      }
    }
    Advance(")", true);
    if (left->type == NodeType::kName && (left->value == "function" || left->value == "\u03BB")) {
      for (size_t i = 0; i < t->arguments.size(); ++i) {
        Node* arg = t->arguments[i];
        if (arg->type != NodeType::kVariable) {
          ThrowError("S0208", arg->position, arg->value, std::to_string(i + 1));
        }
      }
      t->type = NodeType::kLambda;
      if (node_->id == "<") {
        int64_t sig_pos = node_->position;
        int depth = 1;
        std::string sig = "<";
        while (depth > 0 && node_->id != "{" && node_->id != "(end)") {
          Node* tok = Advance();
          if (tok->id == ">") {
            --depth;
          } else if (tok->id == "<") {
            ++depth;
          }
          sig += tok->value;
        }
        Advance(">");
        try {
          t->signature = std::make_shared<Signature>(sig);
        } catch (JsonataError& err) {
          err.error.position = sig_pos + err.error.position;
          throw;
        }
      }
      Advance("{");
      t->body = Expression(0);
      Advance("}");
    }
    return t;
  }

  const std::string& text_;
  Tokenizer lexer_;
  Ast* ast_;
  Node* node_ = nullptr;
};

}  // namespace

std::unique_ptr<Ast> ParseExpression(const std::string& text) {
  auto ast = std::make_unique<Ast>();
  Parser parser(text, ast.get());
  Node* expr = parser.Parse();
  ast->root = ProcessAst(ast.get(), expr);
  return ast;
}

}  // namespace tern::asl::jsonata
