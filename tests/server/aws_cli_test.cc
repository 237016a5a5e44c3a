// End to end: the real `tern serve` driven by the real aws CLI (--endpoint-url), outputs compared
// field by field with the shapes in ../shared/spec/API.md (A.2, B.2, D.2). One server (with a
// SAM project: two Python functions and a .waitForTaskToken machine) serves every test.
#include <chrono>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"
#include "tests/server/aws_cli.h"
#include "tests/server/serve_process.h"

namespace tern::testing {
namespace {

constexpr const char* kSm = "arn:aws:states:us-east-1:123456789012:stateMachine:";
constexpr const char* kEx = "arn:aws:states:us-east-1:123456789012:execution:";

class AwsCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    aws_ = new std::string(AwsCli());
    if (aws_->empty()) return;
    dir_ = new ScratchDir();
    dir_->Write("functions/echo/app.py",
                "import json, os\n"
                "def handler(event, context):\n"
                "    if isinstance(event, dict) and 'token' in event:\n"
                "        with open(os.environ['TOKEN_FILE'] + '.tmp', 'w') as f:\n"
                "            f.write(event['token'])\n"
                "        os.rename(os.environ['TOKEN_FILE'] + '.tmp', os.environ['TOKEN_FILE'])\n"
                "    print('echo called')\n"
                "    return event\n");
    dir_->Write("functions/boom/app.py",
                "def handler(event, context):\n"
                "    raise ValueError('boom')\n");
    // Fails until the test creates FIX_FILE (RedriveExecution after "fixing" the function).
    dir_->Write("functions/flaky/app.py",
                "import os\n"
                "def handler(event, context):\n"
                "    if not os.path.exists(os.environ['FIX_FILE']):\n"
                "        raise RuntimeError('not fixed yet')\n"
                "    return {'fixed': event}\n");
    dir_->Write("tern.yaml",
                "AWSTemplateFormatVersion: '2010-09-09'\n"
                "Transform: AWS::Serverless-2016-10-31\n"
                "Resources:\n"
                "  Echo:\n"
                "    Type: AWS::Serverless::Function\n"
                "    Properties:\n"
                "      FunctionName: echo\n"
                "      Runtime: python3.12\n"
                "      Handler: app.handler\n"
                "      CodeUri: functions/echo/\n"
                "      Timeout: 30\n"
                "      Environment:\n"
                "        Variables:\n"
                "          TOKEN_FILE: " +
                    dir_->path() +
                    "/token\n"
                    "  Boom:\n"
                    "    Type: AWS::Serverless::Function\n"
                    "    Properties:\n"
                    "      FunctionName: boom\n"
                    "      Runtime: python3.12\n"
                    "      Handler: app.handler\n"
                    "      CodeUri: functions/boom/\n"
                    "  Flaky:\n"
                    "    Type: AWS::Serverless::Function\n"
                    "    Properties:\n"
                    "      FunctionName: flaky\n"
                    "      Runtime: python3.12\n"
                    "      Handler: app.handler\n"
                    "      CodeUri: functions/flaky/\n"
                    "      Environment:\n"
                    "        Variables:\n"
                    "          FIX_FILE: " +
                    dir_->path() +
                    "/fixed\n"
                    "  Callback:\n"
                    "    Type: AWS::Serverless::StateMachine\n"
                    "    Properties:\n"
                    "      Name: callback\n"
                    "      Definition:\n"
                    "        StartAt: Wait\n"
                    "        States:\n"
                    "          Wait:\n"
                    "            Type: Task\n"
                    "            Resource: arn:aws:states:::lambda:invoke.waitForTaskToken\n"
                    "            Parameters:\n"
                    "              FunctionName: echo\n"
                    "              Payload:\n"
                    "                token.$: $$.Task.Token\n"
                    "            End: true\n");
    server_ = new ServeProcess();
    started_ = server_->Start(dir_->path(), {"--db", dir_->path() + "/tern.db"});
  }

  static void TearDownTestSuite() {
    if (server_) {
      int rc = server_->Stop();
      EXPECT_EQ(rc, 0) << server_->log();
      EXPECT_NE(server_->log().find("shutting down"), std::string::npos) << server_->log();
    }
    delete server_;
    delete dir_;
    delete aws_;
    server_ = nullptr;
    dir_ = nullptr;
  }

