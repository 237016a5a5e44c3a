// Recursive loops through calls a function makes back into tern, end to end: the real `tern serve`
// with the project in testdata/loops (python functions in real worker processes). A function
// that starts a state machine over the HTTP API (sending its _X_AMZN_TRACE_ID as X-Amzn-Trace-Id)
// whose Task invokes it again, and a function that puts to the stream that triggers it (`tern
// stream put` inside the function), are stopped at their 17th pass: the stop is logged, counted
// in /metrics, and the stopped event goes to the dead-letter list or the mapping's OnFailure
// queue. With RecursiveLoop: Allow the loop runs past 16 (bounded by the event's "limit").
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"
#include "storage/store.h"
#include "tests/server/serve_process.h"
#include "triggers/trace_header.h"

namespace tern::triggers {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::Quote;
using testing::RunShell;
using testing::ScratchDir;
using testing::ServeProcess;

constexpr int kHopLimit = 16;  // AWS's, and tern's default (BusOptions::max_recursion_hops)
constexpr char kStoppedQueue[] = "arn:aws:sqs:us-east-1:123456789012:stopped-batches";

bool Eventually(const std::function<bool()>& done, std::chrono::seconds limit = 120s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

class RecursiveLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy(std::string(TERN_TRIGGERS_TESTDATA) + "/loops", dir_.path(),
             fs::copy_options::recursive);
    fs::create_directories(dir_.path() + "/run");
    db_ = dir_.path() + "/tern.db";
    ASSERT_TRUE(serve_.Start(dir_.path(), {"--db", db_})) << serve_.log();
    Json config{{"endpoint", serve_.endpoint()}, {"tern", TERN_BINARY}, {"db", db_}};
    std::ofstream(dir_.path() + "/run/config.json") << config.dump();
  }

  // The passes the functions recorded (one JSON line each), of `kind`.
  std::vector<Json> Passes(const std::string& kind) const {
    std::vector<Json> out;
    std::ifstream in(dir_.path() + "/run/passes.jsonl");
    for (std::string line; std::getline(in, line);) {
      Json j = Json::parse(line, nullptr, false);
      if (!j.is_discarded() && j["kind"] == kind) out.push_back(std::move(j));
    }
    return out;
  }

  testing::Shell Curl(const std::string& args) {
    return RunShell("curl -sS --max-time 60 " + args, dir_.path());
  }

  // Lambda Invoke through tern serve (a new chain: no trace header).
  testing::Shell Invoke(const std::string& function, const Json& payload,
                        const std::string& type = "RequestResponse") {
    return Curl("-H 'X-Amz-Invocation-Type: " + type + "' --data " + Quote(payload.dump()) + " " +
                serve_.endpoint() + "/2015-03-31/functions/" + function + "/invocations");
  }

  Json Sfn(const std::string& action, const Json& body) {
    auto r = Curl(
        "-H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: "
        "AWSStepFunctions." +
        action + "' --data " + Quote(body.dump()) + " " + serve_.endpoint() + "/");
    Json j = Json::parse(r.out, nullptr, false);
    return j.is_discarded() ? Json::object() : j;
  }

  std::vector<Json> Executions(const std::string& machine) {
    Json listed =
        Sfn("ListExecutions",
            {{"stateMachineArn", "arn:aws:states:us-east-1:123456789012:stateMachine:" + machine}});
    std::vector<Json> out;
    if (listed.contains("executions")) {
      for (const Json& e : listed["executions"]) out.push_back(e);
    }
    return out;
  }

  // tern serve's recursion-stop counter (0 when the metric is missing).
  double RecursionStops() {
    auto r = Curl(serve_.endpoint() + "/metrics");
    std::smatch m;
    static const std::regex kLine("\\ntern_recursi[a-z_]*_total(\\{[^}]*\\})? ([0-9.e+]+)");
    double total = 0;
    for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), kLine);
         it != std::sregex_iterator(); ++it) {
      total += std::stod((*it)[2]);
    }
    return total;
  }

  // The store after tern serve stopped (the test's own view of what it wrote).
  std::unique_ptr<storage::Store> StopAndOpenStore() {
    EXPECT_EQ(serve_.Stop(), 0) << serve_.log();
    storage::StoreOptions options;
    options.path = db_;
    auto store = storage::OpenStore(options);
    EXPECT_TRUE(store) << store.error().ToString();
    return store ? std::move(store).value() : nullptr;
  }

  size_t StopLogLines(const std::string& function) const {
    size_t n = 0;
    const std::string needle = "tern: stopped a recursive loop: " + function + " was invoked 16";
    for (size_t at = serve_.log().find(needle); at != std::string::npos;
         at = serve_.log().find(needle, at + 1)) {
      ++n;
    }
    return n;
  }

  ScratchDir dir_;
  std::string db_;
  ServeProcess serve_;
};

