// RedriveExecution and TestState through Route(): shapes and AWS's error types (API.md A.2,
// A.3, D.1). The fixture's invoker has no functions: every task fails.
#include <gtest/gtest.h>

#include "tests/server/api_fixture.h"

namespace tern::testing {
namespace {

using SfnRedriveApiTest = ApiFixture;

constexpr const char* kCallsAFunction = R"({"StartAt":"Prep","States":{
  "Prep":{"Type":"Pass","Result":1,"ResultPath":"$.p","Next":"Call"},
  "Call":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:nowhere",
          "End":true}}})";

TEST_F(SfnRedriveApiTest, RedriveCountsAndRefusesWhatCannotBeRedriven) {
  const std::string arn = CreateMachine("redrive", kCallsAFunction);
  Json started = Ok("StartExecution", Json{{"stateMachineArn", arn}, {"name", "r1"}});
  const std::string execution = started["executionArn"];
  ASSERT_TRUE(runner_->WaitFor(execution));
  Json failed = Ok("DescribeExecution", Json{{"executionArn", execution}});
  ASSERT_EQ(failed["status"], "FAILED");
  EXPECT_EQ(failed["redriveStatus"], "REDRIVABLE");
  EXPECT_EQ(failed["redriveCount"], 0);
  EXPECT_FALSE(failed.contains("redriveDate"));

  Json redriven = Ok("RedriveExecution", Json{{"executionArn", execution}});
  EXPECT_TRUE(redriven["redriveDate"].is_number());
  ASSERT_TRUE(runner_->WaitFor(execution));  // fails again: the function is still missing
  Json again = Ok("DescribeExecution", Json{{"executionArn", execution}});
  EXPECT_EQ(again["status"], "FAILED");
  EXPECT_EQ(again["redriveCount"], 1);
  EXPECT_EQ(again["redriveDate"], redriven["redriveDate"]);
  Json history = Ok("GetExecutionHistory", Json{{"executionArn", execution}});
  int entered_prep = 0, redrives = 0;
  for (const Json& e : history["events"]) {
    entered_prep += e["type"] == "PassStateEntered";
    if (e["type"] == "ExecutionRedriven") {
      ++redrives;
      EXPECT_EQ(e["executionRedrivenEventDetails"], (Json{{"redriveCount", 1}}));
    }
  }
  EXPECT_EQ(entered_prep, 1);
  EXPECT_EQ(redrives, 1);
  Json listed = Ok("ListExecutions", Json{{"stateMachineArn", arn}, {"redriveFilter", "REDRIVEN"}});
  ASSERT_EQ(listed["executions"].size(), 1u);
  EXPECT_EQ(listed["executions"][0]["redriveCount"], 1);
  EXPECT_TRUE(Ok("ListExecutions",
                 Json{{"stateMachineArn", arn}, {"redriveFilter", "NOT_REDRIVEN"}})["executions"]
                  .empty());
  EXPECT_EQ(ErrorType("ListExecutions", Json{{"stateMachineArn", arn}, {"redriveFilter", "x"}}),
            "ValidationException");

  const std::string ok =
      CreateMachine("fine", R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})");
  Json done = Ok("StartExecution", Json{{"stateMachineArn", ok}, {"name", "ok1"}});
  ASSERT_TRUE(runner_->WaitFor(done["executionArn"]));
  EXPECT_EQ(ErrorType("RedriveExecution", Json{{"executionArn", done["executionArn"]}}),
            "ExecutionNotRedrivable");
  EXPECT_EQ(ErrorType("RedriveExecution",
                      Json{{"executionArn",
                            "arn:aws:states:us-east-1:123456789012:execution:fine:missing"}}),
            "ExecutionDoesNotExist");
  EXPECT_EQ(ErrorType("RedriveExecution", Json{{"executionArn", "nope"}}), "InvalidArn");
  EXPECT_EQ(ErrorType("RedriveExecution", Json::object()), "ValidationException");
}

TEST_F(SfnRedriveApiTest, TestStateShapesAndErrors) {
  Json pass = Ok("TestState",
                 Json{{"definition", R"({"Type":"Pass","Parameters":{"v.$":"$x"},"Next":"N"})"},
                      {"variables", R"({"x":42})"},
                      {"inspectionLevel", "DEBUG"}});
  EXPECT_EQ(pass["status"], "SUCCEEDED");
  EXPECT_EQ(pass["output"], R"({"v":42})");
  EXPECT_EQ(pass["nextState"], "N");
  EXPECT_EQ(pass["inspectionData"]["input"], "{}");
  EXPECT_EQ(pass["inspectionData"]["variables"], R"({"x":42})");

  Json task = Ok(
      "TestState",
      Json{
          {"definition",
           R"({"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true})"},
          {"roleArn", "arn:aws:iam::123456789012:role/r"}});
  EXPECT_EQ(task["status"], "FAILED");  // no function behind the fixture's invoker
  EXPECT_FALSE(task.value("error", "").empty());
  EXPECT_FALSE(task.contains("inspectionData"));

  Json whole = Ok("TestState", Json{{"definition", kCallsAFunction}, {"stateName", "Prep"}});
  EXPECT_EQ(whole["output"], R"({"p":1})");
  EXPECT_EQ(whole["nextState"], "Call");

  EXPECT_EQ(
      ErrorType(
          "TestState",
          Json{
              {"definition",
               R"({"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true})"}}),
      "ValidationException");
  EXPECT_EQ(ErrorType("TestState", Json{{"definition", R"({"Type":"Map","End":true})"}}),
            "InvalidDefinition");
  EXPECT_EQ(ErrorType("TestState", Json{{"definition", "not json"}}), "InvalidDefinition");
  EXPECT_EQ(
      ErrorType("TestState", Json{{"definition", R"({"Type":"Pass","Next":"A","End":true})"}}),
      "InvalidDefinition");
  EXPECT_EQ(ErrorType("TestState", Json{{"definition", R"({"Type":"Pass","End":true})"},
                                        {"inspectionLevel", "LOUD"}}),
            "ValidationException");
  EXPECT_EQ(
      ErrorType("TestState", Json{{"definition", R"({"Type":"Pass","End":true})"}, {"input", "{"}}),
      "InvalidExecutionInput");
}

}  // namespace
}  // namespace tern::testing
