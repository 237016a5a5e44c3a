// Step Functions actions through Route(): shapes, error names and messages (API.md A.2, A.3, D.1,
// D.2), pagination of ListExecutions/GetExecutionHistory/ListStateMachines.
#include <gtest/gtest.h>

#include "tests/server/api_fixture.h"

namespace tern::testing {
namespace {

using SfnApiTest = ApiFixture;

TEST_F(SfnApiTest, UnknownActionWrongContentTypeAndMalformedJson) {
  auto [status, out] = Call("DoSomethingElse", Json::object());
  EXPECT_EQ(status, 400);
  EXPECT_EQ(out["__type"], "UnknownOperationException");

  server::HttpRequest request;
  request.method = "POST";
  request.path = "/";
  request.headers = {{"x-amz-target", "AWSStepFunctions.ListStateMachines"},
                     {"content-type", "text/plain"}};
  EXPECT_EQ(server::Route(ctx_, request).status, 415);

  request.headers = {{"x-amz-target", "AWSStepFunctions.ListStateMachines"},
                     {"content-type", "application/x-amz-json-1.0"}};
  request.body = "{not json";
  server::HttpResponse r = server::Route(ctx_, request);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["__type"], "SerializationException");
  request.body = "[1,2]";
  EXPECT_EQ(Json::parse(server::Route(ctx_, request).body)["__type"], "SerializationException");
  request.body = R"({"stateMachineArn": 5})";
  request.headers[0].second = "AWSStepFunctions.DescribeStateMachine";
  EXPECT_EQ(Json::parse(server::Route(ctx_, request).body)["__type"], "SerializationException");
}

TEST_F(SfnApiTest, StateMachineCrudShapesAndErrors) {
  const std::string arn = CreateMachine("m1", kPass);
  EXPECT_EQ(arn, "arn:aws:states:us-east-1:123456789012:stateMachine:m1");
  // Creating the same thing again answers with it (AWS); a different role is a conflict.
  EXPECT_EQ(CreateMachine("m1", kPass), arn);
  auto [status, conflict] =
      Call("CreateStateMachine", Json{{"name", "m1"},
                                      {"definition", kPass},
                                      {"roleArn", "arn:aws:iam::123456789012:role/other"}});
  EXPECT_EQ(status, 400);
  EXPECT_EQ(conflict["__type"], "StateMachineAlreadyExists");
  EXPECT_EQ(conflict["message"], "State Machine Already Exists: '" + arn + "'");

  Json d = Ok("DescribeStateMachine", Json{{"stateMachineArn", arn}});
  EXPECT_EQ(d["status"], "ACTIVE");
  EXPECT_EQ(d["definition"], kPass);
  EXPECT_TRUE(d["creationDate"].is_number());
  EXPECT_EQ(d["loggingConfiguration"],
            Json::parse(R"({"level":"OFF","includeExecutionData":false})"));

  EXPECT_EQ(ErrorType("UpdateStateMachine", Json{{"stateMachineArn", arn}}),
            "MissingRequiredParameter");
  Json updated = Ok("UpdateStateMachine",
                    Json{{"stateMachineArn", arn},
                         {"definition", R"({"StartAt":"A","States":{"A":{"Type":"Succeed"}}})"}});
  EXPECT_TRUE(updated["updateDate"].is_number());
  EXPECT_FALSE(updated["revisionId"].get<std::string>().empty());

  auto [missing_status, missing] =
      Call("DescribeStateMachine",
           Json{{"stateMachineArn", "arn:aws:states:us-east-1:123456789012:stateMachine:nope"}});
  EXPECT_EQ(missing["__type"], "StateMachineDoesNotExist");
  EXPECT_EQ(
      missing["message"],
      "State Machine Does Not Exist: 'arn:aws:states:us-east-1:123456789012:stateMachine:nope'");
  EXPECT_EQ(ErrorType("DescribeStateMachine", Json{{"stateMachineArn", "arn:nope"}}), "InvalidArn");
  EXPECT_EQ(ErrorType("CreateStateMachine",
                      Json{{"name", "a b"}, {"definition", kPass}, {"roleArn", "r"}}),
            "InvalidName");
  EXPECT_EQ(
      ErrorType("CreateStateMachine", Json{{"name", "x"}, {"definition", "{"}, {"roleArn", "r"}}),
      "InvalidDefinition");
  EXPECT_EQ(ErrorType("CreateStateMachine", Json{{"name", "x"}, {"roleArn", "r"}}),
            "ValidationException");
  EXPECT_EQ(
      ErrorType("CreateStateMachine", Json{{"name", "x"}, {"definition", kPass}, {"type", "FAST"}}),
      "ValidationException");

  Ok("DeleteStateMachine", Json{{"stateMachineArn", arn}});
  Ok("DeleteStateMachine", Json{{"stateMachineArn", arn}});  // idempotent
}

TEST_F(SfnApiTest, ListStateMachinesPaginates) {
  for (int i = 0; i < 5; ++i) CreateMachine("m" + std::to_string(i), kPass);
  Json page = Ok("ListStateMachines", Json{{"maxResults", 2}});
  ASSERT_EQ(page["stateMachines"].size(), 2u);
  std::set<std::string> names;
  std::string token = page["nextToken"];
  for (const Json& m : page["stateMachines"]) names.insert(m["name"].get<std::string>());
  while (!token.empty()) {
    page = Ok("ListStateMachines", Json{{"maxResults", 2}, {"nextToken", token}});
    for (const Json& m : page["stateMachines"]) names.insert(m["name"].get<std::string>());
    token = page.value("nextToken", std::string());
  }
  EXPECT_EQ(names.size(), 5u);
  EXPECT_EQ(ErrorType("ListStateMachines", Json{{"nextToken", "garbage"}}), "InvalidToken");
  auto [status, out] = Call("ListStateMachines", Json{{"maxResults", 1001}});
  EXPECT_EQ(out["__type"], "ValidationException");
  EXPECT_EQ(out["message"],
            "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy "
            "constraint: Member must have value less than or equal to 1000");
}

TEST_F(SfnApiTest, ExecutionsListAndHistoryPaginate) {
  const std::string arn = CreateMachine("pager", kPass);
  std::vector<std::string> started;
  for (int i = 0; i < 5; ++i) {
    Json out = Ok("StartExecution", Json{{"stateMachineArn", arn},
                                         {"name", "e" + std::to_string(i)},
                                         {"input", R"({"i":)" + std::to_string(i) + "}"}});
    started.push_back(out["executionArn"]);
    ASSERT_TRUE(runner_->WaitFor(started.back()));
  }
  std::vector<std::string> listed;
  Json page = Ok("ListExecutions", Json{{"stateMachineArn", arn}, {"maxResults", 2}});
  while (true) {
    for (const Json& e : page["executions"]) listed.push_back(e["executionArn"]);
    if (!page.contains("nextToken")) break;
    page = Ok("ListExecutions",
              Json{{"stateMachineArn", arn}, {"maxResults", 2}, {"nextToken", page["nextToken"]}});
  }
  std::vector<std::string> newest_first(started.rbegin(), started.rend());
  EXPECT_EQ(listed, newest_first);
  EXPECT_EQ(
      Ok("ListExecutions", Json{{"stateMachineArn", arn}, {"statusFilter", "FAILED"}})["executions"]
          .size(),
      0u);
  EXPECT_EQ(ErrorType("ListExecutions", Json{{"stateMachineArn", arn}, {"nextToken", "x"}}),
            "InvalidToken");

  // 6 events: ExecutionStarted, A entered/exited, B entered/exited, ExecutionSucceeded.
  std::vector<int64_t> ids;
  Json history = Ok("GetExecutionHistory", Json{{"executionArn", started[0]}, {"maxResults", 4}});
  while (true) {
    for (const Json& e : history["events"]) {
      ids.push_back(e["id"]);
      EXPECT_TRUE(e["timestamp"].is_number());
    }
    if (!history.contains("nextToken")) break;
    history = Ok(
        "GetExecutionHistory",
        Json{{"executionArn", started[0]}, {"maxResults", 4}, {"nextToken", history["nextToken"]}});
  }
  EXPECT_EQ(ids, (std::vector<int64_t>{1, 2, 3, 4, 5, 6}));
  Json reversed = Ok("GetExecutionHistory",
                     Json{{"executionArn", started[0]}, {"reverseOrder", true}, {"maxResults", 1}});
  EXPECT_EQ(reversed["events"][0]["type"], "ExecutionSucceeded");
  EXPECT_EQ(reversed["events"][0]["executionSucceededEventDetails"]["output"], R"({"i":0})");
  Json next = Ok("GetExecutionHistory", Json{{"executionArn", started[0]},
                                             {"reverseOrder", true},
                                             {"maxResults", 1},
                                             {"nextToken", reversed["nextToken"]}});
  EXPECT_EQ(next["events"][0]["id"], 5);
  Json no_data = Ok("GetExecutionHistory",
                    Json{{"executionArn", started[0]}, {"includeExecutionData", false}});
  EXPECT_FALSE(no_data["events"][0]["executionStartedEventDetails"].contains("input"));
  EXPECT_TRUE(no_data["events"][0]["executionStartedEventDetails"].contains("inputDetails"));
}

TEST_F(SfnApiTest, StartExecutionInputAndNameRules) {
  const std::string arn = CreateMachine("inputs", kPass);
  auto [s1, empty] = Call("StartExecution", Json{{"stateMachineArn", arn}, {"input", ""}});
  EXPECT_EQ(empty["__type"], "InvalidExecutionInput");
  EXPECT_EQ(empty["message"], "Invalid State Machine Execution Input: 'Invalid execution input.'");
  EXPECT_EQ(ErrorType("StartExecution", Json{{"stateMachineArn", arn}, {"input", "not json"}}),
            "InvalidExecutionInput");
  // 100,000 nested arrays (200 KB, under the size limit) crashed whatever wrote them out.
  auto [s_deep, deep] =
      Call("StartExecution", Json{{"stateMachineArn", arn},
                                  {"input", std::string(100000, '[') + std::string(100000, ']')}});
  EXPECT_EQ(deep["__type"], "InvalidExecutionInput");
  EXPECT_EQ(deep["message"],
            "Invalid State Machine Execution Input: 'The input nests deeper than 1000 levels'");
  EXPECT_EQ(ErrorType("StartExecution", Json{{"stateMachineArn", arn}, {"name", "a/b"}}),
            "InvalidName");
  // Any JSON value is an input (D.2); no input is {}.
  Json scalar = Ok("StartExecution", Json{{"stateMachineArn", arn}, {"input", "1"}});
  Json none = Ok("StartExecution", Json{{"stateMachineArn", arn}});
  ASSERT_TRUE(runner_->WaitFor(none["executionArn"]));
  auto ended = store_->GetExecution(none["executionArn"]);
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->input, "{}");
  EXPECT_EQ(ErrorType("StartExecution",
                      Json{{"stateMachineArn",
                            "arn:aws:states:us-east-1:123456789012:stateMachine:none"}}),
            "StateMachineDoesNotExist");
  EXPECT_EQ(
      ErrorType("DescribeExecution",
                Json{{"executionArn", "arn:aws:states:us-east-1:123456789012:express:m:e:1"}}),
      "InvalidArn");
  EXPECT_EQ(ErrorType("StartSyncExecution", Json{{"stateMachineArn", arn}}),
            "StateMachineTypeNotSupported");
}

