// TestState (engine/test_state.h): one state run through the engine on its own.
#include "engine/test_state.h"

#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace tern::engine::testing {
namespace {

TestStateResult RunOne(const std::string& definition, const Json& input, Invoker& invoker,
                       InspectionLevel level = InspectionLevel::kDebug,
                       const Json& variables = Json::object()) {
  auto machine = BuildTestStateMachine(Json::parse(definition), "");
  EXPECT_TRUE(machine) << (machine ? "" : machine.error());
  TestStateRequest request;
  request.input = input;
  request.variables = variables;
  request.inspection = level;
  request.options.execution_name = "test";
  return RunTestState(*machine, request, invoker);
}

constexpr const char* kFn = R"("Resource":"arn:aws:lambda:us-east-1:123456789012:function:f",)";

TEST(TestState, PassReportsOutputNextStateAndEachProcessingStep) {
  ScriptedInvoker invoker;
  TestStateResult r = RunOne(R"({"Type":"Pass","InputPath":"$.in","Parameters":{"x.$":"$.a"},
                              "ResultPath":"$.r","Next":"After"})",
                             Json::parse(R"({"in":{"a":1}})"), invoker);
  EXPECT_EQ(r.status, "SUCCEEDED");
  EXPECT_EQ(r.next_state, "After");
  EXPECT_EQ(*r.output, Json::parse(R"({"in":{"a":1},"r":{"x":1}})"));
  EXPECT_EQ(r.inspection_data["afterInputPath"], R"({"a":1})");
  EXPECT_EQ(r.inspection_data["afterParameters"], R"({"x":1})");
  EXPECT_EQ(r.inspection_data["afterResultPath"], R"({"in":{"a":1},"r":{"x":1}})");
  EXPECT_TRUE(invoker.requests.empty());
  TestStateResult info =
      RunOne(R"({"Type":"Pass","End":true})", Json::object(), invoker, InspectionLevel::kInfo);
  EXPECT_TRUE(info.inspection_data.is_null());
  EXPECT_TRUE(info.next_state.empty());
}

TEST(TestState, TaskInvokesTheFunctionAndShowsWhatItGotAndReturned) {
  ScriptedInvoker invoker;
  invoker.Add(Json{{"sum", 3}});
  TestStateResult r = RunOne(std::string(R"({"Type":"Task",)") + kFn +
                                 R"("Parameters":{"a.$":"$.a","v.$":"$limit"},
                                 "ResultSelector":{"s.$":"$.sum"},"ResultPath":"$.out",
                                 "Assign":{"last.$":"$.s"},"End":true})",
                             Json{{"a", 1}}, invoker, InspectionLevel::kDebug, Json{{"limit", 5}});
  EXPECT_EQ(r.status, "SUCCEEDED");
  ASSERT_EQ(invoker.requests.size(), 1u);
  EXPECT_EQ(invoker.requests[0].payload, (Json{{"a", 1}, {"v", 5}}));
  EXPECT_EQ(*r.output, (Json{{"a", 1}, {"out", {{"s", 3}}}}));
  EXPECT_EQ(r.inspection_data["afterParameters"], R"({"a":1,"v":5})");
  EXPECT_EQ(r.inspection_data["result"], R"({"sum":3})");
  EXPECT_EQ(r.inspection_data["afterResultSelector"], R"({"s":3})");
  EXPECT_EQ(Json::parse(r.inspection_data["variables"].get<std::string>()),
            (Json{{"limit", 5}, {"last", 3}}));
}

TEST(TestState, RetryCatchAndFailure) {
  const std::string failing = std::string(R"({"Type":"Task",)") + kFn;
  ScriptedInvoker invoker;
  invoker.Add(Unexpected(asl::Failure{"Oops", "it broke"}));
  TestStateResult retriable =
      RunOne(failing + R"("Retry":[{"ErrorEquals":["Oops"],"IntervalSeconds":3600}],"End":true})",
             Json::object(), invoker);
  EXPECT_EQ(retriable.status, "RETRIABLE");
  EXPECT_EQ(retriable.error, "Oops");
  EXPECT_EQ(invoker.requests.size(), 1u);  // the retry is not run

  invoker.Add(Unexpected(asl::Failure{"Oops", "it broke"}));
  TestStateResult caught = RunOne(failing + R"("Retry":[{"ErrorEquals":["Other"]}],
                       "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"Fix"}],
                       "End":true})",
                                  Json{{"id", 1}}, invoker);
  EXPECT_EQ(caught.status, "CAUGHT_ERROR");
  EXPECT_EQ(caught.error, "Oops");
  EXPECT_EQ(caught.cause, "it broke");
  EXPECT_EQ(caught.next_state, "Fix");
  EXPECT_EQ(*caught.output, Json::parse(R"({"id":1,"err":{"Error":"Oops","Cause":"it broke"}})"));

  invoker.Add(Unexpected(asl::Failure{"Oops", "it broke"}));
  TestStateResult failed = RunOne(failing + R"("End":true})", Json::object(), invoker);
  EXPECT_EQ(failed.status, "FAILED");
  EXPECT_EQ(failed.error, "Oops");
  EXPECT_FALSE(failed.output);
}

TEST(TestState, ChoiceWaitAndFail) {
  ScriptedInvoker invoker;
  TestStateResult choice = RunOne(R"({"Type":"Choice","Choices":[
      {"Variable":"$.n","NumericGreaterThan":5,"Next":"Big"}],"Default":"Small"})",
                                  Json{{"n", 9}}, invoker);
  EXPECT_EQ(choice.status, "SUCCEEDED");
  EXPECT_EQ(choice.next_state, "Big");
  TestStateResult wait =
      RunOne(R"({"Type":"Wait","Seconds":86400,"Next":"TestState"})", Json{{"n", 1}}, invoker);
  EXPECT_EQ(wait.status, "SUCCEEDED");      // no real waiting
  EXPECT_EQ(wait.next_state, "TestState");  // back to itself
  TestStateResult fail =
      RunOne(R"({"Type":"Fail","Error":"Bad","Cause":"because"})", Json::object(), invoker);
  EXPECT_EQ(fail.status, "FAILED");
  EXPECT_EQ(fail.error, "Bad");
  EXPECT_EQ(fail.cause, "because");
}

TEST(TestState, WholeMachineWithStateNameAndRefusedTypes) {
  auto machine =
      BuildTestStateMachine(Json::parse(R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},
                                              "B":{"Type":"Pass","Result":2,"End":true}}})"),
                            "B");
  ASSERT_TRUE(machine);
  EXPECT_EQ(machine->state_name, "B");
  ScriptedInvoker invoker;
  TestStateResult r = RunTestState(*machine, TestStateRequest{}, invoker);
  EXPECT_EQ(r.status, "SUCCEEDED");
  EXPECT_EQ(*r.output, Json(2));
  auto map = BuildTestStateMachine(Json::parse(R"({"Type":"Map","End":true})"), "");
  ASSERT_FALSE(map);
  EXPECT_NE(map.error().find("does not support Map or Parallel"), std::string::npos);
}

}  // namespace
}  // namespace tern::engine::testing
