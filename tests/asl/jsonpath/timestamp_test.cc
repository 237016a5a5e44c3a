#include "asl/jsonpath/timestamp.h"

#include <gtest/gtest.h>

namespace tern::asl::jsonpath {
namespace {

TEST(Timestamp, ParsesToInstants) {
  auto a = ParseTimestamp("2016-03-14T01:59:00Z");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->seconds, 1457920740);
  EXPECT_EQ(a->nanos, 0);
  // The same instant written with an offset and a fraction.
  EXPECT_EQ(ParseTimestamp("2016-03-14T03:59:00.000+02:00"), a);
  EXPECT_EQ(ParseTimestamp("2016-03-13T20:59:00-05:00"), a);
  EXPECT_EQ(ParseTimestamp("2016-03-14t01:59:00z"), a);
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00.5Z")->nanos, 500'000'000);
  EXPECT_EQ(ParseTimestamp("1969-12-31T23:59:59Z")->seconds, -1);
  EXPECT_TRUE(ParseTimestamp("2024-02-29T12:00:00Z").has_value());
  EXPECT_LT(*ParseTimestamp("2016-03-14T01:59:00Z"), *ParseTimestamp("2016-03-14T01:59:00.001Z"));
}

TEST(Timestamp, RejectsWhatAwsRejects) {
  for (const char* bad :
       {"05-12-2016T21:29:29Z", "2016-12-05 21:29:29Z", "2016-12-05T21:29:29",
        "2016-12-05T25:29:29Z", "2016-13-05T21:29:29Z", "2023-02-29T00:00:00Z",
        "2016-12-05T21:29:29.Z", "2016-12-05T21:29:29+0100", "2016-12-05T21:29:29Z ", "", "date"}) {
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace tern::asl::jsonpath
