#include "asl/jsonpath/intrinsic.h"

#include <cctype>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace tern::asl::jsonpath {
namespace {

struct Evaluated {
  bool ok = false;
  Json value;
  Failure failure;
};

Evaluated RunCall(std::string_view text, const Json& input = Json::object(),
                  const Json& context = Json::object()) {
  auto call = IntrinsicCall::Parse(text);
  EXPECT_TRUE(call.has_value()) << text << ": " << (call.has_value() ? "" : call.error());
  if (!call.has_value()) return {};
  PathContext ctx{&input, &context, nullptr};
  auto result = call->Evaluate(ctx);
  if (!result.has_value()) return Evaluated{false, nullptr, result.error()};
  return Evaluated{true, *result, {}};
}

Json Value(std::string_view text, const Json& input = Json::object()) {
  Evaluated e = RunCall(text, input);
  EXPECT_TRUE(e.ok) << text << ": " << e.failure.error << " " << e.failure.cause;
  return e.value;
}

void ExpectInvalidArguments(std::string_view text, const Json& input, std::string_view function) {
  Evaluated e = RunCall(text, input);
  EXPECT_FALSE(e.ok) << text << " gave " << e.value.dump();
  EXPECT_EQ(e.failure.error, "States.Runtime") << text;
  EXPECT_EQ(e.failure.cause, "Invalid arguments in " + std::string(function)) << text;
}

TEST(IntrinsicParse, AcceptsEveryFunctionAndArgumentKind) {
  for (const char* text : {"States.Format('{} and {}', $.a, 'x')",
                           "States.StringToJson($.s)",
                           "States.JsonToString($$.Execution)",
                           "States.Array()",
                           "States.Array(1, -2.5, true, "
                           "false, null, 'a', $.x, $var.y)",
                           "States.ArrayPartition($.a, 2)",
                           "States.ArrayContains($.a, 'x')",
                           "States.ArrayRange(0, 10, 2)",
                           "States.ArrayGetItem($.a, 0)",
                           "States.ArrayLength($.a)",
                           "States.ArrayUnique($.a)",
                           "States.Base64Encode('x')",
                           "States.Base64Decode('eA==')",
                           "States.Hash('x', 'SHA-256')",
                           "States.JsonMerge($.a, $.b, false)",
                           "States.MathRandom(1, 10)",
                           "States.MathRandom(1, 10, 3)",
                           "States.MathAdd(1, 2)",
                           "States.StringSplit('a,b', ',')",
                           "States.UUID()",
                           "  States.Array( States.Array( 1 ) , $['a b'][0] )  "}) {
    auto call = IntrinsicCall::Parse(text);
    EXPECT_TRUE(call.has_value()) << text << ": " << (call.has_value() ? "" : call.error());
  }
}

TEST(IntrinsicParse, RejectsMalformedCalls) {
  for (const char* text :
       {"States.Nope(1)", "States.Format", "States.Array(1,)", "States.Array(1",
        "States.Array(1) x", "States.Array('unterminated)", "States.Array($.)", "States.Array(abc)",
        "States.Array([1,2])", "States.Array(1.)", "States.Array(.5)",
        "States.Array(States.Array(States.Array(States.Array(States.Array(States.Array("
        "States.Array(States.Array(States.Array(States.Array(States.Array(1)))))))))))"}) {
    EXPECT_FALSE(IntrinsicCall::Parse(text).has_value()) << text;
  }
}

// AWS accepts these definitions and fails the call when it runs.
TEST(IntrinsicArity, WrongArgumentCountFailsAtRunTime) {
  for (const auto& [text, function] : std::vector<std::pair<const char*, const char*>>{
           {"States.Format()", "States.Format"},
           {"States.ArrayLength()", "States.ArrayLength"},
           {"States.ArrayLength($.a, $.b)", "States.ArrayLength"},
           {"States.MathRandom(1)", "States.MathRandom"},
           {"States.MathRandom(1, 10, 5, 99)", "States.MathRandom"},
           {"States.UUID(1)", "States.UUID"},
           {"States.JsonMerge($.a, $.b)", "States.JsonMerge"},
           {"States.Hash('hello')", "States.Hash"},
           {"States.StringToJson()", "States.StringToJson"}}) {
    EXPECT_TRUE(IntrinsicCall::Parse(text).has_value()) << text;
    ExpectInvalidArguments(text, Json::parse(R"({"a": [1], "b": {}})"), function);
  }
}

TEST(IntrinsicParse, LooksLikeIntrinsic) {
  EXPECT_TRUE(LooksLikeIntrinsic("States.Format('x')"));
  EXPECT_TRUE(LooksLikeIntrinsic("States.Nope()"));
  EXPECT_FALSE(LooksLikeIntrinsic("$.States"));
  EXPECT_FALSE(LooksLikeIntrinsic("states.Format('x')"));
  EXPECT_EQ(IntrinsicCall::Parse("States.UUID()")->text(), "States.UUID()");
}

// Values below are AWS-recorded (cases.jsonl, ASL.md §13).
TEST(IntrinsicFormat, RendersValuesLikeJava) {
  Json in = Json::parse(R"({"s": "HelloWorld", "i": 1, "f": 1.1, "n": null, "b": true,
                            "o": {"Arg1": 1, "Arg2": []}, "j": "{\"Arg1\": 1, \"Arg2\": []}"})");
  EXPECT_EQ(Value("States.Format('fst={} and snd={}.', $.s, $.i)", in),
            "fst=HelloWorld and snd=1.");
  EXPECT_EQ(Value("States.Format('{} {} {} {}', $.f, $.n, $.b, $.j)", in),
            "1.1 null true {\"Arg1\": 1, \"Arg2\": []}");
  EXPECT_EQ(Value("States.Format('fst={}', $.o)", in), "fst={Arg1=1, Arg2=[]}");
  Json sm = Json::parse(R"({"StateMachine": {"Id": "arn:sm", "Name": "MySM"}})");
  Evaluated e = RunCall("States.Format('{}', $$.StateMachine)", in, sm);
  EXPECT_EQ(e.value, "{Id=arn:sm, Name=MySM}");
}

