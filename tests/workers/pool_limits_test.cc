// Pool semantics with real processes: concurrency and throttling, timeouts, memory, output
// floods, hung INIT, forked children, provisioned environments, idle reaping, updates,
// isolation.
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <future>
#include <sys/wait.h>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/json.h"
#include "tests/workers/workers_test_util.h"
#include "workers/pool.h"

namespace tern::workers {
namespace {

using namespace testing;  // NOLINT
using std::chrono::milliseconds;
using std::chrono::seconds;

// Polls `done` until it holds or `limit` passes (for effects the pool does not signal, such as
// a killed grandchild disappearing).
template <typename F>
bool Eventually(F done, milliseconds limit = seconds(20)) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return done();
}

std::future<InvokeResult> Start(Pool& pool, InvokeRequest request) {
  auto promise = std::make_shared<std::promise<InvokeResult>>();
  auto future = promise->get_future();
  pool.Invoke(std::move(request),
              [promise](InvokeResult result) { promise->set_value(std::move(result)); });
  return future;
}

TEST(PoolLimits, ReservedConcurrencyThrottles) {
  ScratchDir dir;
  Pool pool(TestOptions(dir));
  project::FunctionSpec spec = Python("sleepy", "app.sleeps");
  spec.reserved_concurrency = 2;
  ASSERT_TRUE(pool.PutFunction(spec).ok());
  auto a = Start(pool, Request("sleepy", R"({"seconds": 1})"));
  auto b = Start(pool, Request("sleepy", R"({"seconds": 1})"));
  InvokeResult c = pool.InvokeAndWait(Request("sleepy", R"({"seconds": 1})"));
  EXPECT_EQ(c.status, InvokeStatus::kThrottled);
  EXPECT_EQ(c.error_type, "TooManyRequestsException");
  EXPECT_EQ(c.error_message, "Rate Exceeded.");
  EXPECT_EQ(c.throttle_reason, "ReservedFunctionConcurrentInvocationLimitExceeded");
  EXPECT_EQ(c.HttpStatus(), 429);
  EXPECT_EQ(a.get().payload, R"("woke")");
  EXPECT_EQ(b.get().payload, R"("woke")");
  EXPECT_EQ(pool.StatsFor("sleepy")->throttles, 1u);
  EXPECT_EQ(pool.StatsFor("sleepy")->cold_starts, 2u);
  // Reserved concurrency 0 disables the function.
  ASSERT_TRUE(pool.SetReservedConcurrency("sleepy", 0).ok());
  EXPECT_EQ(pool.InvokeAndWait(Request("sleepy")).status, InvokeStatus::kThrottled);
  ASSERT_TRUE(pool.SetReservedConcurrency("sleepy", std::nullopt).ok());
  EXPECT_EQ(pool.InvokeAndWait(Request("sleepy", R"({"seconds": 0})")).status, InvokeStatus::kOk);
}

TEST(PoolLimits, AccountConcurrencyThrottles) {
  ScratchDir dir;
  PoolOptions options = TestOptions(dir);
  options.account_concurrency = 1;
  Pool pool(options);
  ASSERT_TRUE(pool.PutFunction(Python("sleepy", "app.sleeps")).ok());
  auto a = Start(pool, Request("sleepy", R"({"seconds": 1})"));
  InvokeResult b = pool.InvokeAndWait(Request("sleepy"));
  EXPECT_EQ(b.status, InvokeStatus::kThrottled);
  EXPECT_EQ(b.throttle_reason, "ConcurrentInvocationLimitExceeded");
  EXPECT_EQ(a.get().status, InvokeStatus::kOk);
}

TEST(PoolLimits, ConcurrentInvocationsGetTheirOwnEnvironments) {
  ScratchDir dir;
  Pool pool(TestOptions(dir));
  ASSERT_TRUE(pool.PutFunction(ProvidedEcho("echo")).ok());
  std::vector<std::future<InvokeResult>> results;
  for (int i = 0; i < 8; ++i) {
    results.push_back(Start(pool, Request("echo", std::to_string(i))));
  }
  for (int i = 0; i < 8; ++i) {
    InvokeResult r = results[i].get();
    ASSERT_EQ(r.status, InvokeStatus::kOk) << r.error_message;
    EXPECT_EQ(r.payload, std::to_string(i));  // each caller gets its own payload back
  }
  auto stats = pool.StatsFor("echo");
  EXPECT_LE(stats->cold_starts, 8u);
  EXPECT_EQ(stats->busy, 0);
}

TEST(PoolLimits, TimeoutKillsAndReplacesTheEnvironment) {
  ScratchDir dir;
  Pool pool(TestOptions(dir));
  ASSERT_TRUE(pool.PutFunction(Python("slow", "app.sleeps", 1)).ok());
  InvokeResult result = pool.InvokeAndWait(Request("slow", R"({"seconds": 120})"));
  EXPECT_EQ(result.status, InvokeStatus::kTimeout);
  EXPECT_EQ(result.function_error, "Unhandled");
  EXPECT_EQ(result.error_type, "Sandbox.Timedout");
  EXPECT_EQ(result.error_message,
            "RequestId: " + result.request_id + " Error: Task timed out after 1.00 seconds");
  EXPECT_GE(result.duration_ms, 1000);
  std::string log = ReadFile(pool.LogPath("slow"));
  EXPECT_NE(log.find(" " + result.request_id + " Task timed out after 1.00 seconds\n"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("Status: timeout"), std::string::npos);
  InvokeResult next = pool.InvokeAndWait(Request("slow", R"({"seconds": 0})"));
  EXPECT_EQ(next.status, InvokeStatus::kOk);
  EXPECT_TRUE(next.cold);
  EXPECT_EQ(pool.StatsFor("slow")->timeouts, 1u);
}

TEST(PoolLimits, InitThatNeverCallsNextTimesOut) {
  ScratchDir dir;
  PoolOptions options = TestOptions(dir);
  options.init_timeout = seconds(1);
  Pool pool(options);
  ASSERT_TRUE(pool.PutFunction(Python("hang", "init_hang.handler")).ok());
  InvokeResult result = pool.InvokeAndWait(Request("hang"));
  EXPECT_EQ(result.status, InvokeStatus::kTimeout);
  EXPECT_EQ(result.error_type, "Sandbox.Timedout");
  EXPECT_EQ(result.error_message,
            "RequestId: " + result.request_id + " Error: Init timed out after 1.00 seconds");
  EXPECT_TRUE(Eventually([&] { return pool.StatsFor("hang")->starting == 0; }));
}

TEST(PoolLimits, MegabytesOfOutputDoNotBlockAndRotateTheLog) {
  ScratchDir dir;
  PoolOptions options = TestOptions(dir);
  options.log_file_max_bytes = 1 << 20;
  Pool pool(options);
  ASSERT_TRUE(pool.PutFunction(Python("flood", "app.prints")).ok());
  InvokeRequest request = Request("flood", R"({"kilobytes": 8192})");
  request.log_tail = true;
  InvokeResult result = pool.InvokeAndWait(request);
  ASSERT_EQ(result.status, InvokeStatus::kOk) << result.payload;
  EXPECT_EQ(result.payload, R"("printed")");
  EXPECT_LE(result.log_result.size(), 4096u * 4 / 3 + 4);
  std::string path = pool.LogPath("flood");
  EXPECT_TRUE(std::filesystem::exists(path + ".1"));
  EXPECT_LE(std::filesystem::file_size(path), (1u << 20) + (64u << 10));
  std::string log = ReadFile(path + ".1") + ReadFile(path);  // the cut may fall anywhere
  EXPECT_NE(log.find("last line of the flood\nEND RequestId: " + result.request_id),
            std::string::npos);
  EXPECT_EQ(pool.InvokeAndWait(Request("flood", R"({"kilobytes": 1})")).status, InvokeStatus::kOk);
}

TEST(PoolLimits, ForkedChildrenDieWithTheEnvironment) {
  ScratchDir dir;
  int child = 0;
  {
    Pool pool(TestOptions(dir));
    ASSERT_TRUE(pool.PutFunction(Python("forks", "app.forks")).ok());
    InvokeResult result = pool.InvokeAndWait(Request("forks"));
    ASSERT_EQ(result.status, InvokeStatus::kOk) << result.payload;
    child = Json::parse(result.payload)["child"].get<int>();
    ASSERT_GT(child, 0);
    EXPECT_TRUE(ProcessAlive(child));
    ASSERT_TRUE(pool.RemoveFunction("forks").ok());
    EXPECT_TRUE(Eventually([&] { return !ProcessAlive(child); }));
  }
  EXPECT_FALSE(ProcessAlive(child));
}

TEST(PoolLimits, MemoryLimitKillsPython) {
  ScratchDir dir;
  Pool pool(TestOptions(dir));
  project::FunctionSpec spec = Python("hog", "app.hogs");
  spec.memory_mb = 128;
  ASSERT_TRUE(pool.PutFunction(spec).ok());
  InvokeResult result = pool.InvokeAndWait(Request("hog", R"({"megabytes": 300})"));
  EXPECT_EQ(result.status, InvokeStatus::kOutOfMemory);
  EXPECT_EQ(result.error_type, "Runtime.OutOfMemory");
  EXPECT_EQ(result.error_message, "RequestId: " + result.request_id +
                                      " Error: Runtime exited with error: signal: killed");
  EXPECT_GT(result.max_memory_used_mb, 128);
  InvokeResult small = pool.InvokeAndWait(Request("hog", R"({"megabytes": 0})"));
  EXPECT_TRUE(small.cold);
}

TEST(PoolLimits, MemoryLimitKillsNode) {
  ScratchDir dir;
  Pool pool(TestOptions(dir));
  project::FunctionSpec spec = Node("hog", "index.hogs");
  spec.memory_mb = 128;
  ASSERT_TRUE(pool.PutFunction(spec).ok());
  InvokeResult result = pool.InvokeAndWait(Request("hog", R"({"megabytes": 400})"));
  EXPECT_EQ(result.status, InvokeStatus::kOutOfMemory);
  EXPECT_EQ(result.error_type, "Runtime.OutOfMemory");
}

TEST(PoolLimits, ProvisionedEnvironmentsAreReadyBeforeTheFirstInvoke) {
  ScratchDir dir;
  Pool pool(TestOptions(dir));
  project::FunctionSpec spec = Python("warm", "app.info");
  spec.provisioned_concurrency = 2;
  ASSERT_TRUE(pool.PutFunction(spec).ok());
  ASSERT_TRUE(pool.AwaitProvisioned("warm", seconds(60)).ok());
  auto stats = pool.StatsFor("warm");
  EXPECT_EQ(stats->idle, 2);
  EXPECT_EQ(stats->cold_starts, 2u);
  InvokeResult result = pool.InvokeAndWait(Request("warm"));
  ASSERT_EQ(result.status, InvokeStatus::kOk) << result.payload;
  EXPECT_FALSE(result.cold);
  EXPECT_FALSE(result.init_duration_ms.has_value());
  EXPECT_EQ(Json::parse(result.payload)["env"]["AWS_LAMBDA_INITIALIZATION_TYPE"],
            "provisioned-concurrency");
  EXPECT_EQ(pool.StatsFor("warm")->cold_starts, 2u);
}

TEST(PoolLimits, IdleEnvironmentsAreReaped) {
  ScratchDir dir;
  PoolOptions options = TestOptions(dir);
  options.idle_timeout = milliseconds(300);
  Pool pool(options);
  ASSERT_TRUE(pool.PutFunction(ProvidedEcho("echo")).ok());
  EXPECT_TRUE(pool.InvokeAndWait(Request("echo")).cold);
  EXPECT_TRUE(Eventually([&] { return pool.StatsFor("echo")->reaped == 1; }));
  EXPECT_TRUE(Eventually([&] { return pool.StatsFor("echo")->idle == 0; }));
  EXPECT_TRUE(pool.InvokeAndWait(Request("echo")).cold);
}

TEST(PoolLimits, UpdatingAFunctionStartsNewEnvironments) {
  ScratchDir dir;
  Pool pool(TestOptions(dir));
  project::FunctionSpec spec = Python("f", "app.info");
  spec.environment["VERSION"] = "1";
  ASSERT_TRUE(pool.PutFunction(spec).ok());
  InvokeResult v1 = pool.InvokeAndWait(Request("f"));
  EXPECT_EQ(Json::parse(v1.payload)["env"]["VERSION"], "1");
  spec.environment["VERSION"] = "2";
  ASSERT_TRUE(pool.PutFunction(spec).ok());
  InvokeResult v2 = pool.InvokeAndWait(Request("f"));
  EXPECT_TRUE(v2.cold);
  EXPECT_EQ(Json::parse(v2.payload)["env"]["VERSION"], "2");
  ASSERT_TRUE(pool.RemoveFunction("f").ok());
  EXPECT_EQ(pool.InvokeAndWait(Request("f")).status, InvokeStatus::kNotFound);
  EXPECT_FALSE(pool.GetFunction("f").has_value());
}

TEST(PoolLimits, FunctionsDoNotSeeEachOthersPayloads) {
  ScratchDir dir;
  Pool pool(TestOptions(dir));
  ASSERT_TRUE(pool.PutFunction(Python("a", "app.remember")).ok());
  ASSERT_TRUE(pool.PutFunction(Python("b", "app.remember")).ok());
  InvokeResult a = pool.InvokeAndWait(Request("a", R"({"secret": "only-for-a"})"));
  EXPECT_EQ(a.payload, R"({"last": "only-for-a"})");
  InvokeResult b = pool.InvokeAndWait(Request("b", R"({})"));
  EXPECT_EQ(b.payload, R"({"last": null})");
  InvokeResult a_again = pool.InvokeAndWait(Request("a", R"({})"));
  EXPECT_EQ(a_again.payload, R"({"last": "only-for-a"})");  // warm state is per environment
  std::string log_b = ReadFile(pool.LogPath("b"));
  EXPECT_EQ(log_b.find("only-for-a"), std::string::npos);
}

TEST(PoolLimits, ShutdownAnswersWaitingInvocations) {
  ScratchDir dir;
  std::future<InvokeResult> pending;
  {
    Pool pool(TestOptions(dir));
    ASSERT_TRUE(pool.PutFunction(Python("slow", "app.sleeps")).ok());
    pending = Start(pool, Request("slow", R"({"seconds": 120})"));
  }
  InvokeResult result = pending.get();
  EXPECT_EQ(result.status, InvokeStatus::kServiceError);
}

}  // namespace
}  // namespace tern::workers

