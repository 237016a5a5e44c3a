// tern serve's life cycle: an execution started on one server, stopped with SIGTERM while it
// waits, is resumed by the next server on the same database and finishes there.
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"
#include "tests/server/raw_client.h"
#include "tests/server/serve_process.h"

namespace tern::testing {
namespace {

Json Call(int port, const std::string& action, const Json& body) {
  RawConnection c(port);
  c.Send(SfnRequest(action, body.dump()));
  RawResponse r = c.Read();
  Json out = Json::parse(r.body, nullptr, false);
  EXPECT_EQ(r.status, 200) << action << ": " << r.body;
  return out;
}

TEST(ServeRestartTest, UnfinishedExecutionsResumeOnTheNextStart) {
  ScratchDir dir;
  const std::string db = dir.path() + "/tern.db";
  const std::string arn = "arn:aws:states:us-east-1:123456789012:execution:napper:nap-1";
  {
    ServeProcess first;
    ASSERT_TRUE(first.Start(dir.path(), {"--db", db})) << first.log();
    Call(first.port(), "CreateStateMachine",
         Json{{"name", "napper"},
              {"roleArn", "arn:aws:iam::123456789012:role/r"},
              {"definition",
               R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":2,"Next":"P"},)"
               R"("P":{"Type":"Pass","Result":"rested","End":true}}})"}});
    Json started =
        Call(first.port(), "StartExecution",
             Json{{"stateMachineArn", "arn:aws:states:us-east-1:123456789012:stateMachine:napper"},
                  {"name", "nap-1"}});
    EXPECT_EQ(started["executionArn"], arn);
    EXPECT_EQ(first.Stop(), 0) << first.log();
  }
  ServeProcess second;
  ASSERT_TRUE(second.Start(dir.path(), {"--db", db})) << second.log();
  EXPECT_NE(second.log().find("resumed 1 unfinished execution"), std::string::npos) << second.log();
  Json d;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    d = Call(second.port(), "DescribeExecution", Json{{"executionArn", arn}});
    if (d.value("status", "") != "RUNNING") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling the API
  }
  EXPECT_EQ(d["status"], "SUCCEEDED") << d.dump();
  EXPECT_EQ(d["output"], "\"rested\"");
  EXPECT_EQ(second.Stop(), 0) << second.log();
}

TEST(ServeRestartTest, TagsAndActivitiesSurviveARestart) {
  ScratchDir dir;
  const std::string db = dir.path() + "/tern.db";
  const std::string machine = "arn:aws:states:us-east-1:123456789012:stateMachine:tagged";
  const std::string activity = "arn:aws:states:us-east-1:123456789012:activity:approve";
  {
    ServeProcess first;
    ASSERT_TRUE(first.Start(dir.path(), {"--db", db})) << first.log();
    Call(first.port(), "CreateStateMachine",
         Json{{"name", "tagged"},
              {"roleArn", "arn:aws:iam::123456789012:role/r"},
              {"definition", R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})"},
              {"tags", Json::array({Json{{"key", "team"}, {"value", "a"}}})}});
    Call(first.port(), "TagResource",
         Json{{"resourceArn", machine},
              {"tags", Json::array({Json{{"key", "env"}, {"value", "dev"}},
                                    Json{{"key", "gone"}, {"value", "x"}}})}});
    Call(first.port(), "UntagResource",
         Json{{"resourceArn", machine}, {"tagKeys", Json::array({"gone"})}});
    Call(first.port(), "CreateActivity", Json{{"name", "approve"}});
    Call(first.port(), "CreateActivity", Json{{"name", "dropped"}});
    Call(first.port(), "DeleteActivity",
         Json{{"activityArn", "arn:aws:states:us-east-1:123456789012:activity:dropped"}});
    EXPECT_EQ(first.Stop(), 0) << first.log();
  }
  ServeProcess second;
  ASSERT_TRUE(second.Start(dir.path(), {"--db", db})) << second.log();
  Json tags = Call(second.port(), "ListTagsForResource", Json{{"resourceArn", machine}});
  EXPECT_EQ(tags["tags"],
            Json::parse(R"([{"key":"env","value":"dev"},{"key":"team","value":"a"}])"))
      << tags.dump();
  Json activities = Call(second.port(), "ListActivities", Json::object());
  ASSERT_EQ(activities["activities"].size(), 1u) << activities.dump();
  EXPECT_EQ(activities["activities"][0]["activityArn"], activity);
  Json described = Call(second.port(), "DescribeActivity", Json{{"activityArn", activity}});
  EXPECT_EQ(described["name"], "approve");
  EXPECT_EQ(second.Stop(), 0) << second.log();
}

}  // namespace
}  // namespace tern::testing