  void SetUp() override {
    if (aws_->empty()) GTEST_SKIP() << "no aws CLI installed (Debian package awscli)";
    ASSERT_TRUE(started_) << server_->log();
  }

  // Runs `aws <args>` against the server.
  Shell Aws(const std::string& args) {
    return RunAwsCli(cli_.empty() ? *aws_ : cli_, server_->endpoint(), args, dir_->path());
  }
  Json AwsJson(const std::string& args) { return AwsCliJson(Aws(args), args); }
  void ExpectError(const std::string& args, const std::string& type) {
    ExpectAwsCliError(Aws(args), args, type);
  }

  // Polls DescribeExecution until the execution leaves RUNNING (each call is a real CLI run).
  Json WaitEnded(const std::string& arn) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    Json d;
    while (std::chrono::steady_clock::now() < deadline) {
      d = AwsJson("stepfunctions describe-execution --execution-arn " + arn);
      if (!d.is_object() || d.value("status", "") != "RUNNING") break;
    }
    return d;
  }

  // The Debian package's aws CLI (2.9) predates RedriveExecution and TestState: those tests
  // use an aws on PATH that knows `stepfunctions <operation>` (pip's awscli has them).
  bool UseCliWith(const std::string& operation) {
    for (const std::string& candidate : {*aws_, std::string("aws")}) {
      const std::string probe = candidate + " stepfunctions " + operation + " help >/dev/null 2>&1";
      if (std::system(probe.c_str()) == 0) {
        cli_ = candidate;
        return true;
      }
    }
    return false;
  }

  std::string cli_;  // empty: *aws_
  static std::string* aws_;
  static ScratchDir* dir_;
  static ServeProcess* server_;
  static bool started_;
};

std::string* AwsCliTest::aws_ = nullptr;
ScratchDir* AwsCliTest::dir_ = nullptr;
ServeProcess* AwsCliTest::server_ = nullptr;
bool AwsCliTest::started_ = false;

const char* kPassDefinition =
    R"({"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"x":1},"End":true}}})";
const char* kWaitDefinition =
    R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":600,"End":true}}})";

