// The standard library, one or two checks per function family.
#include <gtest/gtest.h>

#include "tests/asl/jsonata/test_util.h"

namespace tern::asl::jsonata {
namespace {

using test_util::Eval;

TEST(FunctionsTest, Strings) {
  EXPECT_EQ(Eval("$substring('héllo', 1, 3)"), "\"éll\"");
  EXPECT_EQ(Eval("$length('😀ab')"), "3");
  EXPECT_EQ(Eval("$pad('x', -3, '#')"), "\"##x\"");
  EXPECT_EQ(Eval("$trim('  a   b  ')"), "\"a b\"");
  EXPECT_EQ(Eval("$split('a,b,c', ',', 2)"), "[\"a\",\"b\"]");
  EXPECT_EQ(Eval("$join(['a','b'], '-')"), "\"a-b\"");
  EXPECT_EQ(Eval("$uppercase('abc')"), "\"ABC\"");
  EXPECT_EQ(Eval("$base64encode('hello')"), "\"aGVsbG8=\"");
  EXPECT_EQ(Eval("$base64decode('aGVsbG8=')"), "\"hello\"");
  EXPECT_EQ(Eval("$encodeUrlComponent('a b&c')"), "\"a%20b%26c\"");
  EXPECT_EQ(Eval("$decodeUrl('%41%2F')"), "\"A%2F\"");
  EXPECT_EQ(Eval("$string({'a': [1, 'x']})"), R"("{\"a\":[1,\"x\"]}")");
}

TEST(FunctionsTest, Regex) {
  EXPECT_EQ(Eval("$contains('abc', /B/i)"), "true");
  EXPECT_EQ(Eval("$replace('a1b22', /[0-9]+/, '#')"), "\"a#b#\"");
  EXPECT_EQ(Eval("$replace('John Smith', /(\\w+)\\s(\\w+)/, '$2, $1')"), "\"Smith, John\"");
  EXPECT_EQ(Eval("$split('a1b2c', /[0-9]/)"), "[\"a\",\"b\",\"c\"]");
  EXPECT_EQ(Eval("$match('ab12', /[0-9]/).match"), "[\"1\",\"2\"]");
  EXPECT_EQ(Eval("$replace('abc', /x*/, '-')"), "error D1004");
}

TEST(FunctionsTest, RegexOnLongSubjectsDoesNotOverflowTheStack) {
  // libstdc++ recurses per repetition; 300k characters would need ~100 MB of stack in place.
  EXPECT_EQ(Eval("$length($match($pad('', 300000, 'a'), /a+/).match)"), "300000");
  EXPECT_EQ(Eval("$count($split($pad('', 100000, 'ab'), /b/))"), "50001");
}

TEST(FunctionsTest, Numbers) {
  EXPECT_EQ(Eval("$round(2.5)"), "2");
  EXPECT_EQ(Eval("$round(3.5)"), "4");
  EXPECT_EQ(Eval("$round(1.245, 2)"), "1.24");
  EXPECT_EQ(Eval("$number('0x1F')"), "31");
  EXPECT_EQ(Eval("$number('abc')"), "error D3030");
  EXPECT_EQ(Eval("$formatNumber(1234.5, '#,##0.00')"), "\"1,234.50\"");
  EXPECT_EQ(Eval("$formatBase(255, 16)"), "\"ff\"");
  EXPECT_EQ(Eval("$formatInteger(1999, 'I')"), "\"MCMXCIX\"");
  EXPECT_EQ(Eval("$formatInteger(21, 'w')"), "\"twenty-one\"");
  EXPECT_EQ(Eval("$parseInteger('twelve', 'w')"), "12");
  EXPECT_EQ(Eval("$sqrt(-1)"), "error D3060");
}

TEST(FunctionsTest, ArraysObjectsAndHigherOrder) {
  EXPECT_EQ(Eval("$sort([3,1,2])"), "[1,2,3]");
  EXPECT_EQ(Eval("$sort(['b','a'], function($x,$y){ $x < $y })"), "[\"b\",\"a\"]");
  EXPECT_EQ(Eval("$distinct([1,2,1,[1],[1]])"), "[1,2,[1]]");
  EXPECT_EQ(Eval("$zip([1,2],[3,4,5])"), "[[1,3],[2,4]]");
  EXPECT_EQ(Eval("$map([1,2], function($v, $i){ $v + $i })"), "[1,3]");
  EXPECT_EQ(Eval("$reduce([1,2,3], function($a, $b){ $a + $b })"), "6");
  EXPECT_EQ(Eval("$single([1,2,3], function($v){ $v = 2 })"), "2");
  EXPECT_EQ(Eval("$merge([{'a':1},{'b':2}])"), R"({"a":1,"b":2})");
  EXPECT_EQ(Eval("$keys({'a':1,'b':2})"), "[\"a\",\"b\"]");
  EXPECT_EQ(Eval("$spread({'a':1,'b':2})"), R"([{"a":1},{"b":2}])");
  EXPECT_EQ(Eval("$sift({'a':1,'b':2}, function($v){ $v > 1 })"), R"({"b":2})");
  EXPECT_EQ(Eval("$each({'a':1}, function($v, $k){ $k & $v })"), "\"a1\"");
  EXPECT_EQ(Eval("$type([])"), "\"array\"");
  EXPECT_EQ(Eval("$error('boom')"), "error D3137");
  EXPECT_EQ(Eval("$assert(false, 'no')"), "error D3141");
  EXPECT_EQ(Eval("$eval('1 + $')", "2"), "3");
}

TEST(FunctionsTest, DateTime) {
  EXPECT_EQ(Eval("$fromMillis(1521801216617)"), "\"2018-03-23T10:33:36.617Z\"");
  EXPECT_EQ(Eval("$fromMillis(1521801216617, '[FNn], [D1o] [MNn] [Y]')"),
            "\"Friday, 23rd March 2018\"");
  EXPECT_EQ(Eval("$toMillis('2018-03-23T10:33:36.617Z')"), "1521801216617");
  EXPECT_EQ(Eval("$toMillis('23/03/2018', '[D]/[M]/[Y]')"), "1521763200000");
  EXPECT_EQ(Eval("$toMillis('nope')"), "error D3110");
  EXPECT_EQ(Eval("$now() = $now()"), "true");
}

TEST(FunctionsTest, TransformCopiesAndEdits) {
  EXPECT_EQ(Eval("$ ~> |a|{'y': 2}, ['x']|", R"({"a":{"x":1},"b":3})"), R"({"a":{"y":2},"b":3})");
  EXPECT_EQ(Eval("($x := {'a': 1}; $y := $x ~> |$|{'a': 2}|; [$x.a, $y.a])"), "[1,2]");
}

}  // namespace
}  // namespace tern::asl::jsonata
