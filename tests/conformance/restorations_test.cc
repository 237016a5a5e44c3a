// The rules that decide whether a line of RESTORED_INPUTS.jsonl may be applied to a recorded
// case (restorations.h): a restoration that does not match its recording must be refused, or the
// conformance figure would count cases tern never ran as AWS did.
#include "tests/conformance/restorations.h"

#include <gtest/gtest.h>

namespace tern::testing {
namespace {

Json Case(Json input, Json definition) {
  return Json{{"id", "x"}, {"definition", std::move(definition)}, {"input", std::move(input)}};
}

Json WaitOn(const std::string& field) {
  return Json::parse(R"({"StartAt": "W", "States": {"W": {"Type": "Wait", ")" + field +
                     R"(": "$.t", "End": true}}})");
}

TEST(Restorations, DatePlaceholderHidesOnlyTimestamps) {
  EXPECT_TRUE(RedactsTo(Json{{"t", "2016-03-14T01:59:00Z"}}, Json{{"t", "date"}}, "date"));
  EXPECT_TRUE(RedactsTo(Json{{"t", "2016-03-05T21:29:29.243167252Z"}}, Json{{"t", "date"}}, "date"));
  EXPECT_FALSE(RedactsTo(Json{{"t", "tomorrow"}}, Json{{"t", "date"}}, "date"));
  EXPECT_FALSE(RedactsTo(Json{{"t", 1}}, Json{{"t", "date"}}, "date"));
  // Everything else must be equal: an extra key, another value or another placeholder is refused.
  EXPECT_FALSE(RedactsTo(Json{{"t", "2016-03-14T01:59:00Z"}, {"u", 1}}, Json{{"t", "date"}}, "date"));
  EXPECT_FALSE(RedactsTo(Json{{"t", "2016-03-14T01:59:00Z"}}, Json{{"t", "<timestamp>"}}, "date"));
  EXPECT_FALSE(RedactsTo(Json{{"v", true}}, Json{{"v", false}}, "date"));
  EXPECT_TRUE(RedactsTo(Json{{"v", 1}}, Json{{"v", 1.0}}, "date"));
}

TEST(Restorations, KeyPlaceholderHidesAnyString) {
  EXPECT_TRUE(RedactsTo(Json{{"t", "2016-12-05 21:29:29Z"}}, Json{{"t", "timestamp"}}, "timestamp"));
  EXPECT_TRUE(RedactsTo(Json{{"t", "05-12-2016T21:29:29Z"}}, Json{{"t", "timestamp"}}, "timestamp"));
  EXPECT_FALSE(RedactsTo(Json{{"t", 5}}, Json{{"t", "timestamp"}}, "timestamp"));
}

TEST(Restorations, RestoresTheInputAndLiteral) {
  Restoration r;
  r.input = Json{{"t", "2012-10-09T19:00:55Z"}};
  r.literal = "2012-10-09T19:00:56Z";
  Json recorded = Case(Json{{"t", "date"}}, WaitOn("TimestampPath"));
  recorded["definition"]["States"]["W"]["Comment"] = "date";
  auto restored = RestoreCase(recorded, r);
  ASSERT_TRUE(restored);
  EXPECT_EQ((*restored)["input"], *r.input);
  EXPECT_EQ((*restored)["definition"]["States"]["W"]["Comment"], "2012-10-09T19:00:56Z");
  EXPECT_EQ(recorded["input"]["t"], "date") << "the recording itself is left alone";
}

TEST(Restorations, RefusesWhatTheRecordingDoesNotShow) {
  const Json recorded = Case(Json{{"t", "date"}}, WaitOn("TimestampPath"));
  Restoration wrong_input;
  wrong_input.input = Json{{"other", "2012-10-09T19:00:55Z"}};
  EXPECT_FALSE(RestoreCase(recorded, wrong_input));

  Restoration literal_nowhere;
  literal_nowhere.input = Json{{"t", "2012-10-09T19:00:55Z"}};
  literal_nowhere.literal = "2012-10-09T19:00:55Z";
  EXPECT_FALSE(RestoreCase(recorded, literal_nowhere)) << "no placeholder in the definition";

  Restoration not_a_timestamp;
  not_a_timestamp.input = Json{{"t", "2012-10-09T19:00:55Z"}};
  not_a_timestamp.literal = "soon";
  Json with_literal = recorded;
  with_literal["definition"]["States"]["W"]["Comment"] = "date";
  EXPECT_FALSE(RestoreCase(with_literal, not_a_timestamp));

  Restoration leaves_one;
  leaves_one.input = Json{{"t", "2012-10-09T19:00:55Z"}};
  EXPECT_FALSE(RestoreCase(with_literal, leaves_one)) << "a placeholder left in the definition";
}

TEST(Restorations, DefinitionSetOnlyChangesFieldsTheRecordingHas) {
  const Json recorded = Case(Json::object(), WaitOn("TimestampPath"));
  Restoration r;
  r.definition_set.emplace_back(Json::json_pointer("/States/W/TimestampPath"), "$.u");
  auto restored = RestoreCase(recorded, r);
  ASSERT_TRUE(restored);
  EXPECT_EQ((*restored)["definition"]["States"]["W"]["TimestampPath"], "$.u");

  Restoration adds_a_field;
  adds_a_field.definition_set.emplace_back(Json::json_pointer("/States/W/Seconds"), 3);
  EXPECT_FALSE(RestoreCase(recorded, adds_a_field));
}

TEST(Restorations, ParseRefusesLinesThatRestoreNothing) {
  EXPECT_TRUE(ParseRestoration(Json{{"id", "a"}, {"input", Json::object()}}));
  EXPECT_FALSE(ParseRestoration(Json{{"id", "a"}}));
  EXPECT_FALSE(ParseRestoration(Json{{"input", Json::object()}}));
  EXPECT_FALSE(ParseRestoration(Json{{"id", "a"}, {"definition_set", Json::object()}}));
  EXPECT_FALSE(ParseRestoration(Json{{"id", "a"}, {"definition_set", Json{{"no-slash", 1}}}}));
  EXPECT_FALSE(ParseRestoration(Json{{"id", "a"}, {"input", 1}, {"placeholder", 2}}));
  auto parsed = ParseRestoration(
      Json{{"id", "a"}, {"placeholder", "timestamp"}, {"definition_set", Json{{"/States", 1}}}});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->placeholder, "timestamp");
  ASSERT_EQ(parsed->definition_set.size(), 1u);
}

}  // namespace
}  // namespace tern::testing
