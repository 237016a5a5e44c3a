// Evaluation semantics: sequences, paths, bindings, limits.
#include <map>
#include <pthread.h>

#include <gtest/gtest.h>

#include "tests/asl/jsonata/test_util.h"

namespace tern::asl::jsonata {
namespace {

using test_util::Eval;
using test_util::RunExpr;

constexpr const char* kDoc = R"({"a":[{"b":1,"c":[1,2]},{"b":2,"c":[3]}],"s":"x","n":null})";

TEST(EvaluatorTest, SequencesFlattenAndUnwrap) {
  EXPECT_EQ(Eval("a.b", kDoc), "[1,2]");
  EXPECT_EQ(Eval("a[0].b", kDoc), "1");
  EXPECT_EQ(Eval("a[0].b[]", kDoc), "[1]");
  EXPECT_EQ(Eval("a.c", kDoc), "[1,2,3]");
  EXPECT_EQ(Eval("a.[c]", kDoc), "[[1,2],[3]]");
  EXPECT_EQ(Eval("missing", kDoc), "undefined");
  EXPECT_EQ(Eval("n", kDoc), "null");
  EXPECT_EQ(Eval("$", nullptr), "undefined");
}

TEST(EvaluatorTest, OperatorsFollowTheReference) {
  EXPECT_EQ(Eval("1 + 2 * 3"), "7");
  EXPECT_EQ(Eval("7 % 3"), "1");
  EXPECT_EQ(Eval("'a' & 1 & true"), "\"a1true\"");
  EXPECT_EQ(Eval("1 = 1.0"), "true");
  EXPECT_EQ(Eval("[1,2] = [1,2]"), "true");
  EXPECT_EQ(Eval("2 in [1,2]"), "true");
  EXPECT_EQ(Eval("'a' + 1"), "error T2001");
  EXPECT_EQ(Eval("1 < 'a'"), "error T2009");
  EXPECT_EQ(Eval("1/0"), "error D1001");
  EXPECT_EQ(Eval("[1..3]"), "[1,2,3]");
  EXPECT_EQ(Eval("$count([1..10000000])"), "10000000");
}

TEST(EvaluatorTest, NumbersPrintLikeJavaScript) {
  EXPECT_EQ(Eval("$string(1e21)"), "\"1e+21\"");
  EXPECT_EQ(Eval("$string(0.1 + 0.2)"), "\"0.3\"");
  EXPECT_EQ(Eval("$string(1e-7)"), "\"1e-7\"");
  EXPECT_EQ(Eval("$string(123456789012)"), "\"123456789012\"");
  EXPECT_EQ(Eval("3.0"), "3");
}

TEST(EvaluatorTest, LambdasClosuresAndPartials) {
  EXPECT_EQ(Eval("($add := function($x, $y){ $x + $y }; $add(1, 2))"), "3");
  EXPECT_EQ(Eval("($f := function($x){ function($y){ $x * $y } }; $f(3)(4))"), "12");
  EXPECT_EQ(Eval("($first5 := $substring(?, 0, 5); $first5('hello world'))"), "\"hello\"");
  EXPECT_EQ(Eval("($inc := function($x){$x+1}; $dbl := function($x){$x*2}; "
                 "($inc ~> $dbl)(3))"),
            "8");
  EXPECT_EQ(Eval("function($x)<n:n>{ $x }('a')"), "error T0410");
}

TEST(EvaluatorTest, TailCallsDoNotGrowTheStack) {
  EXPECT_EQ(Eval("($f := function($n, $acc){ $n = 0 ? $acc : $f($n - 1, $acc + 1) }; "
                 "$f(200000, 0))"),
            "200000");
}

TEST(EvaluatorTest, RunawayRecursionFailsWithU1001) {
  EXPECT_EQ(Eval("($f := function($n){ 1 + $f($n + 1) }; $f(0))"), "error U1001");
  Limits shallow;
  shallow.max_depth = 50;
  EXPECT_EQ(
      RunExpr("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100))", nullptr, {}, shallow)
          .code,
      "U1001");
}

TEST(EvaluatorTest, StackGuardCatchesDepthLimitsTooLargeForTheStack) {
  // With the depth limit out of the way, the stack budget must still stop the recursion
  // before the 8 MB default stack overflows.
  Limits huge;
  huge.max_depth = 100000000;
  EXPECT_EQ(RunExpr("($f := function($n){ 1 + $f($n + 1) }; $f(0))", nullptr, {}, huge).code,
            "U1001");
}

// Runs a runaway recursion on a thread with a 512 KB stack: the stack guard must measure the
// real stack, not assume 8 MB.
void* RecurseOnSmallStack(void* out) {
  Limits huge;
  huge.max_depth = 100000000;
  *static_cast<std::string*>(out) =
      RunExpr("($f := function($n){ 1 + $f($n + 1) }; $f(0))", nullptr, {}, huge).code;
  return nullptr;
}

TEST(EvaluatorTest, StackGuardUsesTheThreadsRealStackSize) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 512 * 1024);
  std::string code;
  pthread_t thread;
  ASSERT_EQ(pthread_create(&thread, &attr, RecurseOnSmallStack, &code), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  EXPECT_EQ(code, "U1001");
}

TEST(EvaluatorTest, DeeplyNestedInputFailsInsteadOfOverflowing) {
  std::string deep = std::string(20000, '[') + std::string(20000, ']');
  EXPECT_EQ(RunExpr("$", deep.c_str()).code, "U1001");
  EXPECT_EQ(RunExpr("$string($)", deep.c_str()).code, "U1001");
  EXPECT_EQ(RunExpr("**", deep.c_str()).code, "U1001");
  std::string ok = std::string(100, '[') + std::string(100, ']');
  EXPECT_EQ(RunExpr("$count($)", ok.c_str()).json, "1");
}

// Nesting in the expression itself is bounded while parsing (200,000 minus signs overflowed
// the parser's stack, found by fuzz_execution).
TEST(EvaluatorTest, DeeplyNestedExpressionsFailToCompileInsteadOfOverflowing) {
  for (const std::string& deep :
       {std::string(200000, '-') + "1", std::string(100000, '(') + "1" + std::string(100000, ')'),
        std::string(100000, '[') + std::string(100000, ']')}) {
    auto e = Expression::Compile(deep);
    ASSERT_FALSE(e.has_value());
    EXPECT_EQ(e.error().code, "U1001");
  }
  EXPECT_EQ(RunExpr(std::string(100, '-') + "1").json, "1");  // sanitizers: big frames
  // A chain is a tree as deep as it is long.
  auto Chain = [](const std::string& term, const std::string& op, int n) {
    std::string text = term;
    for (int i = 1; i < n; ++i) text += op + term;
    return text;
  };
  for (const std::string& chain : {Chain("1", "+", 150000), Chain("a", ".", 150000)}) {
    auto e = Expression::Compile(chain);
    ASSERT_FALSE(e.has_value());
    EXPECT_EQ(e.error().code, "U1001");
  }
  EXPECT_EQ(RunExpr(Chain("1", "+", 100)).json, "100");
}

TEST(EvaluatorTest, TimeoutStopsInfiniteWork) {
  Limits limits;
  limits.timeout_ms = 50;
  EXPECT_EQ(
      RunExpr("($f := function($n){ $n < 0 ? 0 : $f($n + 1) }; $f(0))", nullptr, {}, limits).code,
      "U1002");
}

class MapBindings : public Bindings {
 public:
  const Json* Find(std::string_view name) const override {
    auto it = vars.find(std::string(name));
    return it == vars.end() ? nullptr : &it->second;
  }
  std::map<std::string, Json> vars;
};

TEST(EvaluatorTest, BindingsAreVariables) {
  MapBindings b;
  b.vars["states"] = Json::parse(R"({"input":{"x":5}})");
  b.vars["string"] = Json("shadowed");
  EXPECT_EQ(RunExpr("$states.input.x * 2", nullptr, {}, {}, &b).json, "10");
  EXPECT_EQ(RunExpr("$string", nullptr, {}, {}, &b).json, "\"shadowed\"");
  EXPECT_EQ(RunExpr("$undefinedVar", nullptr, {}, {}, &b).json, "undefined");
}

TEST(EvaluatorTest, KeepsInputKeyOrder) {
  EXPECT_EQ(Eval("$", R"({"z":1,"a":2,"m":3})"), R"({"z":1,"a":2,"m":3})");
  EXPECT_EQ(Eval("{'z': 1, 'a': 2}"), R"({"z":1,"a":2})");
}

TEST(EvaluatorTest, CompiledExpressionIsReusable) {
  auto e = Expression::Compile("a * 2");
  ASSERT_TRUE(e);
  for (int i = 0; i < 3; ++i) {
    Json in = {{"a", i}};
    auto r = e->Evaluate(&in);
    ASSERT_TRUE(r);
    EXPECT_EQ((*r)->get<int>(), i * 2);
  }
  EXPECT_EQ(e->text(), "a * 2");
}

}  // namespace
}  // namespace tern::asl::jsonata
