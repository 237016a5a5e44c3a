// Syntax: what compiles, what does not, and with which reference error code.
#include <gtest/gtest.h>

#include "tests/asl/jsonata/test_util.h"

namespace tern::asl::jsonata {
namespace {

using test_util::Eval;

std::string CompileError(const std::string& text) {
  auto e = Expression::Compile(text);
  return e ? "" : e.error().code;
}

TEST(ParserTest, CompilesTheLanguage) {
  for (const char* text : {"a.b.c",
                           "a[0].b",
                           "a[b > 1]",
                           "$x := 1",
                           "function($a){ $a }",
                           "λ($a)<n:n>{ $a }",
                           "a ~> $f()",
                           "{ 'a': 1 }",
                           "a{ b: c }",
                           "a^(>b, c)",
                           "a@$x.b#$i",
                           "a.b.%.c",
                           "$$.a",
                           "[1..5]",
                           "| a | {'b': 1}, ['c'] |",
                           "/ab+c/i",
                           "a ? b : c",
                           "a ?: b",
                           "a ?? b",
                           "(a; b)",
                           "`quoted name`",
                           "/* comment */ a",
                           "$f(?, 1)",
                           "a and b or $not(c)"}) {
    EXPECT_EQ(CompileError(text), "") << text;
  }
}

TEST(ParserTest, ReportsReferenceSyntaxCodes) {
  EXPECT_EQ(CompileError("'unterminated"), "S0101");
  EXPECT_EQ(CompileError("\"\\q\""), "S0103");
  EXPECT_EQ(CompileError("\"\\u12\""), "S0104");
  EXPECT_EQ(CompileError("`name"), "S0105");
  EXPECT_EQ(CompileError("/* open"), "S0106");
  EXPECT_EQ(CompileError("a b"), "S0201");
  EXPECT_EQ(CompileError("(a"), "S0203");
  EXPECT_EQ(CompileError("a ! b"), "S0204");
  EXPECT_EQ(CompileError("function(a){1}"), "S0208");
  EXPECT_EQ(CompileError(")"), "S0211");
  EXPECT_EQ(CompileError("1 := 2"), "S0212");
  EXPECT_EQ(CompileError("a.1"), "S0213");
  EXPECT_EQ(CompileError("a@b"), "S0214");
  EXPECT_EQ(CompileError("%"), "S0217");
  EXPECT_EQ(CompileError("//"), "S0301");
  EXPECT_EQ(CompileError("/abc"), "S0302");
  EXPECT_EQ(CompileError("/a{6666666666666666667}/"), "S0302");  // common/regex_repeats.h
  EXPECT_EQ(CompileError("function($a)<b<s>>{1}"), "S0401");
}

TEST(ParserTest, NegativeLiteralIsNotSharedBetweenOperands) {
  // `?:` parses its left operand once but uses it twice; the literal must stay -1.
  EXPECT_EQ(Eval("[1,2,3][-1] ?: 42"), "3");
}

TEST(ParserTest, NameFollowedByChainOperator) {
  EXPECT_EQ(Eval("a~>$count()", R"({"a":[1,2]})"), "2");
}

TEST(ParserTest, ErrorsCarryPositionAndToken) {
  auto e = Expression::Compile("a +");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, "S0207");
  auto f = Expression::Compile("a b");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().token, "b");
  EXPECT_EQ(f.error().position, 3);
  EXPECT_EQ(f.error().ToString(), "S0201: Syntax error: b");
}

}  // namespace
}  // namespace tern::asl::jsonata
