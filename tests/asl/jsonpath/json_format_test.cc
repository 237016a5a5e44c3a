#include "asl/jsonpath/json_format.h"

#include <gtest/gtest.h>

namespace tern::asl::jsonpath {
namespace {

// Expected strings come from Java's Double.toString on the same values.
TEST(JsonFormat, NumbersLikeJava) {
  EXPECT_EQ(FormatJavaNumber(Json(1)), "1");
  EXPECT_EQ(FormatJavaNumber(Json(-42)), "-42");
  EXPECT_EQ(FormatJavaNumber(Json(1.1)), "1.1");
  EXPECT_EQ(FormatJavaNumber(Json(2.22)), "2.22");
  EXPECT_EQ(FormatJavaNumber(Json(1.0)), "1.0");
  EXPECT_EQ(FormatJavaNumber(Json(-0.0)), "-0.0");
  EXPECT_EQ(FormatJavaNumber(Json(1.0e7)), "1.0E7");
  EXPECT_EQ(FormatJavaNumber(Json(9999999.0)), "9999999.0");
  EXPECT_EQ(FormatJavaNumber(Json(0.001)), "0.001");
  EXPECT_EQ(FormatJavaNumber(Json(1.0e-4)), "1.0E-4");
  EXPECT_EQ(FormatJavaNumber(Json(123456.789)), "123456.789");
  EXPECT_EQ(FormatJavaNumber(Json(1.0e21)), "1.0E21");
  EXPECT_EQ(FormatJavaNumber(Json(-1.5e-7)), "-1.5E-7");
}

TEST(JsonFormat, CompactJson) {
  Json v = Json::parse(R"({"b": [1, 2.5, "x\"y"], "a": {"c": null, "d": true}, "e": 1e7})");
  EXPECT_EQ(ToCompactJson(v), R"({"b":[1,2.5,"x\"y"],"a":{"c":null,"d":true},"e":1.0E7})");
  EXPECT_EQ(ToCompactJson(Json("é")), "\"é\"");
  // Jackson's escapes: short forms, uppercase \u00XX for other control characters.
  EXPECT_EQ(ToCompactJson(Json(std::string("q\"b\\\b\f\n\r\t\x01\x1f/"))),
            R"("q\"b\\\b\f\n\r\t\u0001\u001F/")");
  EXPECT_EQ(ToCompactJson(Json::parse(R"({"k\n": 1})")), R"({"k\n":1})");
}

TEST(JsonFormat, JavaToString) {
  Json v = Json::parse(R"({"Id": "arn:sm", "Name": "MySM", "n": null, "l": [1, "a", {"x": 1.5}]})");
  EXPECT_EQ(ToJavaString(v), "{Id=arn:sm, Name=MySM, n=null, l=[1, a, {x=1.5}]}");
  EXPECT_EQ(ToJavaString(Json("plain")), "plain");
  EXPECT_EQ(ToJavaString(Json::array()), "[]");
  EXPECT_EQ(ToJavaString(Json::object()), "{}");
}

}  // namespace
}  // namespace tern::asl::jsonpath
