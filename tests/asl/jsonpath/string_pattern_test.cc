#include "asl/jsonpath/string_pattern.h"

#include <gtest/gtest.h>

namespace tern::asl::jsonpath {
namespace {

TEST(StringPattern, WildcardsMatchWholeStrings) {
  EXPECT_TRUE(StringPattern("*").Matches(""));
  EXPECT_TRUE(StringPattern("").Matches(""));
  EXPECT_FALSE(StringPattern("").Matches("a"));
  EXPECT_TRUE(StringPattern("log-*.txt").Matches("log-.txt"));
  EXPECT_TRUE(StringPattern("*.log").Matches("a.b.log"));
  EXPECT_FALSE(StringPattern("*.log").Matches("a.log.txt"));
  EXPECT_TRUE(StringPattern("a*b*c").Matches("aXXbYYbc"));
  EXPECT_TRUE(StringPattern("**a**").Matches("bab"));
  EXPECT_FALSE(StringPattern("abc").Matches("ab"));
}

TEST(StringPattern, Escapes) {
  EXPECT_TRUE(StringPattern("a\\*b").Matches("a*b"));
  EXPECT_FALSE(StringPattern("a\\*b").Matches("aXb"));
  EXPECT_TRUE(StringPattern("a\\\\b").Matches("a\\b"));
  EXPECT_TRUE(StringPattern("a\\\\*").Matches("a\\anything"));
}

}  // namespace
}  // namespace tern::asl::jsonpath