TEST(IntrinsicFormat, Escapes) {
  EXPECT_EQ(Value(R"(States.Format('\{\} {} it\'s a \\ path', 'x'))"), R"({} x it's a \ path)");
  ExpectInvalidArguments("States.Format('{} {}', 'x')", {}, "States.Format");
  // AWS rejects unescaped braces that are not a placeholder.
  ExpectInvalidArguments("States.Format('Hello {', 'x')", {}, "States.Format");
  ExpectInvalidArguments("States.Format('Hello {{}}', 'x')", {}, "States.Format");
  ExpectInvalidArguments("States.Format('}')", {}, "States.Format");
  EXPECT_EQ(Value("States.Format($.t, $.n)", Json::parse(R"({"t": "Hello {}", "n": "Ada"})")),
            "Hello Ada");
  EXPECT_EQ(Value("States.Format('  {}  ', 'x')"), "  x  ");
  EXPECT_EQ(Value("States.Format('no placeholders')"), "no placeholders");
  ExpectInvalidArguments("States.Format('{}', 'x', 'y')", {}, "States.Format");
  ExpectInvalidArguments("States.Format($.a)", Json::parse(R"({"a": 1})"), "States.Format");
}

TEST(IntrinsicJson, StringToJsonAndBack) {
  auto parse = [](const char* s) { return Value("States.StringToJson($.v)", Json{{"v", s}}); };
  EXPECT_EQ(parse(""), nullptr);
  EXPECT_EQ(parse(" "), nullptr);
  EXPECT_EQ(parse("null"), nullptr);
  EXPECT_EQ(parse("-0").dump(), "0");
  EXPECT_EQ(parse("1.1"), 1.1);
  EXPECT_EQ(parse("\"HelloWorld\""), "HelloWorld");
  EXPECT_EQ(parse(R"({"Arg1": 1, "Arg2": []})").dump(), R"({"Arg1":1,"Arg2":[]})");
  ExpectInvalidArguments("States.StringToJson($.v)", Json{{"v", "{bad"}}, "States.StringToJson");
  ExpectInvalidArguments("States.StringToJson($.v)", Json{{"v", 1}}, "States.StringToJson");
  // JSON nested deeper than 1,000 levels is refused before it is parsed (100,000 levels
  // overflowed the stack of whatever wrote the value out).
  Evaluated deep = RunCall("States.StringToJson($.v)",
                           Json{{"v", std::string(100000, '[') + std::string(100000, ']')}});
  EXPECT_FALSE(deep.ok);
  EXPECT_EQ(deep.failure.error, "States.IntrinsicFailure");
  EXPECT_EQ(deep.failure.cause,
            "The JSON given to States.StringToJson nests deeper than 1000 levels");
  EXPECT_EQ(parse((std::string(1000, '[') + std::string(1000, ']')).c_str()).size(), 1u);

  auto dump = [](const Json& v) { return Value("States.JsonToString($.v)", Json{{"v", v}}); };
  EXPECT_EQ(dump(nullptr), "null");
  EXPECT_EQ(dump(0), "0");
  EXPECT_EQ(dump(1.1), "1.1");
  EXPECT_EQ(dump(true), "true");
  EXPECT_EQ(dump(Json::parse(R"({"Arg1": 1, "Arg2": []})")), R"({"Arg1":1,"Arg2":[]})");
}

