// End to end: the real `tern serve` with examples/http-api (Python functions, a REST route, a
// state machine route), driven by real HTTP requests under the default /http prefix: path
// parameters, query strings, a base64 body, statusCode objects, a function that raises, an
// integration timeout, the body limit and a workflow started by a route.
#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"
#include "tests/server/raw_client.h"
#include "tests/server/serve_process.h"

namespace tern::testing {
namespace {

class HttpApiE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    // A copy: tern serve writes .tern/ (logs) beside the template.
    std::filesystem::copy(std::string(TERN_SOURCE_DIR) + "/examples/http-api", dir_->path(),
                          std::filesystem::copy_options::recursive);
    server_ = new ServeProcess();
    started_ = server_->Start(dir_->path(), {"--db", dir_->path() + "/tern.db"});
  }

  static void TearDownTestSuite() {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << server_->log();
    }
    delete server_;
    delete dir_;
    server_ = nullptr;
    dir_ = nullptr;
  }

  void SetUp() override { ASSERT_TRUE(started_) << server_->log(); }

  // One request on a fresh connection.
  static RawResponse Send(const std::string& method, const std::string& target,
                          const std::string& body = "", const std::string& extra_headers = "") {
    RawConnection connection(server_->port());
    EXPECT_TRUE(connection.connected());
    std::string request = method + " " + target +
                          " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(server_->port()) +
                          "\r\nUser-Agent: tern-e2e\r\nConnection: close\r\n" + extra_headers;
    if (!body.empty() || method == "POST") {
      request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    request += "\r\n" + body;
    EXPECT_TRUE(connection.Send(request));
    return connection.Read();
  }

  static Json Body(const RawResponse& response) {
    Json parsed = Json::parse(response.body, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << response.body;
    return parsed;
  }

  static ScratchDir* dir_;
  static ServeProcess* server_;
  static bool started_;
};

ScratchDir* HttpApiE2eTest::dir_ = nullptr;
ServeProcess* HttpApiE2eTest::server_ = nullptr;
bool HttpApiE2eTest::started_ = false;

TEST_F(HttpApiE2eTest, TheRoutesAreListedAtStart) {
  EXPECT_NE(server_->log().find("route GET /orders/{id} -> function GetOrderFunction"),
            std::string::npos)
      << server_->log();
  EXPECT_NE(server_->log().find("route POST /workflows/orders -> state machine"), std::string::npos)
      << server_->log();
}

TEST_F(HttpApiE2eTest, PathParameterAndQueryStringWithAnInferredResponse) {
  RawResponse r = Send("GET", "/http/orders/42?expand=items");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "application/json");
  EXPECT_FALSE(r.headers["apigw-requestid"].empty());
  EXPECT_EQ(Body(r), Json::parse(R"({"orderId": "42", "status": "SHIPPED", "expand": "items"})"));
}

TEST_F(HttpApiE2eTest, StatusCodeObject) {
  RawResponse r =
      Send("POST", "/http/orders", R"({"orderId": 7})", "Content-Type: application/json\r\n");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.headers["location"], "/orders/7");
  EXPECT_EQ(r.headers["set-cookie"], "last-order=7; Path=/");
  EXPECT_EQ(Body(r), Json::parse(R"({"created": "7"})"));
}

TEST_F(HttpApiE2eTest, GreedyPathBase64BodyAndTheWholeEvent) {
  const std::string binary("\x00\x01\x02\xff", 4);
  RawResponse r = Send("PUT", "/http/echo/a/b%20c?x=1&x=2&y=%C3%A9", binary,
                       "Content-Type: application/octet-stream\r\n"
                       "Cookie: s=1; t=2\r\n"
                       "X-Amzn-Trace-Id: Root=1-67891233-abcdef012345678912345678\r\n");
  ASSERT_EQ(r.status, 200) << r.body;
  Json event = Body(r);
  EXPECT_EQ(event["version"], "2.0");
  EXPECT_EQ(event["routeKey"], "ANY /echo/{proxy+}");
  EXPECT_EQ(event["rawPath"], "/echo/a/b%20c");
  EXPECT_EQ(event["rawQueryString"], "x=1&x=2&y=%C3%A9");
  EXPECT_EQ(event["pathParameters"], Json::parse(R"({"proxy": "a/b c"})"));
  EXPECT_EQ(event["queryStringParameters"], Json::parse(R"({"x": "1,2", "y": "\u00e9"})"));
  EXPECT_EQ(event["cookies"], Json::parse(R"(["s=1", "t=2"])"));
  EXPECT_EQ(event["isBase64Encoded"], true);
  EXPECT_EQ(event["body"], "AAEC/w==");
  EXPECT_EQ(event["headers"]["content-type"], "application/octet-stream");
  EXPECT_EQ(event["headers"]["x-amzn-trace-id"], "Root=1-67891233-abcdef012345678912345678");
  EXPECT_EQ(event["headers"]["x-forwarded-port"], std::to_string(server_->port()));
  Json rc = event["requestContext"];
  EXPECT_EQ(rc["accountId"], "123456789012");
  EXPECT_EQ(rc["domainName"], "127.0.0.1");
  EXPECT_EQ(rc["http"]["method"], "PUT");
  EXPECT_EQ(rc["http"]["path"], "/echo/a/b%20c");
  EXPECT_EQ(rc["http"]["sourceIp"], "127.0.0.1");
  EXPECT_EQ(rc["http"]["userAgent"], "tern-e2e");
  EXPECT_EQ(rc["stage"], "$default");
  EXPECT_EQ(rc["apiId"].get<std::string>().size(), 10u);
  EXPECT_TRUE(rc["timeEpoch"].is_number_integer());
}

