// /metrics of the real `tern serve` with a project: what the runner, the engine, the store, the
// bus, the async queue and a stream mapping report arrives in the scrape (docs/serve.md).
#include <chrono>
#include <cstdlib>
#include <regex>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"
#include "tests/server/raw_client.h"
#include "tests/server/serve_process.h"

namespace tern::testing {
namespace {

constexpr const char* kTemplate = R"(AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    CodeUri: src/
    Timeout: 30
Resources:
  Echo:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: echo
      Handler: app.echo
      Events:
        Records:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Feed.Arn
            StartingPosition: TRIM_HORIZON
            BatchSize: 10
  Sleeper:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: sleeper
      Handler: app.sleep
  Feed:
    Type: AWS::Kinesis::Stream
    Properties:
      Name: feed
      ShardCount: 1
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Name: Flow
      Definition:
        StartAt: Call
        States:
          Call:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters:
              FunctionName: echo
              Payload.$: $
            Next: Done
          Done:
            Type: Pass
            End: true
)";

constexpr const char* kApp = R"(import time

def echo(event, context):
    return event

def sleep(event, context):
    time.sleep(3)
    return {}
)";

std::string Scrape(int port) {
  RawConnection c(port);
  c.Send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  RawResponse r = c.Read();
  EXPECT_EQ(r.status, 200);
  return r.body;
}

// The value of the series whose line starts with `series` (name and labels); -1 when absent.
double Value(const std::string& scrape, const std::string& series) {
  size_t at = scrape.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::strtod(scrape.c_str() + at + series.size() + 2, nullptr);
}

Json Call(int port, const std::string& action, const Json& body) {
  RawConnection c(port);
  c.Send(SfnRequest(action, body.dump()));
  RawResponse r = c.Read();
  EXPECT_EQ(r.status, 200) << action << ": " << r.body;
  return Json::parse(r.body, nullptr, false);
}

template <typename Pred>
bool Eventually(Pred pred, std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling the scrape
  }
  return false;
}

TEST(MetricsEndToEndTest, EveryLayerReportsIntoOneScrape) {
  ScratchDir dir;
  dir.Write("template.yaml", kTemplate);
  dir.Write("src/app.py", kApp);
  const std::string db = dir.path() + "/tern.db";
  ServeProcess serve;
  ASSERT_TRUE(serve.Start(dir.path(), {"--db", db})) << serve.log();
  const int port = serve.port();

  // A workflow whose Task invokes a function through the bus.
  Json started =
      Call(port, "StartExecution",
           Json{{"stateMachineArn", "arn:aws:states:us-east-1:123456789012:stateMachine:Flow"},
                {"input", R"({"n":1})"}});
  ASSERT_TRUE(started.contains("executionArn")) << started.dump();
  std::string scrape;
  ASSERT_TRUE(Eventually([&] {
    scrape = Scrape(port);
    return Value(scrape,
                 R"(tern_executions_finished_total{state_machine="Flow",status="SUCCEEDED"})") == 1;
  })) << scrape
      << serve.log();
  EXPECT_EQ(Value(scrape, R"(tern_executions_started_total{state_machine="Flow"})"), 1);
  EXPECT_EQ(Value(scrape, R"(tern_state_transitions_total{state_machine="Flow"})"), 2);
  EXPECT_EQ(
      Value(scrape, R"(tern_state_duration_seconds_count{state_machine="Flow",state_type="Task"})"),
      1);
  EXPECT_EQ(
      Value(scrape, R"(tern_state_duration_seconds_count{state_machine="Flow",state_type="Pass"})"),
      1);
  // A Task's invocation counts like any other (python's cold start alone is > 1 ms).
  EXPECT_EQ(
      Value(scrape, R"(tern_function_invocations_total{function="echo",model="RequestResponse"})"),
      1);
  EXPECT_GT(
      Value(scrape, R"(tern_state_duration_seconds_sum{state_machine="Flow",state_type="Task"})"),
      0.001);
  EXPECT_GE(Value(scrape, "tern_store_committed_transitions_total"), 3) << scrape;
  EXPECT_GE(Value(scrape, "tern_store_commit_duration_seconds_count"), 1) << scrape;
  EXPECT_EQ(Value(scrape, "tern_recursion_stops_total"), 0) << scrape;

  // An Event invocation stays in the durable queue (leased) while the function runs.
  {
    RawConnection c(port);
    c.Send(
        "POST /2015-03-31/functions/sleeper/invocations HTTP/1.1\r\nHost: x\r\n"
        "X-Amz-Invocation-Type: Event\r\nContent-Length: 2\r\n\r\n{}");
    EXPECT_EQ(c.Read().status, 202);
  }
  scrape = Scrape(port);
  const std::string sleeper =
      R"(tern_async_queue_depth{function="arn:aws:lambda:us-east-1:123456789012:function:sleeper"})";
  EXPECT_EQ(Value(scrape, sleeper), 1) << scrape;
  EXPECT_EQ(Value(scrape, R"(tern_function_invocations_total{function="sleeper",model="Event"})"),
            1);
  EXPECT_TRUE(Eventually([&] { return Value(Scrape(port), sleeper) == -1; })) << Scrape(port);

  // A record on the project's stream: the mapping processes it and is then 0 records behind.
  const std::string put = std::string(TERN_BINARY) + " stream put feed --partition-key k " +
                          "--data hello --db " + db + " > /dev/null";
  ASSERT_EQ(std::system(put.c_str()), 0);
  const std::string lag = R"(tern_stream_records_behind{mapping="echo/Records",stream="feed"})";
  EXPECT_TRUE(Eventually([&] {
    scrape = Scrape(port);
    return Value(scrape, lag) == 0 &&
           Value(scrape,
                 R"(tern_function_invocations_total{function="echo",model="RequestResponse"})") ==
               2;
  })) << scrape;
  EXPECT_EQ(serve.Stop(), 0) << serve.log();
}

}  // namespace
}  // namespace tern::testing