TEST(IntrinsicJson, JsonMergeIsShallow) {
  Json in = Json::parse(R"({"fst": {"a": {"a1": 1, "a2": 2}, "b": 2, "d": 3},
                            "snd": {"a": {"a3": 1, "a4": 2}, "c": 3, "d": 4}})");
  nlohmann::json merged = Value("States.JsonMerge($.fst, $.snd, false)", in);
  EXPECT_EQ(merged, nlohmann::json::parse(R"({"a":{"a3":1,"a4":2},"b":2,"c":3,"d":4})"));
  ExpectInvalidArguments("States.JsonMerge($.fst, $.snd, true)", in, "States.JsonMerge");
  ExpectInvalidArguments("States.JsonMerge($.fst, 1, false)", in, "States.JsonMerge");
  EXPECT_EQ(Value("States.JsonMerge($.fst, $.snd, 'false')", in).size(), 4u);
  // Keys come out in java.util.HashMap order (recorded a,b,c,d; others checked on a JVM).
  EXPECT_EQ(Value("States.JsonMerge($.fst, $.snd, false)", in).dump(),
            R"j({"a":{"a3":1,"a4":2},"b":2,"c":3,"d":4})j");
  Json big = Json::parse(R"j({"l": {"name": 1, "id": 1, "zeta": 1, "alpha": 1},
      "r": {"b": 2, "id": 2, "extra": 2, "k1": 2, "k2": 2, "k3": 2, "k4": 2, "k5": 2}})j");
  EXPECT_EQ(Value("States.JsonMerge($.l, $.r, false)", big).dump(),
            R"j({"zeta":1,"b":2,"k1":2,"alpha":1,"extra":2,"k2":2,"name":1,"k3":2,"k4":2,"k5":2,)j"
            R"j("id":2})j");
  Json empty_left = Json{{"l", Json::object()}, {"r", big["r"]}};
  EXPECT_EQ(Value("States.JsonMerge($.l, $.r, false)", empty_left).dump(),
            R"j({"b":2,"k1":2,"extra":2,"k2":2,"k3":2,"k4":2,"k5":2,"id":2})j");
}

