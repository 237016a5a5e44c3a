#include "asl/jsonpath/choice_rule.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace tern::asl::jsonpath {
namespace {

class OneVariable : public VariableLookup {
 public:
  Json value = Json::parse(R"({"id": 7})");
  const Json* Find(std::string_view name) const override {
    return name == "order" ? &value : nullptr;
  }
};

Result<bool, Failure> Check(const char* rule, const Json& input) {
  auto compiled = ChoiceRule::Compile(Json::parse(rule));
  EXPECT_TRUE(compiled.has_value())
      << rule << ": " << (compiled.has_value() ? "" : compiled.error());
  if (!compiled.has_value()) return Unexpected(Failure{"compile", compiled.error()});
  static OneVariable vars;
  PathContext ctx{&input, &input, &vars};
  return compiled->Evaluate(ctx);
}

bool Is(const char* rule, const Json& input) {
  auto r = Check(rule, input);
  EXPECT_TRUE(r.has_value()) << rule << ": " << (r.has_value() ? "" : r.error().cause);
  return r.has_value() && *r;
}

TEST(ChoiceRule, StringOperators) {
  Json in = Json::parse(R"({"v": "AB", "w": "A", "n": 1})");
  EXPECT_TRUE(Is(R"({"Variable": "$.v", "StringEquals": "AB"})", in));
  EXPECT_FALSE(Is(R"({"Variable": "$.n", "StringEquals": "1"})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.v", "StringGreaterThan": "A"})", in));
  EXPECT_FALSE(Is(R"({"Variable": "$.w", "StringGreaterThan": "A "})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.w", "StringLessThanEquals": "AB"})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.w", "StringLessThanPath": "$.v"})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.v", "StringGreaterThanEqualsPath": "$.v"})", in));
  EXPECT_FALSE(Is(R"({"Variable": "$.v", "StringEqualsPath": "$.n"})", in));
  // Java orders strings by UTF-16 unit: U+1F600 (a surrogate pair) sorts before U+FF21.
  Json wide = Json::parse(R"({"emoji": "\ud83d\ude00", "fullwidth": "\uff21"})");
  EXPECT_TRUE(Is(R"({"Variable": "$.emoji", "StringLessThanPath": "$.fullwidth"})", wide));
  EXPECT_TRUE(Is(R"({"Variable": "$.fullwidth", "StringGreaterThan": "z"})", wide));
}

TEST(ChoiceRule, StringMatches) {
  Json in = Json::parse(R"({"v": "log-2024.txt", "star": "a*b", "bs": "a\\b"})");
  EXPECT_TRUE(Is(R"({"Variable": "$.v", "StringMatches": "log-*.txt"})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.v", "StringMatches": "*"})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.v", "StringMatches": "*2024*"})", in));
  EXPECT_FALSE(Is(R"({"Variable": "$.v", "StringMatches": "log-*.csv"})", in));
  EXPECT_FALSE(Is(R"({"Variable": "$.v", "StringMatches": "log"})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.star", "StringMatches": "a\\*b"})", in));
  EXPECT_FALSE(Is(R"({"Variable": "$.v", "StringMatches": "log\\*"})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.bs", "StringMatches": "a\\\\b"})", in));
}

TEST(ChoiceRule, NumericOperators) {
  Json in = Json::parse(R"({"i": 1, "f": 1.0, "g": 2.22, "s": "1", "big": 9007199254740993})");
  EXPECT_TRUE(Is(R"({"Variable": "$.i", "NumericEquals": 1.0})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.f", "NumericEqualsPath": "$.i"})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.g", "NumericEquals": 2.22})", in));
  EXPECT_FALSE(Is(R"({"Variable": "$.s", "NumericEquals": 1})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.g", "NumericGreaterThan": 2})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.i", "NumericLessThanEqualsPath": "$.f"})", in));
  EXPECT_FALSE(Is(R"({"Variable": "$.big", "NumericEquals": 9007199254740992})", in));
}

TEST(ChoiceRule, BooleanAndTypeTests) {
  Json in = Json::parse(R"({"t": true, "z": 0, "n": null, "s": "2016-03-14T01:59:00Z"})");
  EXPECT_TRUE(Is(R"({"Variable": "$.t", "BooleanEquals": true})", in));
  EXPECT_FALSE(Is(R"({"Variable": "$.z", "BooleanEquals": false})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.t", "BooleanEqualsPath": "$.t"})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.n", "IsNull": true})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.n", "IsPresent": true})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.missing", "IsPresent": false})", in));
  EXPECT_FALSE(Is(R"({"Variable": "$.missing", "IsPresent": true})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.z", "IsNumeric": true})", in));
  EXPECT_FALSE(Is(R"({"Variable": "$.s", "IsNumeric": true})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.s", "IsString": true})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.t", "IsBoolean": true})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.s", "IsTimestamp": true})", in));
  EXPECT_FALSE(Is(R"({"Variable": "$.z", "IsTimestamp": true})", in));
}

