#include "asl/jsonpath/java_collections.h"

#include <gtest/gtest.h>

namespace tern::asl::jsonpath {
namespace {

// Expected values are what a JVM computes for the same Java values.
TEST(JavaCollections, HashCodes) {
  EXPECT_EQ(JavaStringHash(""), 0);
  EXPECT_EQ(JavaStringHash("Id"), 2363);
  EXPECT_EQ(JavaStringHash("hello"), 99162322);
  EXPECT_EQ(JavaStringHash("\xF0\x9F\x9A\x80"), 1773027);  // U+1F680 as a surrogate pair
  EXPECT_EQ(JavaHashCode(Json(true)), 1231);
  EXPECT_EQ(JavaHashCode(Json(false)), 1237);
  EXPECT_EQ(JavaHashCode(Json(nullptr)), 0);
  EXPECT_EQ(JavaHashCode(Json(-7)), -7);
  EXPECT_EQ(JavaHashCode(Json(1.0)), 1072693248);
  EXPECT_EQ(JavaHashCode(Json(5000000000LL)), 705032705);   // Long
  EXPECT_EQ(JavaHashCode(Json::parse("[1, 2]")), 994);      // List
  EXPECT_EQ(JavaHashCode(Json::parse(R"({"a": 1})")), 96);  // Map: "a".hashCode() ^ 1
}

TEST(JavaCollections, EqualityFollowsJavaTypes) {
  EXPECT_TRUE(JavaEquals(Json::parse(R"({"a":1,"b":2})"), Json::parse(R"({"b":2,"a":1})")));
  EXPECT_FALSE(JavaEquals(Json(1), Json(1.0)));
  EXPECT_FALSE(JavaEquals(Json::parse("[1, 2]"), Json::parse("[2, 1]")));
  EXPECT_TRUE(JavaEquals(Json("x"), Json("x")));
}

TEST(JavaCollections, HashMapOrder) {
  EXPECT_EQ(JavaTableSizeFor(5), 8u);
  EXPECT_EQ(JavaTableSizeFor(16), 16u);
  // Keys "b", "a" (hashes 98, 97) come out by bucket: a, b.
  EXPECT_EQ(HashMapIterationOrder({98, 97}, 16), (std::vector<size_t>{1, 0}));
  // Same bucket keeps insertion order.
  EXPECT_EQ(HashMapIterationOrder({17, 1}, 16), (std::vector<size_t>{0, 1}));
  // 13 keys grow a 16-bucket table to 32, which separates 1 and 17.
  std::vector<int32_t> hashes = {17, 1, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110};
  EXPECT_EQ(HashMapIterationOrder(hashes, 16).front(), 1u);
}

}  // namespace
}  // namespace tern::asl::jsonpath