TEST(IntrinsicArray, RecordedValues) {
  EXPECT_EQ(Value("States.Array()"), Json::array());
  EXPECT_EQ(Value("States.Array(null, null)"), Json::parse("[null,null]"));
  EXPECT_EQ(Value("States.Array($.a, 1.1, 'x')", Json{{"a", ""}}), Json::parse(R"(["",1.1,"x"])"));
  EXPECT_EQ(Value("States.ArrayRange(0, 9, 3)"), Json::parse("[0,3,6,9]"));
  EXPECT_EQ(Value("States.ArrayRange(0, 10, 3)"), Json::parse("[0,3,6,9]"));
  EXPECT_EQ(Value("States.ArrayRange(1, 9, 2)"), Json::parse("[1,3,5,7,9]"));
  EXPECT_EQ(Value("States.ArrayRange(1, 9, 9)"), Json::parse("[1]"));
  EXPECT_EQ(Value("States.ArrayRange(5, 1, -2)"), Json::parse("[5,3,1]"));
  EXPECT_EQ(Value("States.ArrayRange(1, 1000, 1)").size(), 1000u);
  ExpectInvalidArguments("States.ArrayRange(1, 1001, 1)", {}, "States.ArrayRange");
  ExpectInvalidArguments("States.ArrayRange(1, 5, 0)", {}, "States.ArrayRange");
  ExpectInvalidArguments("States.ArrayRange('a', 5, 1)", {}, "States.ArrayRange");

  Json in = Json::parse(R"({"a": [1,2,3,4,5,6,7,8,9], "e": []})");
  EXPECT_EQ(Value("States.ArrayGetItem($.a, 5)", in), 6);
  ExpectInvalidArguments("States.ArrayGetItem($.a, 9)", in, "States.ArrayGetItem");
  ExpectInvalidArguments("States.ArrayGetItem($.a, -1)", in, "States.ArrayGetItem");
  EXPECT_EQ(Value("States.ArrayGetItem($.a, 1.2)", in), 2);
  EXPECT_EQ(Value("States.ArrayGetItem($.e, 999)", in), nullptr);
  EXPECT_EQ(Value("States.ArrayLength($.a)", in), 9);
  EXPECT_EQ(Value("States.ArrayLength($.e)", in), 0);
  ExpectInvalidArguments("States.ArrayLength('x')", in, "States.ArrayLength");

  EXPECT_EQ(Value("States.ArrayContains($.e, null)", in), false);
  EXPECT_EQ(Value("States.ArrayContains($.v, null)", Json::parse(R"({"v": [[1,2,3],2]})")), false);
  EXPECT_EQ(Value("States.ArrayContains($.v, $.x)",
                  Json::parse(R"({"v": [{"1": 2, "2": []}], "x": {"1": 2, "2": []}})")),
            true);
  EXPECT_EQ(Value("States.ArrayContains($.v, false)", Json::parse(R"({"v": [true, false]})")),
            true);
  // AWS-observed quirks: key order matters, and scalars match strings by text.
  EXPECT_EQ(Value("States.ArrayContains($.v, $.t)",
                  Json::parse(R"({"v": [{"a": 1, "b": 2}], "t": {"b": 2, "a": 1}})")),
            false);
  EXPECT_EQ(Value("States.ArrayContains($.v, true)", Json::parse(R"({"v": ["true"]})")), true);
  EXPECT_EQ(Value("States.ArrayContains($.v, 9007199254740991)",
                  Json::parse(R"({"v": ["9007199254740991"]})")),
            true);
  EXPECT_EQ(Value("States.ArrayContains($.v, false)", Json::parse(R"({"v": [0, 1, -1]})")), false);
  EXPECT_EQ(Value("States.ArrayContains($.v, null)", Json::parse(R"({"v": [1, null, 3]})")), true);

  // AWS returns HashSet order (recorded): booleans and arrays reorder, null comes first.
  auto unique = [](const char* arr) {
    return Value("States.ArrayUnique($.v)", Json{{"v", Json::parse(arr)}}).dump();
  };
  EXPECT_EQ(unique("[true, false, true, false]"), "[false,true]");
  EXPECT_EQ(unique("[[1, 2], [1, 2], [2, 1]]"), "[[2,1],[1,2]]");
  EXPECT_EQ(unique(R"j([1, "1", 1, "01"])j"), R"j([1,"1","01"])j");
  EXPECT_EQ(unique(R"j([{"a": 1, "b": 2}, {"b": 2, "a": 1}])j"), R"j([{"a":1,"b":2}])j");
  EXPECT_EQ(unique("[null, null, 1, null]"), "[null,1]");
  EXPECT_EQ(unique(R"j(["a", "b", "a", "c", "b"])j"), R"j(["a","b","c"])j");
  EXPECT_EQ(unique("[1, 2, 3, 3, 3, 4]"), "[1,2,3,4]");
  EXPECT_EQ(unique("[]"), "[]");
  // Integer 1 and Double 1.0 are different Java values (and 1.0 hashes to bucket 0).
  EXPECT_EQ(unique("[1, 1.0]"), "[1.0,1]");
  // Checked against java.util.HashSet on a JVM (28 elements: a 64-bucket table).
  EXPECT_EQ(
      unique(R"j(["zeta","alpha","Beta","x","y","z","alpha","long key with spaces","\u00e9t\u00e9",
                  42,7.5,true,null,100000,"10","k1","k2","k3","k4","k5","k6","k7","k8","k9",
                  "k10","k11","k12","k13"])j"),
      R"j([null,"k11","k10","k13","k12","Beta",true,"alpha","été",7.5,"10","zeta",100000,)j"
      R"j("k1","k2","long key with spaces","k3","k4",42,"k5","k6","k7","k8","k9","x","y","z"])j");
}

