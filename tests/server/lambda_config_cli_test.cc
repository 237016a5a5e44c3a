// End to end: the Lambda configuration APIs through the real aws CLI against the real
// `tern serve`, each checked by what the function then does: an event invoke config changes how
// an Event invocation's failure is retried and where it goes; a mapping created with
// create-event-source-mapping invokes the function with a record put to a tern stream (and stops
// on delete); update-function-code and update-function-configuration change what the next
// invocation runs; everything set survives a restart on the same database.
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"
#include "tests/server/aws_cli.h"
#include "tests/server/serve_process.h"

namespace tern::testing {
namespace {

constexpr const char* kFn = "arn:aws:lambda:us-east-1:123456789012:function:";

class LambdaConfigCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    aws_ = new std::string(AwsCli());
    if (aws_->empty()) return;
    dir_ = new ScratchDir();
    // rec appends every event it gets to a file, one JSON line each.
    dir_->Write("functions/rec/app.py",
                "import json, os\n"
                "def handler(event, context):\n"
                "    with open(os.environ['OUT'], 'a') as f:\n"
                "        f.write(json.dumps(event) + '\\n')\n"
                "    return {'ok': True}\n");
    dir_->Write("functions/boom/app.py",
                "def handler(event, context):\n"
                "    raise ValueError('boom')\n");
    dir_->Write("functions/ver/app.py",
                "import os\n"
                "def handler(event, context):\n"
                "    return {'v': 1, 'mode': os.environ.get('MODE', '')}\n");
    std::string yaml =
        "AWSTemplateFormatVersion: '2010-09-09'\n"
        "Transform: AWS::Serverless-2016-10-31\n"
        "Resources:\n";
    for (const char* name : {"rec", "boom", "ver"}) {
      yaml += std::string("  F") + name + ":\n" +
              "    Type: AWS::Serverless::Function\n"
              "    Properties:\n"
              "      FunctionName: " + name + "\n" +
              "      Runtime: python3.12\n"
              "      Handler: app.handler\n"
              "      CodeUri: functions/" + name + "/\n" +
              "      Environment:\n"
              "        Variables:\n"
              "          OUT: " + dir_->path() + "/rec.jsonl\n";
    }
    dir_->Write("tern.yaml", yaml);
    server_ = new ServeProcess();
    started_ = server_->Start(dir_->path(), {"--db", dir_->path() + "/tern.db"});
  }