TEST_F(AwsCliTest, StateMachineAndExecutionLifeCycle) {
  Json created =
      AwsJson(std::string("stepfunctions create-state-machine --name cli-pass ") +
              "--role-arn arn:aws:iam::123456789012:role/r --definition " + Quote(kPassDefinition));
  ASSERT_TRUE(created.is_object());
  EXPECT_EQ(created["stateMachineArn"], std::string(kSm) + "cli-pass");
  EXPECT_TRUE(created.contains("creationDate"));

  Json described = AwsJson(
      std::string("stepfunctions describe-state-machine --state-machine-arn ") + kSm + "cli-pass");
  EXPECT_EQ(described["name"], "cli-pass");
  EXPECT_EQ(described["status"], "ACTIVE");
  EXPECT_EQ(described["type"], "STANDARD");
  EXPECT_EQ(described["definition"], kPassDefinition);
  EXPECT_EQ(described["roleArn"], "arn:aws:iam::123456789012:role/r");
  EXPECT_EQ(described["loggingConfiguration"]["level"], "OFF");
  EXPECT_EQ(described["tracingConfiguration"]["enabled"], false);

  Json list = AwsJson("stepfunctions list-state-machines");
  bool found = false;
  for (const Json& m : list["stateMachines"]) found = found || m["name"] == "cli-pass";
  EXPECT_TRUE(found) << list.dump();

  Json started = AwsJson(std::string("stepfunctions start-execution --state-machine-arn ") + kSm +
                         "cli-pass --name run-1 --input '{\"a\":1}'");
  ASSERT_EQ(started["executionArn"], std::string(kEx) + "cli-pass:run-1");
  EXPECT_TRUE(started.contains("startDate"));
  // The same name and input while it may still run: AWS answers with the same execution, or,
  // once it has ended, ExecutionAlreadyExists.
  Json d = WaitEnded(std::string(kEx) + "cli-pass:run-1");
  EXPECT_EQ(d["status"], "SUCCEEDED");
  EXPECT_EQ(d["name"], "run-1");
  EXPECT_EQ(d["stateMachineArn"], std::string(kSm) + "cli-pass");
  EXPECT_EQ(Json::parse(d["input"].get<std::string>()), Json::parse(R"({"a":1})"));
  EXPECT_EQ(Json::parse(d["output"].get<std::string>()), Json::parse(R"({"x":1})"));
  EXPECT_EQ(d["inputDetails"]["included"], true);
  EXPECT_EQ(d["outputDetails"]["included"], true);
  // redrive* members arrived in the API in late 2023: older CLI models drop them.
  if (d.contains("redriveCount")) {
    EXPECT_EQ(d["redriveCount"], 0);
  }
  if (d.contains("redriveStatus")) {
    EXPECT_EQ(d["redriveStatus"], "NOT_REDRIVABLE");
  }
  EXPECT_TRUE(d.contains("stopDate"));
  ExpectError(std::string("stepfunctions start-execution --state-machine-arn ") + kSm +
                  "cli-pass --name run-1 --input '{\"a\":1}'",
              "ExecutionAlreadyExists");

  Json history = AwsJson(std::string("stepfunctions get-execution-history --execution-arn ") + kEx +
                         "cli-pass:run-1");
  std::vector<std::string> types;
  for (const Json& e : history["events"]) types.push_back(e["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"ExecutionStarted", "PassStateEntered",
                                             "PassStateExited", "ExecutionSucceeded"}));
  ASSERT_EQ(history["events"].size(), 4u);
  const Json& first = history["events"][0];
  EXPECT_EQ(first["id"], 1);
  EXPECT_EQ(first["previousEventId"], 0);
  EXPECT_TRUE(first.contains("timestamp"));
  EXPECT_EQ(first["executionStartedEventDetails"]["roleArn"], "arn:aws:iam::123456789012:role/r");
  EXPECT_EQ(history["events"][3]["executionSucceededEventDetails"]["output"], R"({"x":1})");

  Json reversed = AwsJson(std::string("stepfunctions get-execution-history --execution-arn ") +
                          kEx + "cli-pass:run-1 --reverse-order --no-paginate --max-results 3");
  ASSERT_EQ(reversed["events"].size(), 3u);
  EXPECT_EQ(reversed["events"][0]["type"], "ExecutionSucceeded");
  ASSERT_TRUE(reversed.contains("nextToken"));
  Json rest = AwsJson(std::string("stepfunctions get-execution-history --execution-arn ") + kEx +
                      "cli-pass:run-1 --reverse-order --no-paginate --max-results 3 --next-token " +
                      reversed["nextToken"].get<std::string>());
  ASSERT_EQ(rest["events"].size(), 1u);
  EXPECT_EQ(rest["events"][0]["type"], "ExecutionStarted");
  EXPECT_FALSE(rest.contains("nextToken"));

  Json no_data = AwsJson(std::string("stepfunctions get-execution-history --execution-arn ") + kEx +
                         "cli-pass:run-1 --no-include-execution-data");
  EXPECT_FALSE(no_data["events"][0]["executionStartedEventDetails"].contains("input"));

  Json executions = AwsJson(std::string("stepfunctions list-executions --state-machine-arn ") +
                            kSm + "cli-pass --status-filter SUCCEEDED");
  ASSERT_EQ(executions["executions"].size(), 1u);
  const Json& item = executions["executions"][0];
  EXPECT_EQ(item["executionArn"], std::string(kEx) + "cli-pass:run-1");
  EXPECT_EQ(item["status"], "SUCCEEDED");
  if (item.contains("redriveCount")) {
    EXPECT_EQ(item["redriveCount"], 0);
  }
  EXPECT_TRUE(item.contains("startDate"));
  EXPECT_TRUE(item.contains("stopDate"));

  Json for_execution =
      AwsJson(std::string("stepfunctions describe-state-machine-for-execution --execution-arn ") +
              kEx + "cli-pass:run-1");
  EXPECT_EQ(for_execution["definition"], kPassDefinition);
}