TEST(IntrinsicArray, Partition) {
  auto part = [](const char* arr, int n) {
    return Value("States.ArrayPartition($.a, $.n)", Json{{"a", Json::parse(arr)}, {"n", n}});
  };
  EXPECT_EQ(part("[]", 2), Json::array());
  EXPECT_EQ(part("[0]", 3), Json::parse("[[0]]"));
  EXPECT_EQ(part("[0,1,2,3]", 2), Json::parse("[[0,1],[2,3]]"));
  EXPECT_EQ(part("[0,1,2,3]", 3), Json::parse("[[0,1,2],[3]]"));
  EXPECT_EQ(part("[0,1,2]", 5), Json::parse("[[0,1,2]]"));
  // AWS truncates a fractional chunk size and rejects one below 1.
  EXPECT_EQ(Value("States.ArrayPartition($.a, 2.6)", Json::parse(R"({"a": [1,2,3,4,5]})")),
            Json::parse("[[1,2],[3,4],[5]]"));
  ExpectInvalidArguments("States.ArrayPartition($.a, 0.6)", Json::parse(R"({"a": [1]})"),
                         "States.ArrayPartition");
  ExpectInvalidArguments("States.ArrayPartition($.a, 0)", Json::parse(R"({"a": [1]})"),
                         "States.ArrayPartition");
  ExpectInvalidArguments("States.ArrayPartition('x', 2)", {}, "States.ArrayPartition");
  ExpectInvalidArguments("States.ArrayPartition($.a, '2')", Json::parse(R"({"a": [1]})"),
                         "States.ArrayPartition");
}