namespace tern::workers {
namespace {

using namespace testing;  // NOLINT

int OpenDescriptors() {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    ++n;
  }
  return n;
}

TEST(PoolHygiene, NoDescriptorOrChildLeftAfterThePoolIsGone) {
  ScratchDir dir;
  {
    // Resolve the interpreters once (a popen) so the count below starts from a settled state.
    Pool warmup(TestOptions(dir));
    ASSERT_TRUE(warmup.PutFunction(Python("x", "app.echo")).ok());
  }
  int before = OpenDescriptors();
  {
    PoolOptions options = TestOptions(dir);
    Pool pool(options);
    ASSERT_TRUE(pool.PutFunction(Python("echo", "app.echo")).ok());
    ASSERT_TRUE(pool.PutFunction(Python("exits", "app.exits")).ok());
    ASSERT_TRUE(pool.PutFunction(Python("slow", "app.sleeps", 1)).ok());
    ASSERT_TRUE(pool.PutFunction(ProvidedEcho("c")).ok());
    EXPECT_EQ(pool.InvokeAndWait(Request("echo")).status, InvokeStatus::kOk);
    EXPECT_EQ(pool.InvokeAndWait(Request("c")).status, InvokeStatus::kOk);
    EXPECT_EQ(pool.InvokeAndWait(Request("exits")).status, InvokeStatus::kRuntimeExited);
    EXPECT_EQ(pool.InvokeAndWait(Request("slow", R"({"seconds": 30})")).status,
              InvokeStatus::kTimeout);
  }
  EXPECT_EQ(OpenDescriptors(), before);
  int status = 0;
  EXPECT_EQ(waitpid(-1, &status, WNOHANG), -1);  // every child was reaped
  EXPECT_EQ(errno, ECHILD);
}

}  // namespace
}  // namespace tern::workers
