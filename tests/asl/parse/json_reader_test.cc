#include "asl/parse/json_reader.h"

#include <string>

#include <gtest/gtest.h>

namespace tern::asl {
namespace {

TEST(JsonReader, ParsesValuesAndKeepsKeyOrder) {
  auto doc = ReadJson(R"({"b": 1, "a": [true, null, -2.5e1, "x\u00e9"], "c": {}})");
  ASSERT_TRUE(doc.has_value()) << doc.error().ToString();
  EXPECT_EQ(doc->value.dump(), R"({"b":1,"a":[true,null,-25.0,"xé"],"c":{}})");
}

TEST(JsonReader, RecordsLineAndColumnOfMembersAndItems) {
  auto doc = ReadJson("{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": [1,\n 2]\n  }\n}");
  ASSERT_TRUE(doc.has_value());
  SourceLocation start = doc->locations.Find("/StartAt");
  EXPECT_EQ(start.line, 2);
  EXPECT_EQ(start.column, 3);
  EXPECT_EQ(doc->locations.Find("/States/A").line, 4);
  EXPECT_EQ(doc->locations.Find("/States/A/1").line, 5);
  EXPECT_EQ(doc->locations.Find("/States/A/1").column, 2);
  // A pointer without an entry falls back to its nearest ancestor.
  EXPECT_EQ(doc->locations.Find("/States/A/Next").line, 4);
}

TEST(JsonReader, EscapesPointerTokens) {
  auto doc = ReadJson(R"({"a/b": {"c~d": 1}})");
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(doc->locations.Find("/a~1b/c~0d").column, 10);
}

TEST(JsonReader, ReportsSyntaxErrorsWithLineAndColumn) {
  auto doc = ReadJson("{\n  \"a\": 1\n  \"b\": 2\n}");
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().where.line, 3);
  EXPECT_EQ(doc.error().where.column, 3);
  EXPECT_NE(doc.error().message.find("expected ',' or '}'"), std::string::npos);
}

TEST(JsonReader, RejectsMalformedInput) {
  for (const char* bad :
       {"", "   ", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "\"abc", "\"\\x\"", "tru", "{} x",
        "\"\\ud800\"", "nul", "{\"a\":1,}", "\"a\tb\"", "[1 2]", "1e", "\xff"}) {
    EXPECT_FALSE(ReadJson(bad).has_value()) << "accepted: " << bad;
  }
}

TEST(JsonReader, RejectsInvalidUtf8InStrings) {
  EXPECT_FALSE(ReadJson("\"\xc3\"").has_value());
  EXPECT_FALSE(ReadJson("\"\xed\xa0\x80\"").has_value());  // encoded surrogate
  EXPECT_TRUE(ReadJson("\"\xf0\x9f\x98\x80\"").has_value());
}

TEST(JsonReader, DeepNestingFailsCleanlyInsteadOfOverflowing) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  auto doc = ReadJson(deep);
  ASSERT_FALSE(doc.has_value());
  EXPECT_NE(doc.error().message.find("nesting is deeper than"), std::string::npos);
}

TEST(JsonReader, NumbersKeepIntegersExact) {
  auto doc = ReadJson("[9007199254740993, 18446744073709551615, 1e400]");
  ASSERT_FALSE(doc.has_value());  // 1e400 is out of range
  doc = ReadJson("[9007199254740993, 18446744073709551615, -0]");
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(doc->value.dump(), "[9007199254740993,18446744073709551615,0]");
}

TEST(JsonReader, NotesDuplicateKeys) {
  auto doc = ReadJson("{\"a\": 1,\n \"a\": 2}");
  ASSERT_TRUE(doc.has_value());
  ASSERT_EQ(doc->duplicate_keys.size(), 1u);
  EXPECT_EQ(doc->duplicate_keys[0].pointer, "/a");
  EXPECT_EQ(doc->duplicate_keys[0].where.line, 2);
  EXPECT_EQ(doc->value["a"], 2);
}

// Large objects index their member names (json_reader.cc, kIndexedMembers): the same answers as
// small ones, in the same order, for duplicates on either side of the point where that starts.
TEST(JsonReader, LargeObjectsKeepOrderAndNoteDuplicates) {
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  text += "\"k3\": \"late\", \"k30\": \"later\", \"z\": {\"k0\": 0}}";
  auto doc = ReadJson(text);
  ASSERT_TRUE(doc.has_value());
  ASSERT_EQ(doc->duplicate_keys.size(), 2u);
  EXPECT_EQ(doc->duplicate_keys[0].pointer, "/k3");
  EXPECT_EQ(doc->duplicate_keys[1].pointer, "/k30");
  const Json& v = doc->value;
  ASSERT_EQ(v.size(), 41u);  // k0..k39 and z; a duplicate replaces the value where it was first
  EXPECT_EQ(v["k3"], "late");
  EXPECT_EQ(v["k30"], "later");
  EXPECT_EQ(v["k39"], 39);
  EXPECT_EQ(v.begin().key(), "k0");
  EXPECT_EQ(std::next(v.begin(), 3).key(), "k3");
  EXPECT_EQ(std::prev(v.end()).key(), "z");
  EXPECT_EQ(v["z"]["k0"], 0) << "a nested object's names are its own";
}

}  // namespace
}  // namespace tern::asl