TEST(IntrinsicString, SplitEncodeHash) {
  auto split = [](const char* s, const char* d) {
    return Value("States.StringSplit($.s, $.d)", Json{{"s", s}, {"d", d}});
  };
  EXPECT_EQ(split(",,,,", ","), Json::array());
  EXPECT_EQ(split("1,2,3,4,5", ","), Json::parse(R"(["1","2","3","4","5"])"));
  EXPECT_EQ(split("This.is+a,test=string", ".+,="),
            Json::parse(R"(["This","is","a","test","string"])"));
  EXPECT_EQ(split("split on T and \nnew line", "T\n"),
            Json::parse(R"(["split on ", " and ", "new line"])"));
  EXPECT_EQ(split(" , ", ","), Json::parse(R"([" ", " "])"));
  EXPECT_EQ(split("aébéc", "é"), Json::parse(R"(["a","b","c"])"));
  EXPECT_EQ(Value("States.StringSplit('Hello\nWorld', '\n')"), Json::parse(R"(["Hello","World"])"));

  EXPECT_EQ(Value("States.Base64Encode('Data to encode')"), "RGF0YSB0byBlbmNvZGU=");
  EXPECT_EQ(Value("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')"), "Data to encode");
  EXPECT_EQ(Value("States.Base64Encode('')"), "");
  EXPECT_EQ(Value("States.Base64Decode('')"), "");
  EXPECT_EQ(Value("States.Base64Encode('ab')"), "YWI=");
  EXPECT_EQ(Value("States.Base64Decode('YWI=')"), "ab");
  EXPECT_EQ(Value("States.Base64Decode('4pyT')"), "\u2713");
  EXPECT_EQ(Value("States.Base64Decode('YWJjAGRlZg==')"), std::string("abc\0def", 7));
  // AWS decodes leniently: stray characters are skipped, '=' ends the input, a short final
  // group still decodes.
  EXPECT_EQ(Value("States.Base64Decode(' YWJjZA== ')"), "abcd");
  EXPECT_EQ(Value("States.Base64Decode('YW!JjZA==')"), "abcd");
  EXPECT_EQ(Value("States.Base64Decode('YWJjZA')"), "abcd");
  EXPECT_EQ(Value("States.Base64Decode('YWI=YWI=')"), "ab");
  // Bytes that are not UTF-8 become U+FFFD rather than breaking later JSON output.
  EXPECT_EQ(Value("States.Base64Decode('/w==')"), "\uFFFD");
  EXPECT_NO_THROW(Value("States.Base64Decode('!!!invalid!!!')").dump());
  ExpectInvalidArguments("States.Base64Decode(123)", {}, "States.Base64Decode");
  ExpectInvalidArguments("States.Base64Encode(1)", {}, "States.Base64Encode");

  EXPECT_EQ(Value("States.Hash('input data', 'MD5')"), "812f45842bc6d66ee14572ce20db8e86");
  EXPECT_EQ(Value("States.Hash('input data', 'SHA-1')"),
            "aaff4a450a104cd177d28d18d74485e8cae074b7");
  EXPECT_EQ(Value("States.Hash('input data', 'SHA-256')"),
            "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3");
  EXPECT_EQ(Value("States.Hash('abc', 'SHA-384')"),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baec"
            "a134c825a7");
  EXPECT_EQ(Value("States.Hash('abc', 'SHA-512')"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c"
            "23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(Value("States.Hash('', 'MD5')"), "d41d8cd98f00b204e9800998ecf8427e");
  std::string long_input(1000, 'a');
  EXPECT_EQ(Value("States.Hash($.s, 'SHA-1')", Json{{"s", long_input}}),
            "291e9a6c66994949b57ba5e650361e98fc36b1ba");
  ExpectInvalidArguments("States.Hash('x', 'SHA-3')", {}, "States.Hash");
  ExpectInvalidArguments("States.Hash('x', 'sha-256')", {}, "States.Hash");
  ExpectInvalidArguments("States.Hash('x', 123)", {}, "States.Hash");
  EXPECT_EQ(Value("States.Hash('hello', 'SHA-384')"),
            "59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397bdf5f6"
            "a13de828684f");
  EXPECT_EQ(Value("States.Hash('🚀', 'SHA-256')"),
            "ebbc0b2870eb323f2b6cffa5c493ceef81ae7eb36afc73d4e0367301631daec5");
  // The limit is 10,000 characters, and a number is hashed by its text.
  EXPECT_TRUE(RunCall("States.Hash($.s, 'MD5')", Json{{"s", std::string(10000, 'a')}}).ok);
  ExpectInvalidArguments("States.Hash($.s, 'MD5')", Json{{"s", std::string(10001, 'a')}},
                         "States.Hash");
  EXPECT_EQ(Value("States.Hash(123, 'MD5')"), Value("States.Hash('123', 'MD5')"));
}

TEST(IntrinsicMath, AddRoundsLikeJava) {
  auto add = [](const Json& a, const Json& b) {
    return Value("States.MathAdd($.a, $.b)", Json{{"a", a}, {"b", b}});
  };
  EXPECT_EQ(add(-9, 3), -6);
  EXPECT_EQ(add(1.49, 1.5), 3);
  EXPECT_EQ(add(1.5, 1.51), 4);
  EXPECT_EQ(add(-1.49, -1.5), -2);
  EXPECT_EQ(add(-1.5, -1.51), -3);
  EXPECT_EQ(add(1.49, -1.49), 0);
  EXPECT_EQ(add(-0.5, 0.5), 1);
  EXPECT_EQ(add(-0.5, 0), 0);
  EXPECT_EQ(add(-2.5, 0), -2);
  EXPECT_EQ(add(-3.5, 0), -3);
  EXPECT_EQ(add(2.5, 0), 3);
  EXPECT_EQ(add(2147483646, 1), 2147483647);
  EXPECT_EQ(add(-2147483647, -1), -2147483648LL);
  EXPECT_EQ(add(1.6, 2.7), 5);
  ExpectInvalidArguments("States.MathAdd(2147483647, 1)", {}, "States.MathAdd");
  ExpectInvalidArguments("States.MathAdd(-2147483648, -1)", {}, "States.MathAdd");
  ExpectInvalidArguments("States.MathAdd(true, 1)", {}, "States.MathAdd");
  ExpectInvalidArguments("States.MathAdd('1.5', 2)", {}, "States.MathAdd");
  ExpectInvalidArguments("States.MathAdd(1, 'x')", {}, "States.MathAdd");
  ExpectInvalidArguments("States.MathAdd(2147483648, 1)", {}, "States.MathAdd");
}

TEST(IntrinsicMath, RandomStaysInRange) {
  for (int i = 0; i < 50; ++i) {
    Json v = Value("States.MathRandom(-99999, -9999)");
    ASSERT_TRUE(v.is_number_integer());
    EXPECT_GE(v.get<int64_t>(), -99999);
    EXPECT_LT(v.get<int64_t>(), -9999);
  }
  Json bounded = Value("States.MathRandom(12.5, 44.51)");
  EXPECT_GE(bounded.get<int64_t>(), 12);
  EXPECT_LT(bounded.get<int64_t>(), 44);
  // A seed makes the value repeatable (java.util.Random: new Random(3).nextInt(999) == 239).
  EXPECT_EQ(Value("States.MathRandom(0, 999, 3)"), Value("States.MathRandom(0, 999, 3)"));
  EXPECT_EQ(Value("States.MathRandom(0, 999, 3)"), 239);
  ExpectInvalidArguments("States.MathRandom(1.4, 1.6)", {}, "States.MathRandom");
  ExpectInvalidArguments("States.MathRandom(5, 1)", {}, "States.MathRandom");
}

TEST(IntrinsicUuid, IsVersion4) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    std::string id = Value("States.UUID()").get<std::string>();
    ASSERT_EQ(id.size(), 36u) << id;
    for (size_t k = 0; k < id.size(); ++k) {
      bool dash = k == 8 || k == 13 || k == 18 || k == 23;
      EXPECT_TRUE(dash ? id[k] == '-'
                       : std::isxdigit(static_cast<unsigned char>(id[k])) &&
                             !std::isupper(static_cast<unsigned char>(id[k])))
          << id;
    }
    EXPECT_EQ(id[14], '4') << id;                                          // version 4
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;  // variant 1
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 20u);
}

TEST(IntrinsicNesting, RecordedNestedCall) {
  Json context = Json::parse(R"({"StateMachine": {"Name": "My-State-Machine"}})");
  Evaluated e = RunCall(
      "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), "
      "States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))",
      Json::object(), context);
  ASSERT_TRUE(e.ok) << e.failure.cause;
  EXPECT_EQ(e.value, "Machine");
}

TEST(IntrinsicPaths, MissingPathArgument) {
  auto call = IntrinsicCall::Parse("States.Format('{}', $.missing)");
  ASSERT_TRUE(call.has_value());
  Json input = Json::parse(R"({"a": 1})");
  PathContext ctx{&input, nullptr, nullptr};
  auto plain = call->Evaluate(ctx);
  ASSERT_FALSE(plain.has_value());
  EXPECT_EQ(plain.error().error, "States.Runtime");
  auto field = call->Evaluate(ctx, "value.$");
  ASSERT_FALSE(field.has_value());
  EXPECT_EQ(field.error().cause,
            "The JSONPath '$.missing' specified for the field 'value.$' could not be found in the "
            "input '{\"a\":1}'");
}

}  // namespace
}  // namespace tern::asl::jsonpath