TEST_F(AwsCliTest, StopExecutionAndIdempotentStart) {
  AwsJson(std::string("stepfunctions create-state-machine --name cli-wait ") +
          "--role-arn arn:aws:iam::123456789012:role/r --definition " + Quote(kWaitDefinition));
  const std::string start = std::string("stepfunctions start-execution --state-machine-arn ") +
                            kSm + "cli-wait --name w1 --input '{\"n\":1}'";
  Json first = AwsJson(start);
  Json again = AwsJson(start);  // still RUNNING, same input: the same execution
  EXPECT_EQ(first["executionArn"], again["executionArn"]);
  EXPECT_EQ(first["startDate"], again["startDate"]);
  ExpectError(std::string("stepfunctions start-execution --state-machine-arn ") + kSm +
                  "cli-wait --name w1 --input '{\"n\":2}'",
              "ExecutionAlreadyExists");
  Json running = AwsJson(std::string("stepfunctions list-executions --state-machine-arn ") + kSm +
                         "cli-wait --status-filter RUNNING");
  EXPECT_EQ(running["executions"].size(), 1u);

  Json stopped = AwsJson(std::string("stepfunctions stop-execution --execution-arn ") + kEx +
                         "cli-wait:w1 --error Why --cause Because");
  EXPECT_TRUE(stopped.contains("stopDate"));
  Json d = AwsJson(std::string("stepfunctions describe-execution --execution-arn ") + kEx +
                   "cli-wait:w1");
  EXPECT_EQ(d["status"], "ABORTED");
  EXPECT_EQ(d["error"], "Why");
  EXPECT_EQ(d["cause"], "Because");
  EXPECT_FALSE(d.contains("output"));
  Json history = AwsJson(std::string("stepfunctions get-execution-history --execution-arn ") + kEx +
                         "cli-wait:w1 --reverse-order --max-items 1");
  EXPECT_EQ(history["events"][0]["type"], "ExecutionAborted");
}

TEST_F(AwsCliTest, ErrorsCarryAwsTypes) {
  ExpectError(
      std::string("stepfunctions describe-execution --execution-arn ") + kEx + "nothing:here",
      "ExecutionDoesNotExist");
  ExpectError("stepfunctions describe-execution --execution-arn not-an-arn", "InvalidArn");
  ExpectError(
      std::string("stepfunctions describe-state-machine --state-machine-arn ") + kSm + "missing",
      "StateMachineDoesNotExist");
  ExpectError(std::string("stepfunctions create-state-machine --name 'bad name' ") +
                  "--role-arn arn:aws:iam::123456789012:role/r --definition " +
                  Quote(kPassDefinition),
              "InvalidName");
  ExpectError(std::string("stepfunctions create-state-machine --name broken ") +
                  "--role-arn arn:aws:iam::123456789012:role/r --definition " +
                  Quote(R"({"StartAt":"X","States":{}})"),
              "InvalidDefinition");
  AwsJson(std::string("stepfunctions create-state-machine --name cli-dup ") +
          "--role-arn arn:aws:iam::123456789012:role/r --definition " + Quote(kPassDefinition));
  ExpectError(std::string("stepfunctions create-state-machine --name cli-dup ") +
                  "--role-arn arn:aws:iam::123456789012:role/other --definition " +
                  Quote(kPassDefinition),
              "StateMachineAlreadyExists");
  ExpectError(std::string("stepfunctions start-execution --state-machine-arn ") + kSm +
                  "cli-dup --input 'not json'",
              "InvalidExecutionInput");
  ExpectError(std::string("stepfunctions list-executions --state-machine-arn ") + kSm +
                  "cli-dup --status-filter succeeded",
              "ValidationException");
  ExpectError("stepfunctions send-task-success --task-token nope --task-output '{}'",
              "TaskDoesNotExist");
}

