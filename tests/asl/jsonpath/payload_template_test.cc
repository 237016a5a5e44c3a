#include "asl/jsonpath/payload_template.h"

#include <string>

#include <gtest/gtest.h>

#include "asl/jsonpath/path_errors.h"

namespace tern::asl::jsonpath {
namespace {

PayloadTemplate MustCompile(const char* text) {
  auto t = PayloadTemplate::Compile(Json::parse(text));
  EXPECT_TRUE(t.has_value()) << text << ": " << (t.has_value() ? "" : t.error());
  return std::move(t).value();
}

TEST(PayloadTemplate, LiteralsAreCopiedEvenWhenTheyLookLikePaths) {
  // The BASE_CONSTANT_LITERALS case: nothing without ".$" is evaluated.
  const char* text = R"j({"constant_null": null, "constant_int": 0, "constant_float": 0.1,
    "constant_str_path": "$.no.such.path", "constant_str_contextpath": "$$.Execution.Id",
    "constant_str_var": "$noSuchVar", "constant_str_intrinsic_func": "States.Format('{}', $v)",
    "constant_str_jsonata_expr": "{% $varname.varfield %}",
    "constant_lst": [null, 0, "$.no.such.path", [], {"constant": 0}], "constant_obj": {}})j";
  Json input = Json::object();
  PathContext ctx{&input, nullptr, nullptr};
  auto out = MustCompile(text).Evaluate(ctx);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(*out, Json::parse(text));
}

TEST(PayloadTemplate, EvaluatesPathsAndIntrinsicsRecursively) {
  Json input = Json::parse(R"j({"input_value": "input_value_literal", "n": [1, 2]})j");
  Json context = Json::parse(R"j({"Execution": {"Id": "arn:exec"}})j");
  PathContext ctx{&input, &context, nullptr};
  auto out = MustCompile(R"j({
      "str_path_root.$": "$", "str_path.$": "$.input_value",
      "str_contextpath.$": "$$.Execution.Id",
      "str_intrinsic_func.$": "States.Format('Format Func {}', $.input_value)",
      "nested": {"list": [{"x.$": "$.n[1]"}, "lit"], "all.$": "$.n[*]"},
      "keep": "$.input_value"})j")
                 .Evaluate(ctx);
  ASSERT_TRUE(out.has_value()) << out.error().cause;
  EXPECT_EQ(out->dump(),
            R"j({"str_path_root":{"input_value":"input_value_literal","n":[1,2]},)j"
            R"j("str_path":"input_value_literal","str_contextpath":"arn:exec",)j"
            R"j("str_intrinsic_func":"Format Func input_value_literal",)j"
            R"j("nested":{"list":[{"x":2},"lit"],"all":[1,2]},"keep":"$.input_value"})j");
}

TEST(PayloadTemplate, MissingPathIsStatesRuntimeWithAwsCause) {
  Json input = Json::parse(R"j({"int-literal": 0})j");
  PathContext ctx{&input, &input, nullptr};
  auto out = MustCompile(R"j({"value.$": "$.no_such_jsonpath"})j").Evaluate(ctx);
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().error, "States.Runtime");
  EXPECT_EQ(out.error().cause,
            "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be "
            "found in the input '{\"int-literal\":0}'");

  Json context = Json::parse(R"j({"Execution": {"Input": {"int-literal": 0}}})j");
  PathContext ctx2{&input, &context, nullptr};
  auto ctx_out =
      MustCompile(R"j({"a": {"value.$": "$$.Execution.Input.no_such_jsonpath"}})j").Evaluate(ctx2);
  ASSERT_FALSE(ctx_out.has_value());
  EXPECT_EQ(ctx_out.error().cause,
            "The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'value.$' "
            "could not be found in the input '{\"int-literal\":0}'");

  auto intrinsic = MustCompile(R"j({"v.$": "States.ArrayLength($.missing)"})j").Evaluate(ctx);
  ASSERT_FALSE(intrinsic.has_value());
  EXPECT_EQ(intrinsic.error().cause,
            "The JSONPath '$.missing' specified for the field 'v.$' could not be found in the "
            "input '{\"int-literal\":0}'");
}

TEST(PathNotFoundCause, MatchesTheFailStateCause) {
  // Recorded for a Fail state's ErrorPath (cases.jsonl, scenarios).
  EXPECT_EQ(PathNotFoundCause("$.ErrorX", "ErrorPath", Json::parse(R"j({"Error":"error-value"})j")),
            "The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the "
            "input '{\"Error\":\"error-value\"}'");
}

TEST(PayloadTemplate, IntrinsicFailurePropagates) {
  Json input = Json::parse(R"j({"a": "x"})j");
  PathContext ctx{&input, nullptr, nullptr};
  auto out = MustCompile(R"j({"v.$": "States.ArrayLength($.a)"})j").Evaluate(ctx);
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error(), (Failure{"States.Runtime", "Invalid arguments in States.ArrayLength"}));
}

TEST(PayloadTemplate, CompileErrors) {
  for (const char* text :
       {R"j({"a.$": 1})j", R"j({"a.$": {"b": "$"}})j", R"j({"a.$": "no path"})j",
        R"j({"a.$": "$.a[?(@.x"})j", R"j({"a.$": "States.Nope()"})j", R"j({"a": 1, "a.$": "$"})j",
        R"j({"x": [{"b.$": "$", "b": 2}]})j", R"j({"x": {"deep": {"a.$": null}}})j"}) {
    auto t = PayloadTemplate::Compile(Json::parse(text));
    EXPECT_FALSE(t.has_value()) << text;
  }
  auto t = PayloadTemplate::Compile(Json::parse(R"j({"a.$": 1})j"));
  EXPECT_NE(t.error().find("'a.$'"), std::string::npos) << t.error();
}

TEST(PayloadTemplate, NonObjectTemplatesAreLiterals) {
  Json input = Json::object();
  PathContext ctx{&input, nullptr, nullptr};
  EXPECT_EQ(*MustCompile(R"j("$.x")j").Evaluate(ctx), "$.x");
  EXPECT_EQ(*MustCompile("[1, {\"a.$\": \"$\"}]").Evaluate(ctx), Json::parse("[1, {\"a\": {}}]"));
}

}  // namespace
}  // namespace tern::asl::jsonpath