TEST(ChoiceRule, Timestamps) {
  Json in = Json::parse(R"({"a": "2016-03-14T01:59:00Z", "b": "2016-03-14T03:59:00.000+02:00",
                            "c": "2016-03-14T01:59:00.5Z", "bad": "2016-12-05 21:29:29Z"})");
  EXPECT_TRUE(Is(R"({"Variable": "$.a", "TimestampEquals": "2016-03-14T01:59:00Z"})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.a", "TimestampEqualsPath": "$.b"})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.c", "TimestampGreaterThanPath": "$.a"})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$.a", "TimestampLessThan": "2016-03-14T01:59:00.001Z"})", in));
  EXPECT_FALSE(Is(R"({"Variable": "$.bad", "TimestampLessThan": "2030-01-01T00:00:00Z"})", in));
  EXPECT_FALSE(Is(R"({"Variable": "$.a", "TimestampEqualsPath": "$.bad"})", in));
  for (const char* bad : {"05-12-2016T21:29:29Z", "2016-12-05 21:29:29Z", "2016-12-05T21:29:29",
                          "2016-12-05T25:29:29Z", "2016-13-05T21:29:29Z", "2016-02-30T00:00:00Z"}) {
    EXPECT_FALSE(Is(R"({"Variable": "$.v", "IsTimestamp": true})", Json{{"v", bad}})) << bad;
  }
}

TEST(ChoiceRule, Combinators) {
  Json in = Json::parse(R"({"x": 3, "s": "a"})");
  EXPECT_TRUE(Is(R"({"And": [{"Variable": "$.x", "IsPresent": true},
                              {"And": [{"Variable": "$.x", "IsNumeric": true},
                                       {"Variable": "$.x", "NumericEquals": 3}]}]})",
                 in));
  EXPECT_TRUE(Is(R"({"Or": [{"Variable": "$.x", "NumericEquals": 4},
                             {"Variable": "$.s", "StringEquals": "a"}]})",
                 in));
  EXPECT_TRUE(Is(R"({"Not": {"Variable": "$.x", "NumericEquals": 4}, "Next": "N"})", in));
  // And stops at the first false rule, so a later missing Variable does not fail.
  EXPECT_FALSE(Is(R"({"And": [{"Variable": "$.x", "NumericEquals": 4},
                               {"Variable": "$.nope", "NumericEquals": 4}]})",
                  in));
}

TEST(ChoiceRule, VariablesAndContext) {
  Json in = Json::parse(R"({"x": 7})");
  EXPECT_TRUE(Is(R"({"Variable": "$order.id", "NumericEqualsPath": "$.x"})", in));
  EXPECT_TRUE(Is(R"({"Variable": "$$.x", "NumericEquals": 7})", in));
}

TEST(ChoiceRule, MissingVariableIsStatesRuntime) {
  auto r = Check(R"({"Variable": "$.missing", "StringEquals": "value"})", Json::object());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().error, "States.Runtime");
  EXPECT_EQ(r.error().cause,
            "Invalid path '$.missing': The choice state's condition path references an invalid "
            "value.");
  auto p = Check(R"({"Variable": "$.x", "NumericEqualsPath": "$.right"})", Json{{"x", 1}});
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().cause,
            "Invalid path '$.right': The choice state's condition path references an invalid "
            "value.");
}

TEST(ChoiceRule, CompileErrors) {
  for (const char* rule :
       {R"([])", R"({"Variable": "$.x"})", R"({"StringEquals": "a"})",
        R"({"Variable": "$.x", "StringEquals": 1})", R"({"Variable": "$.x", "NumericEquals": "1"})",
        R"({"Variable": "$.x", "BooleanEquals": 1})", R"({"Variable": "$.x", "IsNull": "true"})",
        R"({"Variable": "$.x", "StringEquals": "a", "NumericEquals": 1})",
        R"({"Variable": "$.x[*]", "IsNull": true})", R"({"Variable": "$..x", "IsNull": true})",
        R"({"Variable": "$.x", "StringEqualsPath": "$.y[*]"})",
        R"({"Variable": "$.x", "TimestampEquals": "not a time"})",
        R"({"Variable": "$.x", "Foo": 1, "IsNull": true})", R"({"And": []})",
        R"({"Or": {"Variable": "$.x", "IsNull": true}})", R"({"Not": []})",
        R"({"And": [{"Variable": "$.x"}]})",
        R"({"And": [{"Variable": "$.x", "IsNull": true}], "Variable": "$.x"})"}) {
    EXPECT_FALSE(ChoiceRule::Compile(Json::parse(rule)).has_value()) << rule;
  }
}

}  // namespace
}  // namespace tern::asl::jsonpath
