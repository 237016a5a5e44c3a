// `tern invoke --invocation-type Event|DryRun` end to end: the Event is queued durably in the
// database (202 and the request id) and this process runs nothing; the `tern serve` on that
// database delivers it, whether it was already running or started later. Inside a function
// (_X_AMZN_TRACE_ID) the event continues the chain: at the 17th pass it is dead-lettered.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"
#include "tests/cli/cli_runner.h"
#include "tests/server/serve_process.h"

namespace tern::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kRecorderArn[] = "arn:aws:lambda:us-east-1:123456789012:function:recorder";

class InvokeEventTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(project_.path() + "/src");
    project_.Write("tern.yaml", R"(AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Recorder:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: recorder
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Timeout: 30
)");
    project_.Write("src/app.py", R"(import json
import os


def handler(event, context):
    path = os.path.join(os.environ["LAMBDA_TASK_ROOT"], "..", "events.jsonl")
    with open(path, "a") as f:
        f.write(json.dumps({"event": event, "requestId": context.aws_request_id,
                            "trace": os.environ.get("_X_AMZN_TRACE_ID", "")}) + "\n")
    return {}
)");
    db_ = project_.path() + "/tern.db";
  }

  CommandResult Invoke(const std::string& args) {
    return RunTern(args + " --config " + project_.path() + "/tern.yaml --db " + db_);
  }

  std::vector<Json> Delivered() const {
    std::vector<Json> out;
    std::ifstream in(project_.path() + "/events.jsonl");
    for (std::string line; std::getline(in, line);) {
      Json j = Json::parse(line, nullptr, false);
      if (!j.is_discarded()) out.push_back(std::move(j));
    }
    return out;
  }

  bool WaitForDeliveries(size_t n) const {
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (Delivered().size() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
    }
    return Delivered().size() >= n;
  }

  TempDir project_;
  std::string db_;
};

TEST_F(InvokeEventTest, EventIsQueuedDurablyAndDeliveredByTheNextTernServe) {
  auto r = Invoke("invoke recorder --invocation-type Event --payload '{\"n\": 1}'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json answer = Json::parse(r.out);
  EXPECT_EQ(answer["StatusCode"], 202);
  const std::string request_id = answer["RequestId"].get<std::string>();
  EXPECT_EQ(request_id.size(), 36u) << r.out;
  EXPECT_NE(r.err.find("a tern serve running recorder on that database delivers it"),
            std::string::npos)
      << r.err;
  // Handed over, not run: the CLI process has exited and the function never started.
  EXPECT_TRUE(Delivered().empty());

  ServeProcess serve;
  ASSERT_TRUE(serve.Start(project_.path(), {"--db", db_})) << serve.log();
  ASSERT_TRUE(WaitForDeliveries(1));
  EXPECT_EQ(Delivered()[0]["event"], Json({{"n", 1}}));
  EXPECT_EQ(Delivered()[0]["requestId"], request_id);  // Lambda keeps the id across the hop

  // While it runs, the next Event is picked up within its poll interval.
  auto again = Invoke("invoke recorder --invocation-type Event --payload '{\"n\": 2}'");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  ASSERT_TRUE(WaitForDeliveries(2));
  EXPECT_EQ(Delivered()[1]["event"], Json({{"n", 2}}));
  EXPECT_EQ(serve.Stop(), 0) << serve.log();
  EXPECT_EQ(Delivered().size(), 2u);  // each once
}

TEST_F(InvokeEventTest, DryRunChecksWithoutRunning) {
  auto r = Invoke("invoke recorder --invocation-type DryRun --payload '{\"n\": 3}'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Json::parse(r.out), Json({{"StatusCode", 204}}));
  auto bad = Invoke("invoke recorder --invocation-type DryRun --payload 'not json'");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("InvalidRequestContentException"), std::string::npos) << bad.err;
  auto missing = Invoke("invoke nobody --invocation-type DryRun");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no function 'nobody'"), std::string::npos) << missing.err;
  auto wrong = Invoke("invoke recorder --invocation-type Later");
  EXPECT_EQ(wrong.exit_code, 2) << wrong.err;  // usage
  EXPECT_TRUE(Delivered().empty());
}

TEST_F(InvokeEventTest, InsideAFunctionTheEventContinuesItsChainAndIsStoppedAtTheSeventeenth) {
  // The environment of a function whose chain already invoked `recorder` 16 times.
  const std::string hash =
      RunShell("printf %s " + std::string(kRecorderArn) + " | sha256sum | cut -c1-8",
               project_.path())
          .out.substr(0, 8);
  const std::string trace =
      "Root=1-00000000-000000000000000000000001;Parent=0000000000000001;"
      "Sampled=0;Lineage=" +
      hash + ":16";
  // First an event outside any function: a new chain.
  ASSERT_EQ(Invoke("invoke recorder --invocation-type Event").exit_code, 0);
  auto stopped = RunShell("_X_AMZN_TRACE_ID=" + Quote(trace) + " " + TERN_BINARY +
                              " invoke recorder --invocation-type Event --payload '{\"n\": 17}' "
                              "--config " +
                              project_.path() + "/tern.yaml --db " + db_,
                          project_.path());
  ASSERT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_EQ(Json::parse(stopped.out)["StatusCode"], 202);  // accepted, as Lambda answers
  EXPECT_NE(stopped.err.find("tern: stopped a recursive loop: recorder was invoked 16 times by "
                             "the chain Root=1-00000000-000000000000000000000001"),
            std::string::npos)
      << stopped.err;

  ServeProcess serve;
  ASSERT_TRUE(serve.Start(project_.path(), {"--db", db_})) << serve.log();
  ASSERT_TRUE(WaitForDeliveries(1));  // the first event: a new chain, delivered
  std::string letters;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (letters.find("RecursiveInvocationDetected") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    letters = RunTern("dlq list --json --db " + db_).out;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(serve.Stop(), 0) << serve.log();
  Json list = Json::parse(letters);
  ASSERT_EQ(list.size(), 1u) << letters;
  EXPECT_EQ(list[0]["condition"], "RecursiveInvocationDetected");
  EXPECT_EQ(list[0]["attempts"], 0);
  ASSERT_EQ(Delivered().size(), 1u);  // the stopped event never ran
  EXPECT_EQ(Delivered()[0]["event"], Json::object());
}

}  // namespace
}  // namespace tern::testing
