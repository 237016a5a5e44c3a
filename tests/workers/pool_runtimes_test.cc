// Node.js through the bundled client, the C `provided` echo bootstrap, and a `provided` runtime
// that probes the Runtime API's error answers.
#include <gtest/gtest.h>

#include "common/json.h"
#include "tests/workers/workers_test_util.h"
#include "workers/pool.h"

namespace tern::workers {
namespace {

using namespace testing;  // NOLINT

class RuntimesTest : public ::testing::Test {
 protected:
  ScratchDir dir_;
  Pool pool_{TestOptions(dir_)};
};

TEST_F(RuntimesTest, NodeAsyncCallbackAndEsmHandlers) {
  ASSERT_TRUE(pool_.PutFunction(Node("echo", "index.echo")).ok());
  ASSERT_TRUE(pool_.PutFunction(Node("callback", "index.callback")).ok());
  ASSERT_TRUE(pool_.PutFunction(Node("esm", "esm.handler")).ok());
  InvokeResult echo = pool_.InvokeAndWait(Request("echo", R"({"a":[1,2,{"b":null}]})"));
  ASSERT_EQ(echo.status, InvokeStatus::kOk) << echo.payload;
  EXPECT_EQ(Json::parse(echo.payload), Json::parse(R"({"a":[1,2,{"b":null}]})"));
  EXPECT_TRUE(echo.cold);
  InvokeResult warm = pool_.InvokeAndWait(Request("echo", "7"));
  EXPECT_EQ(warm.payload, "7");
  EXPECT_FALSE(warm.cold);
  InvokeResult callback = pool_.InvokeAndWait(Request("callback", R"("x")"));
  EXPECT_EQ(callback.payload, R"({"via":"callback","event":"x"})");
  InvokeResult esm = pool_.InvokeAndWait(Request("esm", "1"));
  EXPECT_EQ(esm.payload, R"({"esm":true,"event":1})");
}

TEST_F(RuntimesTest, NodeContext) {
  ASSERT_TRUE(pool_.PutFunction(Node("info", "index.info")).ok());
  InvokeResult result = pool_.InvokeAndWait(Request("info"));
  ASSERT_EQ(result.status, InvokeStatus::kOk) << result.payload;
  Json info = Json::parse(result.payload);
  EXPECT_EQ(info["functionName"], "info");
  EXPECT_EQ(info["awsRequestId"], result.request_id);
  EXPECT_EQ(info["memoryLimitInMB"], "512");
  EXPECT_GT(info["remaining"].get<int>(), 30000);
  EXPECT_EQ(info["env"]["AWS_EXECUTION_ENV"], "AWS_Lambda_nodejs20.x");
}

TEST_F(RuntimesTest, NodeErrors) {
  ASSERT_TRUE(pool_.PutFunction(Node("throws", "index.throws")).ok());
  ASSERT_TRUE(pool_.PutFunction(Node("missing", "index.nothing")).ok());
  InvokeResult thrown = pool_.InvokeAndWait(Request("throws"));
  EXPECT_EQ(thrown.status, InvokeStatus::kFunctionError);
  EXPECT_EQ(thrown.error_type, "TypeError");
  EXPECT_EQ(thrown.error_message, "bad input");
  Json doc = Json::parse(thrown.payload);
  ASSERT_TRUE(doc["trace"].is_array());
  EXPECT_EQ(doc["trace"][0], "TypeError: bad input");
  InvokeResult missing = pool_.InvokeAndWait(Request("missing"));
  EXPECT_EQ(missing.error_type, "Runtime.HandlerNotFound");
  EXPECT_EQ(missing.error_message, "index.nothing is undefined or not exported");
}

TEST_F(RuntimesTest, ProvidedEchoBootstrap) {
  ASSERT_TRUE(pool_.PutFunction(ProvidedEcho("echo")).ok());
  InvokeResult cold = pool_.InvokeAndWait(Request("echo", R"({"hello":"world"})"));
  ASSERT_EQ(cold.status, InvokeStatus::kOk) << cold.error_message;
  EXPECT_EQ(cold.payload, R"({"hello":"world"})");
  EXPECT_TRUE(cold.cold);
  for (int i = 0; i < 20; ++i) {
    std::string payload = "[" + std::to_string(i) + "]";
    InvokeResult warm = pool_.InvokeAndWait(Request("echo", payload));
    ASSERT_EQ(warm.payload, payload);
    EXPECT_FALSE(warm.cold);
  }
  // A large payload crosses several reads and writes.
  std::string big = "\"" + std::string(3 << 20, 'z') + "\"";
  InvokeResult large = pool_.InvokeAndWait(Request("echo", big));
  EXPECT_EQ(large.payload.size(), big.size());
  EXPECT_EQ(pool_.StatsFor("echo")->cold_starts, 1u);
}

TEST_F(RuntimesTest, ProvidedBootstrapErrors) {
  project::FunctionSpec exits = ProvidedEcho("exits");
  exits.handler = "exit";
  ASSERT_TRUE(pool_.PutFunction(exits).ok());
  InvokeResult result = pool_.InvokeAndWait(Request("exits"));
  EXPECT_EQ(result.status, InvokeStatus::kRuntimeExited);
  EXPECT_EQ(result.error_message,
            "RequestId: " + result.request_id + " Error: Runtime exited with error: exit status 3");

  ASSERT_TRUE(
      pool_.PutFunction(Function("nobootstrap", "provided.al2", Testdata("python"), "x")).ok());
  InvokeResult missing = pool_.InvokeAndWait(Request("nobootstrap"));
  EXPECT_EQ(missing.status, InvokeStatus::kFunctionError);
  EXPECT_EQ(missing.error_type, "Runtime.InvalidEntrypoint");
}

TEST_F(RuntimesTest, RuntimeApiAnswersWrongRequestsWithTheDocumented4xx) {
  ASSERT_TRUE(
      pool_.PutFunction(Function("raw", "provided.al2023", Testdata("provided_raw"), "x")).ok());
  InvokeRequest request = Request("raw", R"({"n": 1})");
  request.cognito_identity = R"({"cognitoIdentityId":"id","cognitoIdentityPoolId":"pool"})";
  InvokeResult first = pool_.InvokeAndWait(request);
  ASSERT_EQ(first.status, InvokeStatus::kOk) << first.payload;
  Json probes = Json::parse(first.payload);
  EXPECT_EQ(probes["unknown_path"], 404);
  EXPECT_EQ(probes["wrong_method"], 405);
  EXPECT_EQ(probes["response_before_next"], 400);
  EXPECT_EQ(probes["wrong_id"], 400);
  EXPECT_EQ(probes["init_error_late"], 403);
  EXPECT_EQ(probes["event"]["n"], 1);
  const Json& headers = probes["headers"];
  EXPECT_EQ(headers["Lambda-Runtime-Aws-Request-Id"], first.request_id);
  EXPECT_TRUE(headers.contains("Lambda-Runtime-Deadline-Ms"));
  EXPECT_EQ(headers["Lambda-Runtime-Invoked-Function-Arn"],
            "arn:aws:lambda:us-east-1:123456789012:function:raw");
  EXPECT_TRUE(headers["Lambda-Runtime-Trace-Id"].get<std::string>().starts_with("Root=1-"));
  EXPECT_EQ(headers["Lambda-Runtime-Cognito-Identity"], request.cognito_identity);

  InvokeResult second = pool_.InvokeAndWait(Request("raw", R"({"n": 2})"));
  Json later = Json::parse(second.payload);
  EXPECT_EQ(later["response"], 202);
  EXPECT_EQ(later["twice"], 400);  // a second answer to the same invocation

  InvokeResult error = pool_.InvokeAndWait(Request("raw", R"({"error": true})"));
  EXPECT_EQ(error.status, InvokeStatus::kFunctionError);
  EXPECT_EQ(error.error_type, "Custom.Failure");
  EXPECT_EQ(error.error_message, "custom failure");
}

}  // namespace
}  // namespace tern::workers