  static void TearDownTestSuite() {
    if (server_) {
      int rc = server_->Stop();
      EXPECT_EQ(rc, 0) << server_->log();
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

  // Runs `aws <args>`; when that aws CLI predates the operation (Debian's 2.9 has no
  // *-function-recursion-config), the `aws` first on PATH (e.g. a pip-installed newer one).
  Shell Aws(const std::string& args) {
    Shell r = RunAwsCli(*aws_, server_->endpoint(), args, dir_->path());
    if (r.exit_code != 0 && r.err.find("Invalid choice") != std::string::npos && *aws_ != "aws") {
      r = RunAwsCli("aws", server_->endpoint(), args, dir_->path());
    }
    return r;
  }
  Json AwsJson(const std::string& args) { return AwsCliJson(Aws(args), args); }
  void ExpectError(const std::string& args, const std::string& type) {
    ExpectAwsCliError(Aws(args), args, type);
  }

  Shell Tern(const std::string& args) {
    return RunShell(std::string(TERN_BINARY) + " " + args + " --db " + dir_->path() + "/tern.db",
                    dir_->path());
  }

  // The first event rec received that `match` accepts, waiting up to `wait`.
  template <typename Match>
  Json WaitForEvent(Match match, std::chrono::seconds wait = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < deadline) {
      std::string text = ReadFile(dir_->path() + "/rec.jsonl");
      size_t start = 0;
      while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) break;
        Json event = Json::parse(text.substr(start, end - start), nullptr, false);
        if (!event.is_discarded() && match(event)) return event;
        start = end + 1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return Json();
  }

  // Invokes `function` and returns its parsed result.
  Json Invoke(const std::string& function) {
    const std::string out = dir_->path() + "/" + function + ".out";
    Json answer = AwsJson("lambda invoke --function-name " + function +
                          " --cli-binary-format raw-in-base64-out --payload '{}' " + out);
    EXPECT_EQ(answer.value("StatusCode", 0), 200);
    return Json::parse(ReadFile(out), nullptr, false);
  }

  static std::string* aws_;
  static ScratchDir* dir_;
  static ServeProcess* server_;
  static bool started_;
};

std::string* LambdaConfigCliTest::aws_ = nullptr;
ScratchDir* LambdaConfigCliTest::dir_ = nullptr;
ServeProcess* LambdaConfigCliTest::server_ = nullptr;
bool LambdaConfigCliTest::started_ = false;

// Lambda's default would retry boom's failure after a minute and again after two; with
// MaximumRetryAttempts 0 and an OnFailure function the record arrives after one attempt.
TEST_F(LambdaConfigCliTest, EventInvokeConfigRoutesAFailedEventAfterOneAttempt) {
  Json put = AwsJson(
      "lambda put-function-event-invoke-config --function-name boom "
      "--maximum-retry-attempts 0 --maximum-event-age-in-seconds 300 "
      "--destination-config '{\"OnFailure\":{\"Destination\":\"" +
      std::string(kFn) + "rec\"}}'");
  EXPECT_EQ(put["FunctionArn"], std::string(kFn) + "boom:$LATEST");
  EXPECT_EQ(put["MaximumRetryAttempts"], 0);
  EXPECT_EQ(put["MaximumEventAgeInSeconds"], 300);
  EXPECT_EQ(put["DestinationConfig"]["OnFailure"]["Destination"], std::string(kFn) + "rec");
  Json got = AwsJson("lambda get-function-event-invoke-config --function-name boom");
  EXPECT_EQ(got, put);
  Json listed = AwsJson("lambda list-function-event-invoke-configs --function-name boom");
  ASSERT_EQ(listed["FunctionEventInvokeConfigs"].size(), 1u);

  const std::string out = dir_->path() + "/event.out";
  Json event = AwsJson(
      "lambda invoke --function-name boom --invocation-type Event "
      "--cli-binary-format raw-in-base64-out --payload '{\"marker\":\"eic\"}' " +
      out);
  EXPECT_EQ(event["StatusCode"], 202);
  Json record = WaitForEvent([](const Json& e) {
    return e.contains("requestPayload") && e["requestPayload"].value("marker", "") == "eic";
  });
  ASSERT_TRUE(record.is_object()) << "no failure record reached rec\n" << server_->log();
  EXPECT_EQ(record["requestContext"]["condition"], "RetriesExhausted");
  EXPECT_EQ(record["requestContext"]["approximateInvokeCount"], 1);
  EXPECT_EQ(record["requestContext"]["functionArn"], std::string(kFn) + "boom:$LATEST");

  ExpectError("lambda put-function-event-invoke-config --function-name boom "
              "--maximum-retry-attempts 3",
              "InvalidParameterValueException");
  ExpectError("lambda put-function-event-invoke-config --function-name missing "
              "--maximum-retry-attempts 1",
              "ResourceNotFoundException");
  ExpectError("lambda get-function-event-invoke-config --function-name rec",
              "ResourceNotFoundException");
}

TEST_F(LambdaConfigCliTest, EventSourceMappingInvokesTheFunctionUntilDeleted) {
  Shell created = Tern("stream create orders --shards 2");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string arn = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";
  Json mapping = AwsJson(
      "lambda create-event-source-mapping --function-name rec --event-source-arn " + arn +
      " --starting-position TRIM_HORIZON --batch-size 10");
  const std::string uuid = mapping.value("UUID", "");
  ASSERT_FALSE(uuid.empty());
  EXPECT_EQ(mapping["State"], "Creating");
  EXPECT_EQ(mapping["BatchSize"], 10);
  EXPECT_EQ(mapping["FunctionArn"], std::string(kFn) + "rec");
  ExpectError("lambda create-event-source-mapping --function-name rec --event-source-arn " + arn +
                  " --starting-position LATEST",
              "ResourceConflictException");
  ExpectError("lambda create-event-source-mapping --function-name rec --event-source-arn "
              "arn:aws:kinesis:us-east-1:123456789012:stream/absent --starting-position LATEST",
              "InvalidParameterValueException");

  Shell put = Tern("stream put orders --partition-key k1 --data first-record");
  ASSERT_EQ(put.exit_code, 0) << put.err;
  Json batch = WaitForEvent([](const Json& e) {
    return e.contains("Records") && e["Records"][0]["kinesis"]["data"] == "Zmlyc3QtcmVjb3Jk";
  });
  ASSERT_TRUE(batch.is_object()) << "rec was not invoked with the record\n" << server_->log();
  EXPECT_EQ(batch["Records"][0]["eventSource"], "aws:kinesis");
  EXPECT_EQ(batch["Records"][0]["eventSourceARN"], arn);
  EXPECT_EQ(batch["Records"][0]["kinesis"]["partitionKey"], "k1");

  Json got = AwsJson("lambda get-event-source-mapping --uuid " + uuid);
  EXPECT_EQ(got["State"], "Enabled");
  EXPECT_EQ(got["LastProcessingResult"], "OK");
  Json listed = AwsJson("lambda list-event-source-mappings --function-name rec");
  ASSERT_EQ(listed["EventSourceMappings"].size(), 1u);
  EXPECT_EQ(listed["EventSourceMappings"][0]["UUID"], uuid);

  Json deleted = AwsJson("lambda delete-event-source-mapping --uuid " + uuid);
  EXPECT_EQ(deleted["State"], "Deleting");
  ExpectError("lambda get-event-source-mapping --uuid " + uuid, "ResourceNotFoundException");
  ASSERT_EQ(Tern("stream put orders --partition-key k1 --data after-delete").exit_code, 0);
  Json late = WaitForEvent(
      [](const Json& e) {
        return e.contains("Records") && e["Records"][0]["kinesis"]["data"] == "YWZ0ZXItZGVsZXRl";
      },
      std::chrono::seconds(1));
  EXPECT_TRUE(late.is_null()) << "a deleted mapping still invoked rec: " << late.dump();
}

TEST_F(LambdaConfigCliTest, RecursionConfig) {
  if (Aws("lambda get-function-recursion-config --function-name rec").err.find("Invalid choice") !=
      std::string::npos) {
    GTEST_SKIP() << "no aws CLI here knows put-function-recursion-config (aws-cli >= 1.34 / 2.17)";
  }
  EXPECT_EQ(AwsJson("lambda get-function-recursion-config --function-name rec")["RecursiveLoop"],
            "Terminate");
  Json put =
      AwsJson("lambda put-function-recursion-config --function-name rec --recursive-loop Allow");
  EXPECT_EQ(put["RecursiveLoop"], "Allow");
  EXPECT_EQ(AwsJson("lambda get-function-recursion-config --function-name rec")["RecursiveLoop"],
            "Allow");
  ExpectError("lambda put-function-recursion-config --function-name missing --recursive-loop Allow",
              "ResourceNotFoundException");
}

// The warm environment of the old code must not answer once the code or configuration changed.
TEST_F(LambdaConfigCliTest, UpdateFunctionCodeAndConfigurationReachTheNextInvocation) {
  EXPECT_EQ(Invoke("ver"), Json::parse(R"({"v":1,"mode":""})"));
  dir_->Write("v2/app.py",
              "import os\n"
              "def handler(event, context):\n"
              "    return {'v': 2, 'mode': os.environ.get('MODE', '')}\n");
  Shell zipped = RunShell("cd " + dir_->path() + "/v2 && zip -q ../v2.zip app.py", dir_->path());
  if (zipped.exit_code != 0) GTEST_SKIP() << "no zip command";
  if (std::system("command -v unzip >/dev/null 2>&1") != 0) GTEST_SKIP() << "no unzip command";
  Json updated = AwsJson("lambda update-function-code --function-name ver --zip-file fileb://" +
                         dir_->path() + "/v2.zip");
  EXPECT_EQ(updated["FunctionName"], "ver");
  EXPECT_FALSE(updated.value("CodeSha256", "").empty());
  EXPECT_EQ(Invoke("ver"), Json::parse(R"({"v":2,"mode":""})"));

  Json configured = AwsJson(
      "lambda update-function-configuration --function-name ver --timeout 9 "
      "--environment 'Variables={MODE=b}'");
  EXPECT_EQ(configured["Timeout"], 9);
  EXPECT_EQ(configured["Environment"]["Variables"]["MODE"], "b");
  EXPECT_EQ(Invoke("ver"), Json::parse(R"({"v":2,"mode":"b"})"));
  ExpectError("lambda update-function-configuration --function-name ver --runtime java21",
              "InvalidParameterValueException");
  ExpectError("lambda update-function-code --function-name missing --zip-file fileb://" +
                  dir_->path() + "/v2.zip",
              "ResourceNotFoundException");
}

// Last: a new tern serve on the same database has the settings and the mapping back.
TEST_F(LambdaConfigCliTest, SettingsAndMappingsSurviveARestart) {
  ASSERT_EQ(Tern("stream create restarts").exit_code, 0);
  const std::string arn = "arn:aws:kinesis:us-east-1:123456789012:stream/restarts";
  Json mapping = AwsJson("lambda create-event-source-mapping --function-name rec "
                         "--event-source-arn " + arn + " --starting-position LATEST");
  const std::string uuid = mapping.value("UUID", "");
  AwsJson("lambda put-function-event-invoke-config --function-name ver "
          "--maximum-retry-attempts 1");
  AwsJson("lambda put-function-recursion-config --function-name ver --recursive-loop Allow");
  // A function made through the API (not in the project) comes back too, code and all.
  dir_->Write("made/app.py", "def handler(event, context):\n    return {'made': True}\n");
  const bool can_zip =
      RunShell("cd " + dir_->path() + "/made && zip -q ../made.zip app.py", dir_->path())
              .exit_code == 0 &&
      std::system("command -v unzip >/dev/null 2>&1") == 0;
  Json made;
  if (can_zip) {
    made = AwsJson("lambda create-function --function-name made --runtime python3.12 "
                   "--handler app.handler --role arn:aws:iam::123456789012:role/r "
                   "--description kept --zip-file fileb://" +
                   dir_->path() + "/made.zip");
    EXPECT_EQ(Invoke("made"), Json::parse(R"({"made":true})"));
  }
  ASSERT_EQ(server_->Stop(), 0) << server_->log();
  delete server_;
  server_ = new ServeProcess();
  ASSERT_TRUE(server_->Start(dir_->path(), {"--db", dir_->path() + "/tern.db"}));

  EXPECT_EQ(AwsJson("lambda get-function-event-invoke-config --function-name ver")
                ["MaximumRetryAttempts"],
            1);
  EXPECT_EQ(AwsJson("lambda get-function-recursion-config --function-name ver")["RecursiveLoop"],
            "Allow");
  EXPECT_EQ(AwsJson("lambda get-event-source-mapping --uuid " + uuid)["State"], "Enabled");
  if (can_zip) {
    Json config = AwsJson("lambda get-function-configuration --function-name made");
    EXPECT_EQ(config["Description"], "kept");
    EXPECT_EQ(config["CodeSha256"], made["CodeSha256"]);
    EXPECT_EQ(config["RevisionId"], made["RevisionId"]);
    EXPECT_EQ(Invoke("made"), Json::parse(R"({"made":true})"));
  }
  ASSERT_EQ(Tern("stream put restarts --partition-key k --data after-restart").exit_code, 0);
  Json batch = WaitForEvent([](const Json& e) {
    return e.contains("Records") && e["Records"][0]["kinesis"]["data"] == "YWZ0ZXItcmVzdGFydA==";
  });
  EXPECT_TRUE(batch.is_object()) << "the restored mapping did not invoke rec\n" << server_->log();
}

}  // namespace
}  // namespace tern::testing
