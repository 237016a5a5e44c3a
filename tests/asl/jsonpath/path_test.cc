#include "asl/jsonpath/path.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace tern::asl::jsonpath {
namespace {

class MapVariables : public VariableLookup {
 public:
  std::map<std::string, Json, std::less<>> values;
  const Json* Find(std::string_view name) const override {
    auto it = values.find(name);
    return it == values.end() ? nullptr : &it->second;
  }
};

Path MustCompile(std::string_view text) {
  auto path = Path::Compile(text);
  EXPECT_TRUE(path.has_value()) << text << ": " << path.error();
  return std::move(path).value();
}

Result<Json, std::string> Eval(std::string_view text, const Json& input) {
  PathContext context{&input, nullptr, nullptr};
  return MustCompile(text).Evaluate(context);
}

const Json kStore = Json::parse(R"({
  "store": {
    "book": [
      {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
      {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
      {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick",
       "isbn": "0-553-21311-3", "price": 8.99},
      {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord",
       "isbn": "0-395-19395-8", "price": 22.99}
    ],
    "bicycle": {"color": "red", "price": 19.95}
  },
  "expensive": 10
})");

TEST(PathCompile, RootsAndKinds) {
  Path input = MustCompile("$.a.b");
  EXPECT_EQ(input.root(), PathRoot::kInput);
  EXPECT_TRUE(input.is_reference());
  EXPECT_TRUE(input.is_definite());
  EXPECT_EQ(input.text(), "$.a.b");

  Path context = MustCompile("$$.Execution.Id");
  EXPECT_EQ(context.root(), PathRoot::kContext);
  EXPECT_TRUE(context.is_reference());

  Path variable = MustCompile("$order.id");
  EXPECT_EQ(variable.root(), PathRoot::kVariable);
  EXPECT_EQ(variable.variable_name(), "order");
  EXPECT_TRUE(variable.is_reference());

  EXPECT_TRUE(MustCompile("$").is_reference());
  EXPECT_TRUE(MustCompile("$['a b'][0].c").is_reference());
  EXPECT_TRUE(MustCompile("$.a[-1]").is_definite());
}

TEST(PathCompile, IndefinitePathsAreNotReferencePaths) {
  for (const char* text :
       {"$.a[*]", "$..a", "$.a[0:2]", "$.a[0,1]", "$['a','b'].c", "$.a[?(@.b > 1)]", "$.*"}) {
    Path p = MustCompile(text);
    EXPECT_FALSE(p.is_reference()) << text;
    EXPECT_FALSE(p.is_definite()) << text;
  }
  // A leaf union merges into one object (Jayway), so it is definite but not a reference path.
  Path merge = MustCompile("$['a','b']");
  EXPECT_TRUE(merge.is_definite());
  EXPECT_FALSE(merge.is_reference());
  EXPECT_TRUE(MustCompile("$.a.length()").is_definite());
}

TEST(PathCompile, RejectsMalformedPaths) {
  for (const char* text :
       {"", "a.b", "$.", "$..", "$[", "$['a'", "$[abc]", "$.a[?(@.b]", "$.a b",
        "$.a[?(@.b =~ /[/)]", "$[1:2:0]", "$.a.nosuchfn()", "$.length().a", "$a.[0]"}) {
    EXPECT_FALSE(Path::Compile(text).has_value()) << text;
  }
}

// A repetition count std::regex would overflow on is refused before it gets there, naming it.
TEST(PathCompile, RefusesARegexRepetitionCountOverTheLimit) {
  auto path = Path::Compile("$.a[?(@.b =~ /x{6666666666666666667}/)]");
  ASSERT_FALSE(path.has_value());
  EXPECT_NE(path.error().find("the repetition count 6666666666666666667"), std::string::npos)
      << path.error();
}

TEST(PathEvaluate, DefinitePaths) {
  EXPECT_EQ(*Eval("$", kStore), kStore);
  EXPECT_EQ(*Eval("$.expensive", kStore), 10);
  EXPECT_EQ(*Eval("$.store.book[0].author", kStore), "Nigel Rees");
  EXPECT_EQ(*Eval("$['store']['book'][-1]['title']", kStore), "The Lord");
  EXPECT_EQ(*Eval("$[\"store\"].bicycle.color", kStore), "red");
  EXPECT_EQ(*Eval("$.store.book.length()", kStore), 4);
  Json quoted = Json::parse(R"({"a b": {"it's": 1}, "x-y:z": 2})");
  // A backslash in a quoted name is kept (AWS: $['Test\""Name"'] finds the key Test\""Name").
  EXPECT_EQ(*Eval("$['a b']['it\\'s']", Json::parse(R"({"a b": {"it\\'s": 1}})")), 1);
  EXPECT_EQ(*Eval("$.x-y:z", quoted), 2);
}

TEST(PathEvaluate, MissingLeafIsNoResults) {
  auto r = Eval("$.NoSuchInputPath", Json::parse(R"({"a": 1})"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(),
            "Invalid path '$.NoSuchInputPath' : No results for path: "
            "$['NoSuchInputPath']");
}

TEST(PathEvaluate, MissingIntermediateIsMissingProperty) {
  auto r = Eval("$.no.such.result.path", Json::parse(R"({"a": 1})"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), "Invalid path '$.no.such.result.path' : Missing property in path $['no']");
}

TEST(PathEvaluate, IndexOutOfRangeIsNoResults) {
  auto r = Eval("$.a[5]", Json::parse(R"({"a": [1, 2]})"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), "Invalid path '$.a[5]' : No results for path: $['a'][5]");
}

TEST(PathEvaluate, PropertyOfNonObjectIsAnError) {
  auto r = Eval("$.a.b", Json::parse(R"({"a": "text"})"));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("Expected to find an object with property ['b'] in path $['a']"),
            std::string::npos)
      << r.error();
}

TEST(PathEvaluate, IndexIntoNonArrayIsAnError) {
  Json input = Json::parse(R"({"a": {"x": 1}, "n": null})");
  EXPECT_EQ(Eval("$.a[0].b", input).error(),
            "Invalid path '$.a[0].b' : Filter: [0]['b'] can only be applied to arrays. Current "
            "context is: {x=1}");
  EXPECT_EQ(Eval("$.n[0]", input).error(), "Invalid path '$.n[0]' : The path $['n'] is null");
}

TEST(PathEvaluate, Wildcards) {
  EXPECT_EQ(*Eval("$.store.book[*].author", kStore),
            Json::parse(R"(["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"])"));
  EXPECT_EQ(*Eval("$.store.bicycle.*", kStore), Json::parse(R"(["red", 19.95])"));
  // Indefinite paths never fail: missing members are skipped.
  EXPECT_EQ(*Eval("$.store.book[*].isbn", kStore),
            Json::parse(R"(["0-553-21311-3","0-395-19395-8"])"));
  EXPECT_EQ(*Eval("$.store.book[*].nothing[*]", kStore), Json::array());
  // AWS answers [] when an indefinite path's prefix is missing (conformance case
  // test_json_path_array_wildcard_or_slice_with_no_input).
  EXPECT_EQ(*Eval("$.nothing[*]", kStore), Json::array());
  EXPECT_EQ(*Eval("$.item.items[1:5].itemValue", Json::object()), Json::array());
}

TEST(PathEvaluate, RecursiveDescent) {
  EXPECT_EQ(*Eval("$..author", kStore),
            Json::parse(R"(["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"])"));
  EXPECT_EQ(*Eval("$.store..price", kStore), Json::parse("[8.95, 12.99, 8.99, 22.99, 19.95]"))
      << Eval("$.store..price", kStore)->dump();
  EXPECT_EQ(*Eval("$..book[2].title", kStore), Json::parse(R"(["Moby Dick"])"));
  // A union after `..` only takes objects that hold every name (Jayway), merged per object.
  EXPECT_EQ(*Eval("$..['category','isbn']", kStore),
            Json::parse(R"([{"category":"fiction","isbn":"0-553-21311-3"},
                            {"category":"fiction","isbn":"0-395-19395-8"}])"));
  EXPECT_EQ(Eval("$..*", Json::parse(R"({"a": {"b": 1}, "c": [2]})"))->dump(),
            R"([{"b":1},[2],1,2])");
}

TEST(PathEvaluate, SlicesAndUnions) {
  Json arr = Json::parse(R"({"a": [0, 1, 2, 3, 4, 5]})");
  EXPECT_EQ(*Eval("$.a[1:3]", arr), Json::parse("[1, 2]"));
  EXPECT_EQ(*Eval("$.a[:2]", arr), Json::parse("[0, 1]"));
  EXPECT_EQ(*Eval("$.a[-2:]", arr), Json::parse("[4, 5]"));
  EXPECT_EQ(*Eval("$.a[::2]", arr), Json::parse("[0, 2, 4]"));
  EXPECT_EQ(*Eval("$.a[::-2]", arr), Json::parse("[5, 3, 1]"));
  EXPECT_EQ(*Eval("$.a[10:]", arr), Json::array());
  EXPECT_EQ(*Eval("$.a[0,2,-1]", arr), Json::parse("[0, 2, 5]"));
  EXPECT_EQ(*Eval("$.store.book[0,1].title", kStore), Json::parse(R"(["Sayings","Sword"])"));
  EXPECT_EQ(*Eval("$.store.bicycle['color','price']", kStore),
            Json::parse(R"({"color":"red","price":19.95})"));
}

TEST(PathEvaluate, Filters) {
  EXPECT_EQ(*Eval("$.store.book[?(@.price < 10)].title", kStore),
            Json::parse(R"(["Sayings","Moby Dick"])"));
  EXPECT_EQ(*Eval("$.store.book[?(@.isbn)].title", kStore),
            Json::parse(R"(["Moby Dick","The Lord"])"));
  EXPECT_EQ(*Eval("$.store.book[?(!@.isbn)].title", kStore), Json::parse(R"(["Sayings","Sword"])"));
  EXPECT_EQ(*Eval("$.store.book[?(@.category == 'fiction' && @.price > 20)].title", kStore),
            Json::parse(R"(["The Lord"])"));
  EXPECT_EQ(*Eval("$.store.book[?(@.price > $.expensive)].title", kStore),
            Json::parse(R"(["Sword","The Lord"])"));
  EXPECT_EQ(*Eval("$.store.book[?(@.author =~ /.*melville/i)].price", kStore),
            Json::parse("[8.99]"));
  EXPECT_EQ(*Eval("$.store.book[?(@.category in ['reference'])].title", kStore),
            Json::parse(R"(["Sayings"])"));
  EXPECT_EQ(*Eval("$.store.book[?(@.title.length() > 8)].title", kStore),
            Json::parse(R"(["Moby Dick"])"));
  EXPECT_EQ(*Eval("$..book[?(@.price == 8.95 || @.price == 22.99)].title", kStore),
            Json::parse(R"(["Sayings","The Lord"])"));
  EXPECT_EQ(*Eval("$.a[?(@ > 1)]", Json::parse(R"({"a": [1, 2, 3]})")), Json::parse("[2, 3]"));
}

// A chain of || or && is one node however long (it was a tree as deep as the chain, and 60,000
// operands overflowed the stack), keeps && binding tighter than ||, and nesting with ( and !
// is bounded instead of recursing without limit.
TEST(PathEvaluate, LongFilterChainsAndDeepNesting) {
  const Json items = Json::parse(R"({"a": [{"b": 1}, {"b": 2}, {"b": 3}]})");
  std::string chain = "@.b == 3";
  for (int i = 0; i < 60000; ++i) chain += " || @.b == 100";
  EXPECT_EQ(*Eval("$.a[?(" + chain + ")]", items), Json::parse(R"([{"b": 3}])"));
  std::string both = "@.b > 0";
  for (int i = 0; i < 60000; ++i) both += " && @.b < 3";
  EXPECT_EQ(*Eval("$.a[?(" + both + ")]", items), Json::parse(R"([{"b": 1}, {"b": 2}])"));
  EXPECT_EQ(*Eval("$.a[?(@.b == 1 || @.b == 2 && @.b == 3 || @.b == 3)]", items),
            Json::parse(R"([{"b": 1}, {"b": 3}])"));

  const std::string ok = std::string(500, '(') + "@.b == 2" + std::string(500, ')');
  EXPECT_EQ(*Eval("$.a[?(" + ok + ")]", items), Json::parse(R"([{"b": 2}])"));
  for (const std::string& deep : {std::string(100000, '(') + "@.b == 2" + std::string(100000, ')'),
                                  std::string(100000, '!') + "@.b"}) {
    auto path = Path::Compile("$.a[?(" + deep + ")]");
    ASSERT_FALSE(path.has_value());
    EXPECT_NE(path.error().find("nests ! and ( deeper than 1000 levels"), std::string::npos)
        << path.error().substr(0, 200);
  }
}

TEST(PathEvaluate, ContextAndVariables) {
  Json input = Json::parse(R"({"a": 1})");
  Json context = Json::parse(R"({"Execution": {"Id": "arn:x"}})");
  MapVariables vars;
  vars.values["order"] = Json::parse(R"({"id": 7, "items": [1, 2]})");
  PathContext ctx{&input, &context, &vars};
  EXPECT_EQ(*MustCompile("$$.Execution.Id").Evaluate(ctx), "arn:x");
  EXPECT_EQ(*MustCompile("$order.id").Evaluate(ctx), 7);
  EXPECT_EQ(*MustCompile("$order.items[1]").Evaluate(ctx), 2);
  EXPECT_EQ(*MustCompile("$order").Evaluate(ctx), vars.values["order"]);
  EXPECT_FALSE(MustCompile("$nosuch").Evaluate(ctx).has_value());
  EXPECT_FALSE(MustCompile("$$.Execution.Name").Evaluate(ctx).has_value());
}

TEST(SetAtReferencePath, WritesAndCreatesIntermediates) {
  Json input = Json::parse(R"({"a": 1, "b": {"c": 2}, "arr": [0, {"x": 1}]})");
  EXPECT_EQ(*SetAtReferencePath(input, MustCompile("$"), Json("r")), "r");
  EXPECT_EQ(SetAtReferencePath(input, MustCompile("$.r"), Json(5))->dump(),
            R"({"a":1,"b":{"c":2},"arr":[0,{"x":1}],"r":5})");
  EXPECT_EQ(SetAtReferencePath(input, MustCompile("$.b.c"), Json(5))->dump(),
            R"({"a":1,"b":{"c":5},"arr":[0,{"x":1}]})");
  EXPECT_EQ(SetAtReferencePath(input, MustCompile("$.n.m.o"), Json(5))->dump(),
            R"({"a":1,"b":{"c":2},"arr":[0,{"x":1}],"n":{"m":{"o":5}}})");
  EXPECT_EQ(SetAtReferencePath(input, MustCompile("$.arr[1].y"), Json(5))->dump(),
            R"({"a":1,"b":{"c":2},"arr":[0,{"x":1,"y":5}]})");
}

TEST(SetAtReferencePath, FailsThroughNonObjects) {
  Json input = Json::parse(R"({"a": 1, "arr": [0]})");
  EXPECT_FALSE(SetAtReferencePath(input, MustCompile("$.a.b"), Json(5)).has_value());
  EXPECT_FALSE(SetAtReferencePath(input, MustCompile("$.arr[3]"), Json(5)).has_value());
  EXPECT_FALSE(SetAtReferencePath(Json("str"), MustCompile("$.x"), Json(5)).has_value());
  EXPECT_FALSE(SetAtReferencePath(input, MustCompile("$..a"), Json(5)).has_value());
  EXPECT_FALSE(SetAtReferencePath(input, MustCompile("$$.a"), Json(5)).has_value());
}

}  // namespace
}  // namespace tern::asl::jsonpath
