// Evaluates filter expressions against one element, with Jayway's semantics: a comparison whose
// operand is missing or of the wrong type is false (`!=` is its negation); numbers compare by
// value (1 == 1.0), strings by code unit.

#include <optional>
#include <string>

#include "asl/jsonpath/detail/filter_expression.h"
#include "asl/jsonpath/detail/path_walker.h"

namespace tern::asl::jsonpath::detail {
namespace {

std::optional<Json> OperandValue(const FilterOperand& operand, const Json& element,
                                 const Json& root) {
  if (operand.kind != FilterOperand::Kind::kPath) return operand.literal;
  const ParsedPath& path = *operand.path;
  const Json& start = path.relative ? element : root;
  auto matches = WalkSteps(path.steps, start, root, /*strict=*/false);
  if (!matches.has_value()) return std::nullopt;
  if (IsDefinite(path.steps)) {
    if (matches->empty()) return std::nullopt;
    return std::move(matches->front());
  }
  Json array = Json::array();
  for (Json& m : *matches) array.push_back(std::move(m));
  return array;
}

bool JsonEquals(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  return a == b;
}

bool ArrayHas(const Json& array, const Json& value) {
  for (const Json& e : array) {
    if (JsonEquals(e, value)) return true;
  }
  return false;
}

bool Compare(const FilterExpr& expr, const Json& element, const Json& root) {
  const std::string& op = expr.op;
  std::optional<Json> left = OperandValue(expr.left, element, root);
  if (op == "=~") {
    if (!left || !left->is_string() || expr.right.kind != FilterOperand::Kind::kRegex) {
      return false;
    }
    return expr.right.compiled->Matches(left->get_ref<const std::string&>());
  }
  std::optional<Json> right = OperandValue(expr.right, element, root);
  if (op == "!=") return !left || !right || !JsonEquals(*left, *right);
  if (!left || !right) return false;
  const Json& l = *left;
  const Json& r = *right;
  if (op == "==") return JsonEquals(l, r);
  if (op == "<" || op == "<=" || op == ">" || op == ">=") {
    int cmp = 0;
    if (l.is_number() && r.is_number()) {
      double a = l.get<double>(), b = r.get<double>();
      cmp = a < b ? -1 : (a > b ? 1 : 0);
    } else if (l.is_string() && r.is_string()) {
      cmp = l.get_ref<const std::string&>().compare(r.get_ref<const std::string&>());
    } else {
      return false;
    }
    if (op == "<") return cmp < 0;
    if (op == "<=") return cmp <= 0;
    if (op == ">") return cmp > 0;
    return cmp >= 0;
  }
  if (op == "in") return r.is_array() && ArrayHas(r, l);
  if (op == "nin") return r.is_array() && !ArrayHas(r, l);
  if (op == "subsetof" || op == "anyof" || op == "noneof") {
    if (!l.is_array() || !r.is_array()) return false;
    size_t found = 0;
    for (const Json& e : l) found += ArrayHas(r, e) ? 1 : 0;
    if (op == "subsetof") return found == l.size();
    if (op == "anyof") return found > 0;
    return found == 0;
  }
  if (op == "size") {
    if (!r.is_number()) return false;
    double expected = r.get<double>();
    if (l.is_array()) return static_cast<double>(l.size()) == expected;
    if (l.is_string())
      return static_cast<double>(l.get_ref<const std::string&>().size()) == expected;
    return false;
  }
  if (op == "empty") {
    if (!r.is_boolean()) return false;
    bool is_empty;
    if (l.is_array()) {
      is_empty = l.empty();
    } else if (l.is_string()) {
      is_empty = l.get_ref<const std::string&>().empty();
    } else {
      return false;
    }
    return is_empty == r.get<bool>();
  }
  if (op == "contains") {
    if (l.is_array()) return ArrayHas(l, r);
    if (l.is_string() && r.is_string()) {
      return l.get_ref<const std::string&>().find(r.get_ref<const std::string&>()) !=
             std::string::npos;
    }
    return false;
  }
  return false;
}

}  // namespace

bool EvaluateFilter(const FilterExpr& expr, const Json& element, const Json& root) {
  switch (expr.kind) {
    case FilterExpr::Kind::kOr:  // left to right, stopping at the first that holds
      for (const auto& child : expr.children) {
        if (EvaluateFilter(*child, element, root)) return true;
      }
      return false;
    case FilterExpr::Kind::kAnd:  // left to right, stopping at the first that does not
      for (const auto& child : expr.children) {
        if (!EvaluateFilter(*child, element, root)) return false;
      }
      return true;
    case FilterExpr::Kind::kNot:
      return !EvaluateFilter(*expr.children[0], element, root);
    case FilterExpr::Kind::kExists: {
      std::optional<Json> value = OperandValue(expr.left, element, root);
      if (!value) return false;
      if (!IsDefinite(expr.left.path->steps)) return !value->empty();
      return true;
    }
    case FilterExpr::Kind::kCompare:
      return Compare(expr, element, root);
  }
  return false;
}

}  // namespace tern::asl::jsonpath::detail