TEST_F(SfnApiTest, StartSyncExecutionRunsExpressMachines) {
  const std::string arn = CreateMachine("fast", kPass, "EXPRESS");
  Json out = Ok("StartSyncExecution",
                Json{{"stateMachineArn", arn}, {"name", "s1"}, {"input", R"({"k":1})"}});
  EXPECT_EQ(out["status"], "SUCCEEDED");
  EXPECT_EQ(out["output"], R"({"k":1})");
  EXPECT_EQ(out["name"], "s1");
  EXPECT_EQ(out["executionArn"].get<std::string>().rfind(
                "arn:aws:states:us-east-1:123456789012:express:fast:s1:", 0),
            0u);
  EXPECT_EQ(out["billingDetails"]["billedDurationInMilliseconds"], 100);
  // EXPRESS runs report to /metrics like durable ones.
  const std::string scrape = ctx_.metrics->Render();
  EXPECT_NE(scrape.find("tern_state_transitions_total{state_machine=\"fast\"} 2"),
            std::string::npos)
      << scrape;
  EXPECT_NE(
      scrape.find("tern_executions_finished_total{state_machine=\"fast\",status=\"SUCCEEDED\"} 1"),
      std::string::npos)
      << scrape;
  const std::string failing = CreateMachine(
      "fails", R"({"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"C"}}})",
      "EXPRESS");
  Json failed = Ok("StartSyncExecution", Json{{"stateMachineArn", failing}});
  EXPECT_EQ(failed["status"], "FAILED");
  EXPECT_EQ(failed["error"], "E");
  EXPECT_EQ(failed["cause"], "C");
  EXPECT_FALSE(failed.contains("output"));
  EXPECT_EQ(ErrorType("ListExecutions", Json{{"stateMachineArn", arn}}),
            "StateMachineTypeNotSupported");
  Json async = Ok("StartExecution", Json{{"stateMachineArn", arn}});
  EXPECT_NE(async["executionArn"].get<std::string>().find(":express:fast:"), std::string::npos);
}

