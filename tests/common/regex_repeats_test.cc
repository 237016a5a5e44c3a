#include "common/regex_repeats.h"

#include <gtest/gtest.h>

namespace tern {
namespace {

TEST(RegexRepeats, AcceptsCountsStdRegexCanBuild) {
  for (const char* ok : {"", "a{3}", "a{0,100000}", "a{2,}", "x{000000000000000000012}",
                         "[{99999999999}]", "\\{99999999999}", "a{", "a{x}", "a{12", "{}"}) {
    EXPECT_EQ(CheckRegexRepeats(ok), "") << ok;
  }
}

TEST(RegexRepeats, RefusesCountsOverTheLimitBeforeStdRegexOverflows) {
  EXPECT_EQ(CheckRegexRepeats("a{6666666666666666667}"),
            "the repetition count 6666666666666666667 in 'a{6666666666666666667}' is too large "
            "(at most 100000)");
  EXPECT_NE(CheckRegexRepeats("a{100001}"), "");
  EXPECT_NE(CheckRegexRepeats("a{1,99999999999999999999}"), "");
  EXPECT_NE(CheckRegexRepeats("[a]b{1000000}"), "") << "after a class closes, counts count";
  EXPECT_NE(CheckRegexRepeats("\\\\{1000000}"), "") << "an escaped backslash escapes nothing";
}

}  // namespace
}  // namespace tern
