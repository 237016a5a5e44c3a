// Random and truncated inputs for the parsers and evaluators: none may crash, hang or throw,
// whatever the text (definitions come from users). Run under the sanitizers in CI.

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "asl/jsonpath/choice_rule.h"
#include "asl/jsonpath/intrinsic.h"
#include "asl/jsonpath/path.h"
#include "asl/jsonpath/payload_template.h"

namespace tern::asl::jsonpath {
namespace {

const Json kDoc = Json::parse(R"j({"a": {"b": [1, 2.5, "x", null, true, {"c": [[]]}]},
  "s": "text", "n": -3, "arr": [{"p": 1, "q": "a"}, {"p": 30, "q": "b"}], "e": {}, "z": []})j");

std::string RandomText(std::mt19937& rng, std::string_view alphabet, size_t max_len) {
  std::uniform_int_distribution<size_t> len(0, max_len);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string out;
  for (size_t i = len(rng); i > 0; --i) out += alphabet[pick(rng)];
  return out;
}

TEST(Robustness, RandomPaths) {
  std::mt19937 rng(12345);
  static constexpr std::string_view kAlphabet = "$$$..[[]]]''\"?(@)*:,-0123abcnq=<>!&|/~ .length()";
  PathContext ctx{&kDoc, &kDoc, nullptr};
  for (int i = 0; i < 20000; ++i) {
    std::string text = "$" + RandomText(rng, kAlphabet, 24);
    auto path = Path::Compile(text);
    if (path.has_value()) (void)path->Evaluate(ctx);
  }
}

TEST(Robustness, TruncatedPathsAndCalls) {
  const std::vector<std::string> samples = {
      "$.arr[?(@.p > 10 && @.q == 'b' || !(@.p))].q",
      "$['a']['b'][-1].c[0][0]",
      "$..b[1:5:2]",
      "$.arr[?(@.q =~ /A/i)].p.length()",
      "States.Format('x {} \\' \\{ {}', $.s, States.Array(1, 'a', $.arr[0].p))",
      "States.ArrayGetItem(States.StringSplit($.s, 'x'), States.MathAdd(1, -1))",
      "States.Hash(States.JsonToString($.a), 'SHA-512')",
  };
  PathContext ctx{&kDoc, &kDoc, nullptr};
  for (const std::string& sample : samples) {
    for (size_t cut = 0; cut <= sample.size(); ++cut) {
      std::string text = sample.substr(0, cut);
      if (LooksLikeIntrinsic(text)) {
        auto call = IntrinsicCall::Parse(text);
        if (call.has_value()) (void)call->Evaluate(ctx, "v.$");
      } else {
        auto path = Path::Compile(text);
        if (path.has_value()) (void)path->Evaluate(ctx);
      }
    }
  }
}

TEST(Robustness, RandomIntrinsicCalls) {
  std::mt19937 rng(777);
  static constexpr std::string_view kFunctions[] = {
      "Format",        "StringToJson", "JsonToString", "Array",       "ArrayPartition",
      "ArrayContains", "ArrayRange",   "ArrayGetItem", "ArrayLength", "ArrayUnique",
      "Base64Encode",  "Base64Decode", "Hash",         "JsonMerge",   "MathRandom",
      "MathAdd",       "StringSplit",  "UUID"};
  static constexpr std::string_view kArgs[] = {
      "$.a",  "$.a.b", "$.s",   "$.n",   "$.arr",   "$.e",       "$.z",
      "$..p", "'{}'",  "'x,y'", "''",    "'SHA-1'", "0",         "-1",
      "2.5",  "1000",  "true",  "false", "null",    "$$.a.b[5]", "'e30='"};
  std::uniform_int_distribution<size_t> fn(0, std::size(kFunctions) - 1);
  std::uniform_int_distribution<size_t> arg(0, std::size(kArgs) - 1);
  std::uniform_int_distribution<int> count(0, 4);
  PathContext ctx{&kDoc, &kDoc, nullptr};
  for (int i = 0; i < 5000; ++i) {
    std::string text = "States." + std::string(kFunctions[fn(rng)]) + "(";
    for (int k = count(rng); k > 0; --k) {
      text += std::string(kArgs[arg(rng)]) + (k > 1 ? ", " : "");
    }
    text += ")";
    auto call = IntrinsicCall::Parse(text);
    ASSERT_TRUE(call.has_value()) << text << ": " << call.error();
    auto result = call->Evaluate(ctx);
    if (result.has_value()) {
      EXPECT_NO_THROW((void)result->dump()) << text;
    }
  }
}

TEST(Robustness, TemplatesAndRulesFromOddJson) {
  for (const char* text : {R"j({"a.$": "$..*", "b": [{"c.$": "$.arr[*].p"}]})j", R"j({".$": "$"})j",
                           R"j({"$": "$.x", "x.$.$": "$"})j"}) {
    auto tmpl = PayloadTemplate::Compile(Json::parse(text));
    PathContext ctx{&kDoc, &kDoc, nullptr};
    if (tmpl.has_value()) (void)tmpl->Evaluate(ctx);
  }
  for (const char* text : {R"j({"Not": {"Not": {"Variable": "$.n", "IsPresent": true}}})j",
                           R"j({"Variable": "$", "StringMatches": "***\\"})j",
                           R"j({"Variable": "$.s", "StringMatches": ""})j"}) {
    auto rule = ChoiceRule::Compile(Json::parse(text));
    PathContext ctx{&kDoc, &kDoc, nullptr};
    if (rule.has_value()) (void)rule->Evaluate(ctx);
  }
}

}  // namespace
}  // namespace tern::asl::jsonpath