TEST_F(AwsCliTest, SendTaskSuccessResumesAWaitingTask) {
  const std::string arn = std::string(kEx) + "callback:cb-1";
  AwsJson(std::string("stepfunctions start-execution --state-machine-arn ") + kSm +
          "callback --name cb-1 --input '{}'");
  // The function writes the task token to a file, then the task waits for it.
  const std::string token_file = dir_->path() + "/token";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!std::filesystem::exists(token_file) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(100));  // polling a file the function writes
  }
  ASSERT_TRUE(std::filesystem::exists(token_file)) << server_->log();
  const std::string token = ReadFile(token_file);
  Json running = AwsJson("stepfunctions describe-execution --execution-arn " + arn);
  EXPECT_EQ(running["status"], "RUNNING");
  if (running.contains("redriveStatusReason")) {
    EXPECT_EQ(running["redriveStatusReason"], "Execution is RUNNING and cannot be redriven");
  }
  AwsJson("stepfunctions send-task-heartbeat --task-token " + Quote(token));
  AwsJson("stepfunctions send-task-success --task-token " + Quote(token) +
          " --task-output '{\"approved\":true}'");
  Json d = WaitEnded(arn);
  EXPECT_EQ(d["status"], "SUCCEEDED") << d.dump();
  EXPECT_EQ(Json::parse(d.value("output", std::string("null"))),
            Json::parse(R"({"approved":true})"));
  ExpectError(
      "stepfunctions send-task-success --task-token " + Quote(token) + " --task-output '{}'",
      "TaskDoesNotExist");
}

TEST_F(AwsCliTest, RedriveExecutionRerunsTheFailedTaskOnly) {
  if (!UseCliWith("redrive-execution")) GTEST_SKIP() << "no aws CLI with redrive-execution";
  const char* definition = R"({"StartAt":"Prepare","States":{
    "Prepare":{"Type":"Pass","Result":"ready","ResultPath":"$.prep","Next":"Call"},
    "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
            "Parameters":{"FunctionName":"flaky","Payload.$":"$"},
            "OutputPath":"$.Payload","End":true}}})";
  AwsJson(std::string("stepfunctions create-state-machine --name redrivable ") +
          "--role-arn arn:aws:iam::123456789012:role/r --definition " + Quote(definition));
  const std::string arn = std::string(kEx) + "redrivable:rd-1";
  AwsJson(std::string("stepfunctions start-execution --state-machine-arn ") + kSm +
          "redrivable --name rd-1 --input '{\"order\":7}'");
  Json failed = WaitEnded(arn);
  ASSERT_EQ(failed["status"], "FAILED") << failed.dump();
  EXPECT_EQ(failed["redriveStatus"], "REDRIVABLE");
  EXPECT_FALSE(failed.contains("redriveStatusReason"));
  EXPECT_EQ(failed["redriveCount"], 0);

  dir_->Write("fixed", "");  // the function is fixed
  Json redriven = AwsJson("stepfunctions redrive-execution --execution-arn " + arn +
                          " --client-token fix-1");
  ASSERT_TRUE(redriven.contains("redriveDate")) << redriven.dump();
  Json done = WaitEnded(arn);
  ASSERT_EQ(done["status"], "SUCCEEDED") << done.dump() << server_->log();
  EXPECT_EQ(Json::parse(done["output"].get<std::string>()),
            Json::parse(R"({"fixed":{"order":7,"prep":"ready"}})"));
  EXPECT_EQ(done["redriveCount"], 1);
  EXPECT_TRUE(done.contains("redriveDate"));
  EXPECT_EQ(done["redriveStatusReason"], "Execution is SUCCEEDED and cannot be redriven");

  Json history = AwsJson("stepfunctions get-execution-history --execution-arn " + arn);
  int redrives = 0, passes = 0, tasks = 0;
  std::string before_redrive;
  for (const Json& e : history["events"]) {
    const std::string type = e["type"];
    if (type == "ExecutionRedriven") {
      ++redrives;
      EXPECT_EQ(e["executionRedrivenEventDetails"]["redriveCount"], 1);
    }
    if (redrives == 0) before_redrive = type;
    passes += type == "PassStateEntered";
    tasks += type == "TaskStateEntered";
  }
  EXPECT_EQ(redrives, 1);
  EXPECT_EQ(before_redrive, "ExecutionFailed");
  EXPECT_EQ(passes, 1);  // Prepare succeeded the first time and is not run again
  EXPECT_EQ(tasks, 2);
  Json listed = AwsJson(std::string("stepfunctions list-executions --state-machine-arn ") + kSm +
                        "redrivable --redrive-filter REDRIVEN");
  ASSERT_EQ(listed["executions"].size(), 1u);
  EXPECT_EQ(listed["executions"][0]["redriveCount"], 1);
  // The same client token again: the redrive already happened, nothing new.
  AwsJson("stepfunctions redrive-execution --execution-arn " + arn + " --client-token fix-1");
  ExpectError("stepfunctions redrive-execution --execution-arn " + arn, "ExecutionNotRedrivable");
  ExpectError(std::string("stepfunctions redrive-execution --execution-arn ") + kEx +
                  "redrivable:missing",
              "ExecutionDoesNotExist");
}

