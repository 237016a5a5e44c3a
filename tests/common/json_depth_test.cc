#include "common/json_depth.h"

#include <string>

#include <gtest/gtest.h>

namespace tern {
namespace {

TEST(JsonDepth, CountsArraysAndObjectsButNotBracketsInStrings) {
  EXPECT_FALSE(JsonNestsDeeperThan("1", 0));
  EXPECT_TRUE(JsonNestsDeeperThan("[]", 0));
  EXPECT_FALSE(JsonNestsDeeperThan(R"({"a": [1, {"b": []}]})", 4));
  EXPECT_TRUE(JsonNestsDeeperThan(R"({"a": [1, {"b": []}]})", 3));
  EXPECT_FALSE(JsonNestsDeeperThan(R"(["[[[[", "{{{{"])", 1));
  EXPECT_FALSE(JsonNestsDeeperThan(R"(["\"[[[", "\\", []])", 2));  // escapes end no string early
  EXPECT_TRUE(JsonNestsDeeperThan(R"(["\\", [[]]])", 2));
  // Siblings do not add up.
  EXPECT_FALSE(JsonNestsDeeperThan("[[], [], [[]]]", 3));
}

TEST(JsonDepth, TheDefaultLimitIsAThousandLevels) {
  const std::string ok = std::string(1000, '[') + std::string(1000, ']');
  const std::string deep = std::string(1001, '[') + std::string(1001, ']');
  EXPECT_FALSE(JsonNestsDeeperThan(ok));
  EXPECT_TRUE(JsonNestsDeeperThan(deep));
  EXPECT_TRUE(JsonNestsDeeperThan(std::string(100000, '[')));  // not JSON: brackets alone
}

}  // namespace
}  // namespace tern
