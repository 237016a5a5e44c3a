#include "asl/jsonpath/choice_rule.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "asl/core/error_names.h"
#include "asl/jsonpath/path.h"
#include "asl/jsonpath/string_pattern.h"
#include "asl/jsonpath/timestamp.h"

namespace tern::asl::jsonpath {
namespace {

enum class Family { kString, kNumeric, kBoolean, kTimestamp, kMatches, kType };
enum class Relation { kEquals, kLessThan, kGreaterThan, kLessThanEquals, kGreaterThanEquals };
enum class TypeTest { kIsNull, kIsPresent, kIsNumeric, kIsString, kIsBoolean, kIsTimestamp };

struct OperatorInfo {
  std::string_view name;
  Family family;
  Relation relation;
  bool path;                          // the *Path variant: the operand is a reference path
  TypeTest type = TypeTest::kIsNull;  // kType only
};

constexpr OperatorInfo kOperators[] = {
    {"StringEquals", Family::kString, Relation::kEquals, false},
    {"StringLessThan", Family::kString, Relation::kLessThan, false},
    {"StringGreaterThan", Family::kString, Relation::kGreaterThan, false},
    {"StringLessThanEquals", Family::kString, Relation::kLessThanEquals, false},
    {"StringGreaterThanEquals", Family::kString, Relation::kGreaterThanEquals, false},
    {"StringEqualsPath", Family::kString, Relation::kEquals, true},
    {"StringLessThanPath", Family::kString, Relation::kLessThan, true},
    {"StringGreaterThanPath", Family::kString, Relation::kGreaterThan, true},
    {"StringLessThanEqualsPath", Family::kString, Relation::kLessThanEquals, true},
    {"StringGreaterThanEqualsPath", Family::kString, Relation::kGreaterThanEquals, true},
    {"StringMatches", Family::kMatches, Relation::kEquals, false},
    {"NumericEquals", Family::kNumeric, Relation::kEquals, false},
    {"NumericLessThan", Family::kNumeric, Relation::kLessThan, false},
    {"NumericGreaterThan", Family::kNumeric, Relation::kGreaterThan, false},
    {"NumericLessThanEquals", Family::kNumeric, Relation::kLessThanEquals, false},
    {"NumericGreaterThanEquals", Family::kNumeric, Relation::kGreaterThanEquals, false},
    {"NumericEqualsPath", Family::kNumeric, Relation::kEquals, true},
    {"NumericLessThanPath", Family::kNumeric, Relation::kLessThan, true},
    {"NumericGreaterThanPath", Family::kNumeric, Relation::kGreaterThan, true},
    {"NumericLessThanEqualsPath", Family::kNumeric, Relation::kLessThanEquals, true},
    {"NumericGreaterThanEqualsPath", Family::kNumeric, Relation::kGreaterThanEquals, true},
    {"BooleanEquals", Family::kBoolean, Relation::kEquals, false},
    {"BooleanEqualsPath", Family::kBoolean, Relation::kEquals, true},
    {"TimestampEquals", Family::kTimestamp, Relation::kEquals, false},
    {"TimestampLessThan", Family::kTimestamp, Relation::kLessThan, false},
    {"TimestampGreaterThan", Family::kTimestamp, Relation::kGreaterThan, false},
    {"TimestampLessThanEquals", Family::kTimestamp, Relation::kLessThanEquals, false},
    {"TimestampGreaterThanEquals", Family::kTimestamp, Relation::kGreaterThanEquals, false},
    {"TimestampEqualsPath", Family::kTimestamp, Relation::kEquals, true},
    {"TimestampLessThanPath", Family::kTimestamp, Relation::kLessThan, true},
    {"TimestampGreaterThanPath", Family::kTimestamp, Relation::kGreaterThan, true},
    {"TimestampLessThanEqualsPath", Family::kTimestamp, Relation::kLessThanEquals, true},
    {"TimestampGreaterThanEqualsPath", Family::kTimestamp, Relation::kGreaterThanEquals, true},
    {"IsNull", Family::kType, Relation::kEquals, false, TypeTest::kIsNull},
    {"IsPresent", Family::kType, Relation::kEquals, false, TypeTest::kIsPresent},
    {"IsNumeric", Family::kType, Relation::kEquals, false, TypeTest::kIsNumeric},
    {"IsString", Family::kType, Relation::kEquals, false, TypeTest::kIsString},
    {"IsBoolean", Family::kType, Relation::kEquals, false, TypeTest::kIsBoolean},
    {"IsTimestamp", Family::kType, Relation::kEquals, false, TypeTest::kIsTimestamp},
};

// Fields a rule may carry besides its operator; the validator checks where each is allowed.
constexpr std::string_view kNonOperatorFields[] = {"Variable", "Next",   "Comment",
                                                   "Assign",   "Output", "Condition"};

const OperatorInfo* FindOperator(std::string_view name) {
  for (const OperatorInfo& op : kOperators) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

bool Holds(Relation relation, int cmp) {
  switch (relation) {
    case Relation::kEquals:
      return cmp == 0;
    case Relation::kLessThan:
      return cmp < 0;
    case Relation::kGreaterThan:
      return cmp > 0;
    case Relation::kLessThanEquals:
      return cmp <= 0;
    case Relation::kGreaterThanEquals:
      return cmp >= 0;
  }
  return false;
}

// Integers compare exactly; anything else as doubles (1 == 1.0).
int CompareNumbers(const Json& a, const Json& b) {
  constexpr uint64_t kMaxInt64 = static_cast<uint64_t>(INT64_MAX);
  auto fits = [&](const Json& n) {
    return n.is_number_integer() && (!n.is_number_unsigned() || n.get<uint64_t>() <= kMaxInt64);
  };
  if (fits(a) && fits(b)) {
    auto x = a.get<int64_t>(), y = b.get<int64_t>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  double x = a.get<double>(), y = b.get<double>();
  return x < y ? -1 : (x > y ? 1 : 0);
}

// Java's String.compareTo: UTF-16 code units, so a character outside the BMP (a surrogate pair,
// 0xD800..) sorts before U+E000..U+FFFF, unlike plain UTF-8 byte order.
int CompareJavaStrings(std::string_view a, std::string_view b) {
  auto next_unit_key = [](std::string_view s, size_t& i) -> uint32_t {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    if (i + len > s.size()) len = 1;
    uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    // In UTF-16, supplementary characters (surrogate pairs) sort after U+D7FF and before U+E000.
    uint32_t rank = cp < 0xD800 ? 0 : (cp >= 0x10000 ? 1 : 2);
    return (rank << 21) | cp;
  };
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    uint32_t x = next_unit_key(a, i), y = next_unit_key(b, j);
    if (x != y) return x < y ? -1 : 1;
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

Failure InvalidPath(const std::string& path) {
  return Failure{std::string(errors::kRuntime),
                 "Invalid path '" + path +
                     "': The choice state's condition path references an invalid value."};
}

}  // namespace

struct ChoiceRule::Impl {
  enum class Kind { kAnd, kOr, kNot, kComparison };
  Kind kind = Kind::kComparison;
  std::vector<ChoiceRule> children;  // kAnd, kOr, kNot
  // kComparison
  std::optional<Path> variable;
  const OperatorInfo* op = nullptr;
  Json operand;                          // the literal operand
  std::optional<Path> operand_path;      // *Path operators
  std::optional<Instant> timestamp;      // Timestamp* literal, parsed once
  std::optional<StringPattern> pattern;  // StringMatches
};

namespace {

bool TestType(TypeTest test, const Json& value) {
  switch (test) {
    case TypeTest::kIsNull:
      return value.is_null();
    case TypeTest::kIsPresent:
      return true;
    case TypeTest::kIsNumeric:
      return value.is_number();
    case TypeTest::kIsString:
      return value.is_string();
    case TypeTest::kIsBoolean:
      return value.is_boolean();
    case TypeTest::kIsTimestamp:
      return value.is_string() && ParseTimestamp(value.get_ref<const std::string&>()).has_value();
  }
  return false;
}

Result<Path, std::string> CompileReferencePath(const Json& value, std::string_view field) {
  if (!value.is_string()) {
    return Unexpected("The value of '" + std::string(field) + "' must be a reference path string");
  }
  auto path = Path::Compile(value.get_ref<const std::string&>());
  if (!path.has_value()) return Unexpected(std::move(path).error());
  if (!path->is_reference()) {
    return Unexpected("The value of '" + std::string(field) + "' must be a reference path: '" +
                      path->text() + "'");
  }
  return path;
}

}  // namespace

Result<ChoiceRule, std::string> ChoiceRule::Compile(const Json& rule) {
  if (!rule.is_object()) return Unexpected(std::string("A choice rule must be an object"));
  auto impl = std::make_shared<Impl>();
  auto compile_children = [&](const Json& list, std::string_view name) -> std::string {
    if (!list.is_array() || list.empty()) {
      return "'" + std::string(name) + "' must be a non-empty array of choice rules";
    }
    for (const Json& child : list) {
      auto compiled = Compile(child);
      if (!compiled.has_value()) return compiled.error();
      impl->children.push_back(std::move(compiled).value());
    }
    return "";
  };
  int combinators = rule.contains("And") + rule.contains("Or") + rule.contains("Not");
  if (combinators > 1) {
    return Unexpected(std::string("A choice rule may hold only one of And, Or and Not"));
  }
  if (combinators == 1) {
    if (rule.contains("Variable")) {
      return Unexpected(std::string("A choice rule with And, Or or Not must not have a Variable"));
    }
    std::string error;
    if (rule.contains("And")) {
      impl->kind = Impl::Kind::kAnd;
      error = compile_children(rule["And"], "And");
    } else if (rule.contains("Or")) {
      impl->kind = Impl::Kind::kOr;
      error = compile_children(rule["Or"], "Or");
    } else {
      impl->kind = Impl::Kind::kNot;
      if (!rule["Not"].is_object()) {
        error = "'Not' must be a choice rule object";
      } else {
        error = compile_children(Json::array({rule["Not"]}), "Not");
      }
    }
    if (!error.empty()) return Unexpected(std::move(error));
    ChoiceRule out;
    out.impl_ = std::move(impl);
    return out;
  }

  for (const auto& [key, value] : rule.items()) {
    const OperatorInfo* op = FindOperator(key);
    if (op) {
      if (impl->op) {
        return Unexpected("A choice rule must have exactly one comparison operator, found '" +
                          std::string(impl->op->name) + "' and '" + key + "'");
      }
      impl->op = op;
      continue;
    }
    bool known = false;
    for (std::string_view f : kNonOperatorFields) known = known || f == key;
    if (!known) return Unexpected("Unknown field '" + key + "' in a choice rule");
  }
  if (!impl->op) return Unexpected(std::string("A choice rule must have a comparison operator"));
  if (!rule.contains("Variable")) {
    return Unexpected(std::string("A choice rule with a comparison must have a Variable"));
  }
  auto variable = CompileReferencePath(rule["Variable"], "Variable");
  if (!variable.has_value()) return Unexpected(std::move(variable).error());
  impl->variable = std::move(variable).value();

  const OperatorInfo& op = *impl->op;
  const Json& operand = rule[std::string(op.name)];
  if (op.path) {
    auto path = CompileReferencePath(operand, op.name);
    if (!path.has_value()) return Unexpected(std::move(path).error());
    impl->operand_path = std::move(path).value();
  } else {
    bool ok = false;
    std::string expected;
    switch (op.family) {
      case Family::kString:
      case Family::kMatches:
      case Family::kTimestamp:
        ok = operand.is_string();
        expected = "a string";
        break;
      case Family::kNumeric:
        ok = operand.is_number();
        expected = "a number";
        break;
      case Family::kBoolean:
      case Family::kType:
        ok = operand.is_boolean();
        expected = "a boolean";
        break;
    }
    if (!ok) {
      return Unexpected("The value of '" + std::string(op.name) + "' must be " + expected);
    }
    impl->operand = operand;
    if (op.family == Family::kTimestamp) {
      impl->timestamp = ParseTimestamp(operand.get_ref<const std::string&>());
      if (!impl->timestamp) {
        return Unexpected("The value of '" + std::string(op.name) +
                          "' must be an RFC 3339 timestamp: '" +
                          operand.get_ref<const std::string&>() + "'");
      }
    }
    if (op.family == Family::kMatches) {
      impl->pattern.emplace(operand.get_ref<const std::string&>());
    }
  }
  ChoiceRule out;
  out.impl_ = std::move(impl);
  return out;
}

Result<bool, Failure> ChoiceRule::Evaluate(const PathContext& context) const {
  const Impl& impl = *impl_;
  switch (impl.kind) {
    case Impl::Kind::kAnd:
    case Impl::Kind::kOr: {
      bool is_and = impl.kind == Impl::Kind::kAnd;
      for (const ChoiceRule& child : impl.children) {
        auto result = child.Evaluate(context);
        if (!result.has_value()) return result;
        if (*result != is_and) return !is_and;
      }
      return is_and;
    }
    case Impl::Kind::kNot: {
      auto result = impl.children[0].Evaluate(context);
      if (!result.has_value()) return result;
      return !*result;
    }
    case Impl::Kind::kComparison:
      break;
  }
  const OperatorInfo& op = *impl.op;
  auto value = impl.variable->Evaluate(context);
  if (op.family == Family::kType && op.type == TypeTest::kIsPresent) {
    return value.has_value() == impl.operand.get<bool>();
  }
  if (!value.has_value()) return Unexpected(InvalidPath(impl.variable->text()));
  if (op.family == Family::kType) return TestType(op.type, *value) == impl.operand.get<bool>();

  Json operand_value;
  if (impl.operand_path) {
    auto resolved = impl.operand_path->Evaluate(context);
    if (!resolved.has_value()) return Unexpected(InvalidPath(impl.operand_path->text()));
    operand_value = std::move(resolved).value();
  }
  const Json& operand = impl.operand_path ? operand_value : impl.operand;
  const Json& v = *value;
  switch (op.family) {
    case Family::kString:
      if (!v.is_string() || !operand.is_string()) return false;
      return Holds(op.relation, CompareJavaStrings(v.get_ref<const std::string&>(),
                                                   operand.get_ref<const std::string&>()));
    case Family::kMatches:
      return v.is_string() && impl.pattern->Matches(v.get_ref<const std::string&>());
    case Family::kNumeric:
      if (!v.is_number() || !operand.is_number()) return false;
      return Holds(op.relation, CompareNumbers(v, operand));
    case Family::kBoolean:
      return v.is_boolean() && operand.is_boolean() && v.get<bool>() == operand.get<bool>();
    case Family::kTimestamp: {
      if (!v.is_string()) return false;
      auto left = ParseTimestamp(v.get_ref<const std::string&>());
      std::optional<Instant> right = impl.timestamp;
      if (impl.operand_path) {
        if (!operand.is_string()) return false;
        right = ParseTimestamp(operand.get_ref<const std::string&>());
      }
      if (!left || !right) return false;
      return Holds(op.relation, *left < *right ? -1 : (*right < *left ? 1 : 0));
    }
    case Family::kType:
      break;
  }
  return false;
}

}  // namespace tern::asl::jsonpath