TEST_F(AwsCliTest, TestStateRunsOneState) {
  if (!UseCliWith("test-state")) GTEST_SKIP() << "no aws CLI with test-state";
  Json pass = AwsJson(
      "stepfunctions test-state --inspection-level DEBUG --input '{\"a\":1}' --definition " +
      Quote(R"({"Type":"Pass","Parameters":{"x.$":"$.a"},"ResultPath":"$.r","Next":"After"})"));
  EXPECT_EQ(pass["status"], "SUCCEEDED") << pass.dump();
  EXPECT_EQ(pass["nextState"], "After");
  EXPECT_EQ(Json::parse(pass["output"].get<std::string>()), Json::parse(R"({"a":1,"r":{"x":1}})"));
  EXPECT_EQ(Json::parse(pass["inspectionData"]["afterParameters"].get<std::string>()),
            Json::parse(R"({"x":1})"));
  EXPECT_EQ(Json::parse(pass["inspectionData"]["afterResultPath"].get<std::string>()),
            Json::parse(R"({"a":1,"r":{"x":1}})"));

  const std::string role = " --role-arn arn:aws:iam::123456789012:role/r";
  Json task = AwsJson(
      "stepfunctions test-state --inspection-level DEBUG" + role + " --input '{\"n\":2}' " +
      "--definition " +
      Quote(R"({"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:echo",)"
            R"("ResultSelector":{"got.$":"$.n"},"End":true})"));
  EXPECT_EQ(task["status"], "SUCCEEDED") << task.dump();
  EXPECT_FALSE(task.contains("nextState"));
  EXPECT_EQ(Json::parse(task["output"].get<std::string>()), Json::parse(R"({"got":2})"));
  EXPECT_EQ(Json::parse(task["inspectionData"]["result"].get<std::string>()),
            Json::parse(R"({"n":2})"));

  const std::string boom =
      R"("Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:boom",)";
  Json retriable = AwsJson("stepfunctions test-state" + role + " --definition " +
                           Quote("{" + boom + R"("Retry":[{"ErrorEquals":["States.ALL"]}],)" +
                                 R"("End":true})"));
  EXPECT_EQ(retriable["status"], "RETRIABLE") << retriable.dump();
  EXPECT_FALSE(retriable.value("error", "").empty());
  Json caught = AwsJson("stepfunctions test-state" + role + " --definition " +
                        Quote("{" + boom +
                              R"("Catch":[{"ErrorEquals":["States.ALL"],"Next":"Handle"}],)" +
                              R"("End":true})"));
  EXPECT_EQ(caught["status"], "CAUGHT_ERROR") << caught.dump();
  EXPECT_EQ(caught["nextState"], "Handle");
  Json failed = AwsJson("stepfunctions test-state" + role + " --definition " +
                        Quote("{" + boom + R"("End":true})"));
  EXPECT_EQ(failed["status"], "FAILED") << failed.dump();

  ExpectError("stepfunctions test-state --definition " + Quote("{" + boom + R"("End":true})"),
              "ValidationException");  // a Task needs a role
  ExpectError("stepfunctions test-state --definition " +
                  Quote(R"({"Type":"Parallel","Branches":[],"End":true})"),
              "InvalidDefinition");
}