TEST_F(SfnApiTest, ValidateDefinitionReportsDiagnostics) {
  Json ok = Ok("ValidateStateMachineDefinition", Json{{"definition", kPass}});
  EXPECT_EQ(ok, Json::parse(R"({"result":"OK","diagnostics":[],"truncated":false})"));
  Json bad =
      Ok("ValidateStateMachineDefinition", Json{{"definition", R"({"StartAt":"X","States":{}})"}});
  EXPECT_EQ(bad["result"], "FAIL");
  ASSERT_FALSE(bad["diagnostics"].empty());
  EXPECT_EQ(bad["diagnostics"][0]["severity"], "ERROR");
  EXPECT_TRUE(bad["diagnostics"][0].contains("location"));
}

TEST_F(SfnApiTest, TaskTokensAndTags) {
  Ok("SendTaskSuccess", Json{{"taskToken", "good"}, {"output", R"({"a":1})"}});
  EXPECT_EQ(backend_.last_output, R"({"a":1})");
  EXPECT_EQ(ErrorType("SendTaskSuccess", Json{{"taskToken", "bad"}, {"output", "{}"}}),
            "TaskDoesNotExist");
  EXPECT_EQ(ErrorType("SendTaskSuccess", Json{{"taskToken", "good"}, {"output", "{"}}),
            "InvalidOutput");
  backend_.last_output.clear();
  auto [s_deep, deep] = Call(
      "SendTaskSuccess",
      Json{{"taskToken", "good"}, {"output", std::string(100000, '[') + std::string(100000, ']')}});
  EXPECT_EQ(deep["__type"], "InvalidOutput");
  EXPECT_EQ(deep["message"], "Invalid Output: the output nests deeper than 1000 levels");
  EXPECT_TRUE(backend_.last_output.empty());  // never handed to the execution
  EXPECT_EQ(ErrorType("SendTaskFailure", Json{{"taskToken", "late"}}), "TaskTimedOut");
  Ok("SendTaskHeartbeat", Json{{"taskToken", "any"}});

  const std::string arn = CreateMachine("tagged", kPass);
  Ok("TagResource", Json{{"resourceArn", arn},
                         {"tags", Json::array({Json{{"key", "team"}, {"value", "a"}},
                                               Json{{"key", "env"}, {"value", "dev"}}})}});
  Ok("UntagResource", Json{{"resourceArn", arn}, {"tagKeys", Json::array({"env"})}});
  Json tags = Ok("ListTagsForResource", Json{{"resourceArn", arn}});
  EXPECT_EQ(tags["tags"], Json::parse(R"([{"key":"team","value":"a"}])"));
  EXPECT_EQ(
      ErrorType("ListTagsForResource",
                Json{{"resourceArn", "arn:aws:states:us-east-1:123456789012:stateMachine:ghost"}}),
      "ResourceNotFound");
}

