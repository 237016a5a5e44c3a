// Choice states (ASL.md §8, §12 rule 13): Choices is a non-empty array; a top-level rule has
// Next, a nested one must not; each comparison has exactly one operator, a Variable that is a
// Reference Path, and a value of the operator's type. JSONata rules use Condition instead.
#include <string>
#include <vector>

#include "asl/validate/codes.h"
#include "asl/validate/passes.h"
#include "asl/validate/path_checks.h"
#include "asl/validate/timestamp.h"

namespace tern::asl::validate {
namespace {

// Deeper And/Or/Not nesting is refused rather than walked (the walk is recursive).
constexpr int kMaxRuleDepth = 100;

enum class Operand { kString, kNumber, kBoolean, kTimestamp, kPath };

struct Operator {
  std::string_view name;
  Operand operand;
};

constexpr Operator kOperators[] = {
    {"StringEquals", Operand::kString},
    {"StringLessThan", Operand::kString},
    {"StringGreaterThan", Operand::kString},
    {"StringLessThanEquals", Operand::kString},
    {"StringGreaterThanEquals", Operand::kString},
    {"StringMatches", Operand::kString},
    {"NumericEquals", Operand::kNumber},
    {"NumericLessThan", Operand::kNumber},
    {"NumericGreaterThan", Operand::kNumber},
    {"NumericLessThanEquals", Operand::kNumber},
    {"NumericGreaterThanEquals", Operand::kNumber},
    {"BooleanEquals", Operand::kBoolean},
    {"TimestampEquals", Operand::kTimestamp},
    {"TimestampLessThan", Operand::kTimestamp},
    {"TimestampGreaterThan", Operand::kTimestamp},
    {"TimestampLessThanEquals", Operand::kTimestamp},
    {"TimestampGreaterThanEquals", Operand::kTimestamp},
    {"StringEqualsPath", Operand::kPath},
    {"StringLessThanPath", Operand::kPath},
    {"StringGreaterThanPath", Operand::kPath},
    {"StringLessThanEqualsPath", Operand::kPath},
    {"StringGreaterThanEqualsPath", Operand::kPath},
    {"NumericEqualsPath", Operand::kPath},
    {"NumericLessThanPath", Operand::kPath},
    {"NumericGreaterThanPath", Operand::kPath},
    {"NumericLessThanEqualsPath", Operand::kPath},
    {"NumericGreaterThanEqualsPath", Operand::kPath},
    {"BooleanEqualsPath", Operand::kPath},
    {"TimestampEqualsPath", Operand::kPath},
    {"TimestampLessThanPath", Operand::kPath},
    {"TimestampGreaterThanPath", Operand::kPath},
    {"TimestampLessThanEqualsPath", Operand::kPath},
    {"TimestampGreaterThanEqualsPath", Operand::kPath},
    {"IsNull", Operand::kBoolean},
    {"IsPresent", Operand::kBoolean},
    {"IsNumeric", Operand::kBoolean},
    {"IsString", Operand::kBoolean},
    {"IsBoolean", Operand::kBoolean},
    {"IsTimestamp", Operand::kBoolean},
};

const Operator* FindOperator(std::string_view name) {
  for (const Operator& op : kOperators) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

bool IsCombinator(std::string_view name) { return name == "And" || name == "Or" || name == "Not"; }

class RuleChecker {
 public:
  RuleChecker(Context& ctx, const StateInfo& state) : ctx_(ctx), state_(state) {}

  void CheckPathRule(const Json& rule, const std::string& at, int depth) {
    if (!rule.is_object()) {
      Schema(at, "A choice rule must be an object, not " + std::string(TypeName(rule)));
      return;
    }
    if (depth > kMaxRuleDepth) {
      Schema(at,
             "Choice rules are nested deeper than " + std::to_string(kMaxRuleDepth) + " levels");
      return;
    }
    const bool top = depth == 0;
    std::vector<std::string> operators;
    for (auto it = rule.begin(); it != rule.end(); ++it) {
      const std::string& key = it.key();
      if (FindOperator(key) != nullptr || IsCombinator(key)) {
        operators.push_back(key);
      } else if (key == "Next" || key == "Assign") {
        if (!top) Schema(Child(at, key), "A nested choice rule must not have " + Shown(key));
      } else if (key == "Comment") {
        if (!it->is_string()) Schema(Child(at, key), "'Comment' must be a string");
      } else if (key == "Variable") {
        // checked below
      } else if (key == "Condition" || key == "Output") {
        Schema(Child(at, key),
               "Field " + Shown(key) + " is only allowed in a choice rule of a JSONata state");
      } else {
        Schema(Child(at, key), "Field " + Shown(key) + " is not allowed in a choice rule");
      }
    }
    if (top) CheckNext(rule, at);
    if (operators.empty()) {
      Schema(at,
             "A choice rule needs one comparison operator (e.g. 'StringEquals') or one of "
             "'And', 'Or', 'Not'");
      return;
    }
    if (operators.size() > 1) {
      std::string list;
      for (const std::string& op : operators) list += (list.empty() ? "" : ", ") + op;
      Schema(at, "A choice rule must have exactly one operator; found " + list);
      return;
    }
    const std::string& op = operators.front();
    const Json& operand = rule[op];
    const std::string operand_at = Child(at, op);
    auto variable = rule.find("Variable");
    if (IsCombinator(op)) {
      if (variable != rule.end()) {
        Schema(Child(at, "Variable"), "A rule using " + Shown(op) + " must not have 'Variable'");
      }
      if (op == "Not") {
        CheckPathRule(operand, operand_at, depth + 1);
      } else if (!operand.is_array() || operand.empty()) {
        Schema(operand_at, Shown(op) + " must be a non-empty array of choice rules");
      } else {
        for (size_t i = 0; i < operand.size(); ++i) {
          CheckPathRule(operand[i], Child(operand_at, i), depth + 1);
        }
      }
      return;
    }
    if (variable == rule.end()) {
      Schema(at, "A comparison with " + Shown(op) + " needs a 'Variable'");
    } else {
      CheckPathField(ctx_, state_.scope, *variable, Child(at, "Variable"), "Variable",
                     PathKind::kReferencePath);
    }
    CheckOperand(FindOperator(op)->operand, op, operand, operand_at);
  }

  void CheckJsonataRule(const Json& rule, const std::string& at) {
    if (!rule.is_object()) {
      Schema(at, "A choice rule must be an object, not " + std::string(TypeName(rule)));
      return;
    }
    for (auto it = rule.begin(); it != rule.end(); ++it) {
      const std::string& key = it.key();
      if (key == "Condition" || key == "Next" || key == "Output" || key == "Assign") continue;
      if (key == "Comment") {
        if (!it->is_string()) Schema(Child(at, key), "'Comment' must be a string");
      } else if (key == "Variable" || FindOperator(key) != nullptr || IsCombinator(key)) {
        Schema(Child(at, key), "Field " + Shown(key) +
                                   " is JSONPath syntax; a JSONata choice rule uses 'Condition'");
      } else {
        Schema(Child(at, key), "Field " + Shown(key) + " is not allowed in a choice rule");
      }
    }
    CheckNext(rule, at);
    auto condition = rule.find("Condition");
    if (condition == rule.end()) {
      Schema(at, "The field 'Condition' is required but was missing");
    } else if (!condition->is_boolean() &&
               !(condition->is_string() &&
                 LooksLikeJsonata(condition->get_ref<const std::string&>()))) {
      Schema(Child(at, "Condition"),
             "'Condition' must be a JSONata expression \"{% ... %}\" (or a boolean), not " +
                 Shown(*condition));
    }
  }

 private:
  void CheckNext(const Json& rule, const std::string& at) {
    auto next = rule.find("Next");
    if (next == rule.end()) {
      Schema(at, "A top-level choice rule needs 'Next' (the state to go to when it matches)");
    } else if (!next->is_string()) {
      Schema(Child(at, "Next"),
             "'Next' must be a state name (string), not " + std::string(TypeName(*next)));
    }
  }

  void CheckOperand(Operand operand, const std::string& op, const Json& value,
                    const std::string& at) {
    switch (operand) {
      case Operand::kString:
        if (!value.is_string()) Schema(at, Shown(op) + " needs a string, not " + Shown(value));
        break;
      case Operand::kNumber:
        if (!value.is_number()) Schema(at, Shown(op) + " needs a number, not " + Shown(value));
        break;
      case Operand::kBoolean:
        if (!value.is_boolean()) {
          Schema(at, Shown(op) + " needs true or false, not " + Shown(value));
        }
        break;
      case Operand::kTimestamp:
        if (!value.is_string() || !IsTimestamp(value.get_ref<const std::string&>())) {
          Schema(at, Shown(op) +
                         " needs an RFC 3339 timestamp such as \"2016-03-14T01:59:00Z\", not " +
                         Shown(value));
        }
        break;
      case Operand::kPath:
        CheckPathField(ctx_, state_.scope, value, at, op, PathKind::kReferencePath);
        break;
    }
  }

  void Schema(const std::string& at, std::string message) {
    ctx_.Report(codes::kSchemaValidationFailed, at, std::move(message));
  }

  Context& ctx_;
  const StateInfo& state_;
};

}  // namespace

void RunChoicePass(Context& ctx) {
  for (const StateInfo& state : ctx.states()) {
    if (state.type != "Choice") continue;
    const Json& value = *state.value;
    if (auto fallback = value.find("Default"); fallback != value.end() && !fallback->is_string()) {
      ctx.Report(
          codes::kSchemaValidationFailed, Child(state.pointer, "Default"),
          "'Default' must be a state name (string), not " + std::string(TypeName(*fallback)));
    }
    auto choices = value.find("Choices");
    if (choices == value.end()) continue;  // the fields pass reports the missing field
    const std::string at = Child(state.pointer, "Choices");
    if (!choices->is_array() || choices->empty()) {
      ctx.Report(codes::kSchemaValidationFailed, at,
                 "'Choices' must be a non-empty array of choice rules");
      continue;
    }
    RuleChecker checker(ctx, state);
    for (size_t i = 0; i < choices->size(); ++i) {
      if (state.language == QueryLanguage::kJsonata) {
        checker.CheckJsonataRule((*choices)[i], Child(at, i));
      } else {
        checker.CheckPathRule((*choices)[i], Child(at, i), 0);
      }
    }
  }
}

}  // namespace tern::asl::validate