TEST_F(AwsCliTest, ActivityWorkerLifeCycle) {
  Json activity = AwsJson("stepfunctions create-activity --name approve");
  const std::string activity_arn = "arn:aws:states:us-east-1:123456789012:activity:approve";
  EXPECT_EQ(activity["activityArn"], activity_arn);
  Json described = AwsJson("stepfunctions describe-activity --activity-arn " + activity_arn);
  EXPECT_EQ(described["name"], "approve");
  Json listed = AwsJson("stepfunctions list-activities");
  EXPECT_EQ(listed["activities"].size(), 1u);
  AwsJson(std::string("stepfunctions create-state-machine --name cli-activity ") +
          "--role-arn arn:aws:iam::123456789012:role/r --definition " +
          Quote(R"({"StartAt":"A","States":{"A":{"Type":"Task","Resource":")" + activity_arn +
                R"(","End":true}}})"));
  AwsJson(std::string("stepfunctions start-execution --state-machine-arn ") + kSm +
          "cli-activity --name act-1 --input '{\"order\":7}'");
  Json task = AwsJson("stepfunctions get-activity-task --activity-arn " + activity_arn +
                      " --worker-name w1");
  ASSERT_TRUE(task.contains("taskToken")) << task.dump();
  EXPECT_EQ(Json::parse(task["input"].get<std::string>()), Json::parse(R"({"order":7})"));
  AwsJson("stepfunctions send-task-success --task-token " +
          Quote(task["taskToken"].get<std::string>()) + " --task-output '{\"done\":1}'");
  Json d = WaitEnded(std::string(kEx) + "cli-activity:act-1");
  EXPECT_EQ(d["status"], "SUCCEEDED") << d.dump();
  ExpectError(
      "stepfunctions describe-activity --activity-arn "
      "arn:aws:states:us-east-1:123456789012:activity:none",
      "ActivityDoesNotExist");
  Shell deleted = Aws("stepfunctions delete-activity --activity-arn " + activity_arn);
  EXPECT_EQ(deleted.exit_code, 0) << deleted.err;
}

TEST_F(AwsCliTest, LambdaInvokeAndFunctions) {
  const std::string out = dir_->path() + "/invoke.json";
  Json ok = AwsJson(
      "lambda invoke --function-name echo --cli-binary-format raw-in-base64-out "
      "--payload '{\"hello\":\"world\"}' --log-type Tail " +
      out);
  EXPECT_EQ(ok["StatusCode"], 200);
  EXPECT_EQ(ok["ExecutedVersion"], "$LATEST");
  EXPECT_FALSE(ok.contains("FunctionError"));
  ASSERT_TRUE(ok.contains("LogResult"));
  EXPECT_EQ(Json::parse(ReadFile(out)), Json::parse(R"({"hello":"world"})"));

  Json failed = AwsJson(
      "lambda invoke --function-name boom --cli-binary-format raw-in-base64-out "
      "--payload '{}' " +
      out);
  EXPECT_EQ(failed["StatusCode"], 200);
  EXPECT_EQ(failed["FunctionError"], "Unhandled");
  Json error = Json::parse(ReadFile(out));
  EXPECT_EQ(error["errorType"], "ValueError");
  EXPECT_EQ(error["errorMessage"], "boom");

  Json event = AwsJson(
      "lambda invoke --function-name echo --invocation-type Event "
      "--cli-binary-format raw-in-base64-out --payload '{}' " +
      out);
  EXPECT_EQ(event["StatusCode"], 202);
  Json dry = AwsJson(
      "lambda invoke --function-name echo --invocation-type DryRun "
      "--cli-binary-format raw-in-base64-out --payload '{}' " +
      out);
  EXPECT_EQ(dry["StatusCode"], 204);

  ExpectError("lambda invoke --function-name missing " + out, "ResourceNotFoundException");

  Json functions = AwsJson("lambda list-functions");
  std::vector<std::string> names;
  for (const Json& f : functions["Functions"]) names.push_back(f["FunctionName"]);
  EXPECT_EQ(names, (std::vector<std::string>{"boom", "echo", "flaky"}));
  Json echo = AwsJson("lambda get-function --function-name echo");
  EXPECT_EQ(echo["Configuration"]["FunctionArn"],
            "arn:aws:lambda:us-east-1:123456789012:function:echo");
  EXPECT_EQ(echo["Configuration"]["Runtime"], "python3.12");
  EXPECT_EQ(echo["Configuration"]["Handler"], "app.handler");
  EXPECT_EQ(echo["Configuration"]["Timeout"], 30);
  EXPECT_EQ(echo["Configuration"]["State"], "Active");

  Json put = AwsJson(
      "lambda put-function-concurrency --function-name boom "
      "--reserved-concurrent-executions 3");
  EXPECT_EQ(put["ReservedConcurrentExecutions"], 3);
  Json get = AwsJson("lambda get-function-concurrency --function-name boom");
  EXPECT_EQ(get["ReservedConcurrentExecutions"], 3);
}