TEST_F(HttpApiE2eTest, DefaultRouteTakesTheRest) {
  RawResponse r = Send("DELETE", "/http/no/such/thing");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["routeKey"], "$default");
}

TEST_F(HttpApiE2eTest, RestRouteGetsFormat10) {
  RawResponse r = Send("GET", "/http/legacy/9?a=1&a=2");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["x-legacy"], "b");  // the last of multiValueHeaders' two lines
  Json event = Body(r);
  EXPECT_EQ(event["resource"], "/legacy/{id}");
  EXPECT_EQ(event["path"], "/legacy/9");
  EXPECT_EQ(event["httpMethod"], "GET");
  EXPECT_EQ(event["pathParameters"], Json::parse(R"({"id": "9"})"));
  EXPECT_EQ(event["multiValueQueryStringParameters"], Json::parse(R"({"a": ["1", "2"]})"));
  EXPECT_EQ(event["requestContext"]["stage"], "Prod");
}

TEST_F(HttpApiE2eTest, AFunctionThatRaisesIs500) {
  RawResponse r = Send("GET", "/http/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(Body(r), Json::parse(R"({"message": "Internal Server Error"})"));
  // And the server keeps serving.
  EXPECT_EQ(Send("GET", "/http/orders/1").status, 200);
}

TEST_F(HttpApiE2eTest, IntegrationTimeoutIs503) {
  const auto started = std::chrono::steady_clock::now();
  RawResponse r = Send("GET", "/http/slow");
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(Body(r), Json::parse(R"({"message": "Service Unavailable"})"));
  EXPECT_GE(waited, std::chrono::milliseconds(900));   // TimeoutInMillis: 1000
  EXPECT_LT(waited, std::chrono::milliseconds(2900));  // before the function's 3 s
}

TEST_F(HttpApiE2eTest, PathsOutsideThePrefixAreNotRoutes) {
  // The example has a $default route, so under /http every path is served; outside it the
  // server's own 404 answers (unit tests cover {"message":"Not Found"} without $default).
  RawResponse r = Send("GET", "/orders/42");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers["x-amzn-errortype"], "UnknownOperationException");
}

TEST_F(HttpApiE2eTest, BodyOver10MBIs413BeforeItIsRead) {
  RawConnection connection(server_->port());
  ASSERT_TRUE(connection.connected());
  ASSERT_TRUE(connection.Send("POST /http/echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                              std::to_string(10 * 1024 * 1024 + 1) + "\r\n\r\n"));
  RawResponse r = connection.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Body(r), Json::parse(R"({"message": "Request Entity Too Large"})"));
}

TEST_F(HttpApiE2eTest, ChunkedBodyOver10MBIsRefusedAndTheServerKeepsServing) {
  {
    RawConnection connection(server_->port());
    ASSERT_TRUE(connection.connected());
    ASSERT_TRUE(connection.Send(
        "POST /http/echo/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
    const std::string chunk(1024 * 1024, 'a');
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
    bool sent = true;
    for (int i = 0; i < 11 && sent; ++i) sent = connection.Send(size + chunk + "\r\n");
    if (sent) connection.Send("0\r\n\r\n");
    // The server may reset the connection before the 413 is read; when it is read, it is
    // API Gateway's.
    RawResponse r = connection.Read();
    if (r.status != 0) {
      EXPECT_EQ(r.status, 413);
      EXPECT_EQ(Body(r), Json::parse(R"({"message": "Request Entity Too Large"})"));
    }
  }
  EXPECT_EQ(Send("GET", "/http/orders/5").status, 200);
}

TEST_F(HttpApiE2eTest, KeepAliveConnectionServesSeveralRoutes) {
  RawConnection connection(server_->port());
  ASSERT_TRUE(connection.connected());
  for (const char* target : {"/http/orders/1", "/http/legacy/2", "/http/orders/3"}) {
    ASSERT_TRUE(connection.Send(std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    RawResponse r = connection.Read();
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
  }
  ASSERT_TRUE(connection.Send("HEAD /http/orders/4 HTTP/1.1\r\nHost: x\r\n\r\n"));
  RawResponse head = connection.Read();  // $default answers it, without the body
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  ASSERT_TRUE(connection.Send("GET /http/orders/5 HTTP/1.1\r\nHost: x\r\n\r\n"));
  RawResponse after = connection.Read();
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(Body(after)["orderId"], "5");
}

TEST_F(HttpApiE2eTest, StateMachineRouteStartsAnExecutionThatSucceeds) {
  RawResponse r = Send("POST", "/http/workflows/orders", R"({"orderId": "42"})",
                       "Content-Type: application/json\r\n");
  ASSERT_EQ(r.status, 200) << r.body;
  Json started = Body(r);
  ASSERT_TRUE(started["executionArn"].is_string()) << r.body;
  EXPECT_TRUE(started["startDate"].is_number());
  const std::string describe = Json{{"executionArn", started["executionArn"]}}.dump();
  Json described;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    RawResponse d = Send("POST", "/", describe,
                         "X-Amz-Target: AWSStepFunctions.DescribeExecution\r\n"
                         "Content-Type: application/x-amz-json-1.0\r\n");
    ASSERT_EQ(d.status, 200) << d.body;
    described = Body(d);
    if (described["status"] != "RUNNING") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(described["status"], "SUCCEEDED") << described.dump();
  EXPECT_EQ(Json::parse(described.value("output", std::string("null"))),
            Json::parse(R"({"accepted": "42"})"));
}

}  // namespace
}  // namespace tern::testing