TEST_F(SfnApiTest, HealthMetricsAndUnknownPaths) {
  server::HttpRequest health;
  health.method = "GET";
  health.path = "/health";
  EXPECT_EQ(server::Route(ctx_, health).status, 200);
  const std::string arn = CreateMachine("counted", kPass);
  Json started = Ok("StartExecution", Json{{"stateMachineArn", arn}});
  ASSERT_TRUE(runner_->WaitFor(started["executionArn"]));
  ctx_.metrics->Request("states", "StartExecution", 200, 0.001);
  server::HttpRequest metrics;
  metrics.method = "GET";
  metrics.path = "/metrics";
  server::HttpResponse m = server::Route(ctx_, metrics);
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("tern_executions_started_total{state_machine=\"counted\"} 1"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("tern_executions{state_machine=\"counted\",status=\"SUCCEEDED\"} 1"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("tern_http_request_duration_seconds_bucket"), std::string::npos);
  // Pushed by the runner, the engine and the store through their Telemetry.
  EXPECT_NE(m.body.find(
                "tern_executions_finished_total{state_machine=\"counted\",status=\"SUCCEEDED\"} 1"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("tern_state_transitions_total{state_machine=\"counted\"} 2"),
            std::string::npos)
      << m.body;
  EXPECT_NE(
      m.body.find(
          "tern_state_duration_seconds_count{state_machine=\"counted\",state_type=\"Pass\"} 2"),
      std::string::npos)
      << m.body;
  EXPECT_EQ(m.body.find("tern_store_commit_duration_seconds_count 0"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("tern_store_committed_transitions_total"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("# TYPE tern_async_queue_depth gauge"), std::string::npos) << m.body;
  server::HttpRequest unknown;
  unknown.method = "GET";
  unknown.path = "/nowhere";
  EXPECT_EQ(server::Route(ctx_, unknown).status, 404);
}

}  // namespace
}  // namespace tern::testing