TEST_F(AwsCliTest, CreateFunctionFromZipThenInvokeAndDelete) {
  dir_->Write("upload/index.py", "def handler(event, context):\n    return {'got': event}\n");
  Shell zipped =
      RunShell("cd " + dir_->path() + "/upload && zip -q ../upload.zip index.py", dir_->path());
  if (zipped.exit_code != 0) GTEST_SKIP() << "no zip command";
  if (std::system("command -v unzip >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no unzip command (CreateFunction unpacks code with it)";
  }
  Json created = AwsJson(
      "lambda create-function --function-name uploaded --runtime python3.12 "
      "--handler index.handler --role arn:aws:iam::123456789012:role/r "
      "--zip-file fileb://" +
      dir_->path() + "/upload.zip");
  EXPECT_EQ(created["FunctionName"], "uploaded");
  EXPECT_EQ(created["PackageType"], "Zip");
  EXPECT_EQ(created["MemorySize"], 128);
  EXPECT_EQ(created["Timeout"], 3);
  EXPECT_FALSE(created.value("CodeSha256", std::string()).empty());
  const std::string out = dir_->path() + "/uploaded.json";
  Json ok = AwsJson(
      "lambda invoke --function-name uploaded --cli-binary-format raw-in-base64-out "
      "--payload '{\"n\":5}' " +
      out);
  EXPECT_EQ(ok["StatusCode"], 200);
  EXPECT_EQ(Json::parse(ReadFile(out)), Json::parse(R"({"got":{"n":5}})"));
  ExpectError(
      "lambda create-function --function-name uploaded --runtime python3.12 "
      "--handler index.handler --role arn:aws:iam::123456789012:role/r --zip-file fileb://" +
          dir_->path() + "/upload.zip",
      "ResourceConflictException");
  Shell deleted = Aws("lambda delete-function --function-name uploaded");
  EXPECT_EQ(deleted.exit_code, 0) << deleted.err;
  ExpectError("lambda get-function --function-name uploaded", "ResourceNotFoundException");
}

// The same life cycle through the AWS SDK for JavaScript v3 (tests/server/sdk/lifecycle.cjs);
// tests/server/sdk/setup.sh installs it.
TEST_F(AwsCliTest, JavaScriptSdkLifeCycle) {
  const char* configured = std::getenv("TERN_AWS_SDK_DIR");
  const std::string sdk =
      configured ? configured : std::string(TERN_SOURCE_DIR) + "/.cache/aws-sdk";
  if (!std::filesystem::exists(sdk + "/node_modules/@aws-sdk/client-sfn") ||
      !std::filesystem::exists(sdk + "/node_modules/@aws-sdk/client-lambda")) {
    GTEST_SKIP() << "the AWS SDK for JavaScript is not installed in " << sdk
                 << " (run tests/server/sdk/setup.sh)";
  }
  if (std::system("command -v node >/dev/null 2>&1") != 0) GTEST_SKIP() << "no node";
  Shell r = RunShell("NODE_PATH=" + Quote(sdk + "/node_modules") + " node " +
                         Quote(std::string(TERN_SOURCE_DIR) + "/tests/server/sdk/lifecycle.cjs") +
                         " " + server_->endpoint(),
                     dir_->path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("ALL OK"), std::string::npos) << r.out << r.err;
}

}  // namespace
}  // namespace tern::testing
