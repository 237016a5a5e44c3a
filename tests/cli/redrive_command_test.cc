// `tern redrive` end to end with the real binary and a real Python function: a FAILED
// execution is redriven after the function is fixed, and a redrive whose process is killed
// with SIGKILL while the re-entered task runs is finished by `tern resume` (one
// ExecutionRedriven, the task invoked again).
#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "cli_runner.h"
#include "common/json.h"

namespace tern::testing {
namespace {

namespace fs = std::filesystem;

class RedriveCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("app.py",
               "import os, time\n"
               "def handler(event, context):\n"
               "    here = os.path.dirname(os.path.abspath(__file__))\n"
               "    if not os.path.exists(os.path.join(here, 'fixed')):\n"
               "        raise RuntimeError('not fixed yet')\n"
               "    with open(os.path.join(here, 'calls'), 'a') as f:\n"
               "        f.write('call\\n')\n"
               "    while os.path.exists(os.path.join(here, 'hold')):\n"
               "        time.sleep(0.02)\n"
               "    return {'fixed': event}\n");
    dir_.Write("tern.yaml",
               "AWSTemplateFormatVersion: '2010-09-09'\n"
               "Transform: AWS::Serverless-2016-10-31\n"
               "Resources:\n"
               "  Flaky:\n"
               "    Type: AWS::Serverless::Function\n"
               "    Properties:\n"
               "      FunctionName: flaky\n"
               "      Runtime: python3.12\n"
               "      Handler: app.handler\n"
               "      CodeUri: ./\n");
    dir_.Write("flow.json",
               R"({"StartAt": "Prepare", "States": {
                 "Prepare": {"Type": "Pass", "Result": "ready", "ResultPath": "$.prep", "Next": "Call"},
                 "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                          "Parameters": {"FunctionName": "flaky", "Payload.$": "$"},
                          "OutputPath": "$.Payload", "End": true}}})");
  }

  // Runs tern in the project folder (it finds tern.yaml there).
  CommandResult Tern(const std::string& args) { return RunTernIn(dir_.path(), args); }

  int Count(const std::string& text, const std::string& what) {
    int n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }

  TempDir dir_;
};

TEST_F(RedriveCommandTest, RedrivesAFailedExecutionAfterTheFix) {
  CommandResult failed = Tern("run flow.json --input '{\"order\":7}' --db t.db --name o1");
  ASSERT_EQ(failed.exit_code, 1) << failed.err;
  CommandResult refused = Tern("redrive o1 --db t.db");
  ASSERT_EQ(refused.exit_code, 1) << refused.err;  // still broken: it fails again
  EXPECT_NE(refused.err.find("FAILED"), std::string::npos) << refused.err;

  dir_.Write("fixed", "");
  CommandResult redriven = Tern("redrive o1 --db t.db");
  ASSERT_EQ(redriven.exit_code, 0) << redriven.err;
  EXPECT_EQ(Json::parse(redriven.out), Json::parse(R"({"fixed":{"order":7,"prep":"ready"}})"));
  EXPECT_NE(redriven.err.find("(redrive 2)"), std::string::npos) << redriven.err;
  CommandResult again = Tern("redrive o1 --db t.db");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("Execution is SUCCEEDED and cannot be redriven"), std::string::npos)
      << again.err;
  CommandResult history = Tern("history o1 --db t.db");
  EXPECT_EQ(Count(history.out, "ExecutionRedriven"), 2) << history.out;
  EXPECT_EQ(Count(history.out, "PassStateEntered"), 1) << history.out;
}

TEST_F(RedriveCommandTest, KilledRedriveIsFinishedByResume) {
  ASSERT_EQ(Tern("run flow.json --input '{\"order\":8}' --db t.db --name o2").exit_code, 1);
  dir_.Write("fixed", "");
  dir_.Write("hold", "");
  const std::string calls = dir_.path() + "/calls";
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (chdir(dir_.path().c_str()) != 0) _exit(127);
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    execl(TERN_BINARY, TERN_BINARY, "redrive", "o2", "--db", "t.db", static_cast<char*>(nullptr));
    _exit(127);
  }
  // The redriven task is running (the function wrote its call) when tern is killed.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(calls) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(20));  // polling a file the function writes
  }
  ASSERT_TRUE(fs::exists(calls));
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status));
  fs::remove(dir_.path() + "/hold");

  CommandResult resumed = Tern("resume --db t.db");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming 1 execution"), std::string::npos) << resumed.err;
  CommandResult history = Tern("history o2 --db t.db");
  EXPECT_EQ(Count(history.out, "ExecutionRedriven"), 1) << history.out;
  EXPECT_NE(history.out.find("ExecutionSucceeded"), std::string::npos) << history.out;
  EXPECT_GE(Count(ReadAll(calls), "call"), 2);  // invoked again after the kill (at-least-once)
  CommandResult verify = Tern("verify o2 --db t.db");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
}  // namespace tern::testing
