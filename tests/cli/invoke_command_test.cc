// `tern invoke` and `tern logs` end to end: a project folder with a SAM template and a python3
// function, run as a new user would.
#include <filesystem>

#include <gtest/gtest.h>

#include "common/json.h"
#include "tests/cli/cli_runner.h"

namespace tern::testing {
namespace {

class InvokeCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(project_.path() + "/src");
    project_.Write("tern.yaml", R"(AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 30
Resources:
  Greet:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: greet
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Environment:
        Variables:
          GREETING: Hello
  Broken:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.broken
      CodeUri: src/
)");
    project_.Write("src/app.py", R"(import os


def handler(event, context):
    print("greeting", event.get("name"))
    return {"message": "%s, %s!" % (os.environ["GREETING"], event.get("name"))}


def broken(event, context):
    raise ValueError("no such order")
)");
  }

  std::string Tern(const std::string& args) {
    return "cd " + project_.path() + " && " + std::string(TERN_BINARY) + " " + args;
  }

  // Runs tern inside the project folder.
  CommandResult Run(const std::string& args) {
    return RunTern(args + " --config " + project_.path() + "/tern.yaml");
  }

  TempDir project_;
};

TEST_F(InvokeCommandTest, PrintsTheResponsePayload) {
  auto r = Run("invoke greet --payload '{\"name\": \"Ada\"}'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Json::parse(r.out), Json::parse(R"({"message": "Hello, Ada!"})"));
}

TEST_F(InvokeCommandTest, FunctionErrorExitsOneWithTheErrorOnStderr) {
  auto r = Run("invoke Broken");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Json::parse(r.out)["errorType"], "ValueError");
  EXPECT_NE(r.err.find("ValueError: no such order"), std::string::npos) << r.err;
}

TEST_F(InvokeCommandTest, LogTypeTailPrintsTheInvocationLog) {
  auto r = Run("invoke greet --payload '{\"name\": \"Tail\"}' --log-type Tail");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("START RequestId: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("greeting Tail\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("REPORT RequestId: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Init Duration: "), std::string::npos) << r.err;
}

TEST_F(InvokeCommandTest, PayloadFromAFile) {
  std::string file = project_.Write("event.json", R"({"name": "File"})");
  auto r = Run("invoke greet --payload-file " + file);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Json::parse(r.out)["message"], "Hello, File!");
}

TEST_F(InvokeCommandTest, UsageErrorsExitTwo) {
  auto unknown = Run("invoke nobody");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no function 'nobody'"), std::string::npos) << unknown.err;
  auto bad_json = Run("invoke greet --payload '{nope'");
  EXPECT_EQ(bad_json.exit_code, 2);
  EXPECT_NE(bad_json.err.find("InvalidRequestContentException"), std::string::npos) << bad_json.err;
  auto no_project = RunTern("invoke greet --config " + project_.path() + "/missing.yaml");
  EXPECT_EQ(no_project.exit_code, 2);
}

TEST_F(InvokeCommandTest, FindsTheProjectFileInTheCurrentFolder) {
  int status = std::system((Tern("invoke greet --payload '{\"name\": \"Cwd\"}'") + " > " +
                            project_.path() + "/out.txt 2>&1")
                               .c_str());
  EXPECT_EQ(status, 0);
  EXPECT_NE(ReadAll(project_.path() + "/out.txt").find("Hello, Cwd!"), std::string::npos);
}

TEST_F(InvokeCommandTest, LogsPrintsEveryInvocation) {
  ASSERT_EQ(Run("invoke greet --payload '{\"name\": \"One\"}'").exit_code, 0);
  ASSERT_EQ(Run("invoke greet --payload '{\"name\": \"Two\"}'").exit_code, 0);
  auto r = Run("logs greet");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  size_t one = r.out.find("greeting One\n");
  size_t two = r.out.find("greeting Two\n");
  ASSERT_NE(one, std::string::npos) << r.out;
  ASSERT_NE(two, std::string::npos) << r.out;
  EXPECT_LT(one, two);
  EXPECT_TRUE(std::filesystem::exists(project_.path() + "/.tern/logs/greet.log"));
  EXPECT_EQ(Run("logs nobody").exit_code, 2);
}

}  // namespace
}  // namespace tern::testing