// Every pass of one chain shares the trace Root the first invocation got.
void ExpectOneChain(const std::vector<Json>& passes) {
  ASSERT_FALSE(passes.empty());
  static const std::regex kRoot("Root=([^;]+)");
  std::smatch first;
  const std::string trace0 = passes[0]["trace"].get<std::string>();
  ASSERT_TRUE(std::regex_search(trace0, first, kRoot)) << trace0;
  for (const Json& p : passes) {
    EXPECT_NE(p["trace"].get<std::string>().find("Root=" + first[1].str()), std::string::npos)
        << p.dump();
  }
}

TEST_F(RecursiveLoopTest, StateMachineTaskInvokingItsStarterIsStoppedAtTheSeventeenthPass) {
  auto r = Invoke("looper", {{"machine", "SyncLoop"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(Json::parse(r.out, nullptr, false)["count"], 1) << r.out;
  // looper ran 16 times and started 16 executions; the 16th execution's Task was refused.
  auto all_ended = [&](const std::string& machine, size_t count) {
    auto executions = Executions(machine);
    if (executions.size() != count) return false;
    for (const Json& e : executions) {
      if (e["status"] == "RUNNING") return false;
    }
    return true;
  };
  ASSERT_TRUE(Eventually([&] { return all_ended("SyncLoop", kHopLimit); })) << serve_.log();
  std::vector<Json> executions = Executions("SyncLoop");
  int failed = 0;
  for (const Json& e : executions) {
    if (e["status"] == "FAILED") {
      ++failed;
      Json described = Sfn("DescribeExecution", {{"executionArn", e["executionArn"]}});
      EXPECT_EQ(described["error"], "Lambda.RecursiveInvocationException") << described.dump();
      EXPECT_EQ(Json::parse(described["input"].get<std::string>())["count"], kHopLimit);
    } else {
      EXPECT_EQ(e["status"], "SUCCEEDED") << e.dump();
    }
  }
  EXPECT_EQ(failed, 1);
  std::vector<Json> passes = Passes("SyncLoop");
  EXPECT_EQ(passes.size(), static_cast<size_t>(kHopLimit));
  ExpectOneChain(passes);
  EXPECT_EQ(RecursionStops(), 1);
  EXPECT_EQ(serve_.Stop(), 0);
  EXPECT_EQ(StopLogLines("looper"), 1u) << serve_.log();
}

TEST_F(RecursiveLoopTest, AnEventTaskLoopSendsTheSeventeenthEventToTheDeadLetterList) {
  auto r = Invoke("looper", {{"machine", "EventLoop"}}, "Event");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(Eventually([&] { return RecursionStops() >= 1; })) << serve_.log();
  // Every execution started by a pass ended: their Tasks only queue events.
  ASSERT_TRUE(Eventually([&] {
    auto executions = Executions("EventLoop");
    if (executions.size() != kHopLimit) return false;
    for (const Json& e : executions) {
      if (e["status"] != "SUCCEEDED") return false;
    }
    return true;
  })) << serve_.log();
  std::vector<Json> passes = Passes("EventLoop");
  EXPECT_EQ(passes.size(), static_cast<size_t>(kHopLimit));
  ExpectOneChain(passes);
  EXPECT_EQ(RecursionStops(), 1);

  auto store = StopAndOpenStore();
  EXPECT_EQ(StopLogLines("looper"), 1u) << serve_.log();
  ASSERT_TRUE(store);
  ASSERT_TRUE(Eventually([&] { return *store->CountAsyncEvents() == 0; }, 5s));
  auto letters = store->ListDeadLetters(0);
  ASSERT_TRUE(letters);
  ASSERT_EQ(letters->size(), 1u);
  const storage::DeadLetterRecord& letter = letters->front();
  EXPECT_EQ(letter.condition, "RecursiveInvocationDetected");
  EXPECT_NE(letter.reason.find("more than 16 times"), std::string::npos) << letter.reason;
  EXPECT_EQ(letter.attempts, 0);  // never invoked
  EXPECT_EQ(Json::parse(letter.payload)["count"], kHopLimit);
  EXPECT_EQ(Json::parse(letter.record)["requestContext"]["condition"],
            "RecursiveInvocationDetected");
}

TEST_F(RecursiveLoopTest, AFunctionPuttingToItsOwnStreamIsStoppedAtTheSeventeenthPass) {
  // The first record comes from outside any function: a new chain.
  auto put = RunShell(std::string(TERN_BINARY) + " stream put loop-stream --partition-key loop " +
                          "--data '{\"count\": 0}' --db " + Quote(db_),
                      dir_.path());
  ASSERT_EQ(put.exit_code, 0) << put.err;
  ASSERT_TRUE(Eventually([&] { return RecursionStops() >= 1; })) << serve_.log();
  std::vector<Json> passes = Passes("stream");
  EXPECT_EQ(passes.size(), static_cast<size_t>(kHopLimit));
  ExpectOneChain(passes);
  // Not retried: the mapping gave the batch up at once and moved on.
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(RecursionStops(), 1);

  auto store = StopAndOpenStore();
  EXPECT_EQ(StopLogLines("stream-looper"), 1u) << serve_.log();
  ASSERT_TRUE(store);
  auto messages = store->ListQueueMessages(kStoppedQueue, 0);
  ASSERT_TRUE(messages);
  ASSERT_EQ(messages->size(), 1u);
  Json record = Json::parse(messages->front().body);
  EXPECT_EQ(record["requestContext"]["condition"], "RecursiveInvocationDetected") << record.dump();
  EXPECT_EQ(record["KinesisBatchInfo"]["batchSize"], 1);
}

TEST_F(RecursiveLoopTest, LambdaInvokeContinuesTheCallersChainFromItsTraceHeader) {
  // A caller (a function) whose chain already invoked looper 16 times.
  const std::string trace = "Root=1-00000000-00000000000000000000000a;Sampled=0;Lineage=" +
                            FunctionHash("arn:aws:lambda:us-east-1:123456789012:function:looper") +
                            ":16";
  auto sync = Curl("-o /dev/null -w '%{http_code}' -D - -H " + Quote("X-Amzn-Trace-Id: " + trace) +
                   " --data '{\"machine\": \"SyncLoop\"}' " + serve_.endpoint() +
                   "/2015-03-31/functions/looper/invocations");
  EXPECT_NE(sync.out.find("RecursiveInvocationException"), std::string::npos) << sync.out;
  EXPECT_NE(sync.out.find("400"), std::string::npos) << sync.out;
  // One hop fewer is allowed: the 16th pass runs and the chain is stopped right after it.
  const std::string fifteen =
      "Root=1-00000000-00000000000000000000000b;Sampled=0;Lineage=" +
      FunctionHash("arn:aws:lambda:us-east-1:123456789012:function:looper") + ":15";
  auto ok =
      Curl("-H " + Quote("X-Amzn-Trace-Id: " + fifteen) + " --data '{\"machine\": \"SyncLoop\"}' " +
           serve_.endpoint() + "/2015-03-31/functions/looper/invocations");
  EXPECT_EQ(Json::parse(ok.out, nullptr, false)["count"], 1) << ok.out;
  ASSERT_TRUE(Eventually([&] { return RecursionStops() >= 2; })) << serve_.log();
  EXPECT_EQ(Passes("SyncLoop").size(), 1u);
  EXPECT_EQ(serve_.Stop(), 0);
  EXPECT_EQ(StopLogLines("looper"), 2u) << serve_.log();
}

TEST_F(RecursiveLoopTest, RecursiveLoopAllowLetsTheLoopRunPastSixteen) {
  constexpr int kLimit = 20;
  auto r = Invoke("allowed-looper", {{"machine", "AllowedLoop"}, {"limit", kLimit}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(Eventually([&] {
    auto executions = Executions("AllowedLoop");
    if (executions.size() != kLimit - 1) return false;
    for (const Json& e : executions) {
      if (e["status"] == "RUNNING") return false;
    }
    return true;
  })) << serve_.log();
  for (const Json& e : Executions("AllowedLoop")) EXPECT_EQ(e["status"], "SUCCEEDED") << e.dump();
  std::vector<Json> passes = Passes("AllowedLoop");
  EXPECT_EQ(passes.size(), static_cast<size_t>(kLimit));
  ExpectOneChain(passes);
  EXPECT_EQ(RecursionStops(), 0);
  EXPECT_EQ(serve_.Stop(), 0);
  EXPECT_EQ(StopLogLines("allowed-looper"), 0u) << serve_.log();
  EXPECT_NE(serve_.log().find("SIGTERM, shutting down"), std::string::npos) << serve_.log();
}

}  // namespace
}  // namespace tern::triggers
