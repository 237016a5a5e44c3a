// The events HTTP routes send, field by field against the request of AWS's documented examples
// ("Create AWS Lambda proxy integrations for HTTP APIs", payload formats 2.0 and 1.0).
#include "server/detail/http_trigger_event.h"

#include <gtest/gtest.h>

namespace tern::server {
namespace {

constexpr int64_t kTimeMs = 1583348638390;  // the documented example's timeEpoch

class HttpTriggerEventTest : public ::testing::Test {
 protected:
  void SetUp() override {
    route_.method = "POST";
    route_.path = "/my/{name}";
    route_.api_id = "abcde12345";
    // The documented example's request: repeated query keys, two cookies, a repeated header.
    request_.method = "POST";
    request_.path = "/http/my/path";
    request_.query = "parameter1=value1&parameter1=value2&parameter2=value";
    request_.target = request_.path + "?" + request_.query;
    request_.headers = {{"host", "id.execute-api.us-east-1.amazonaws.com:8083"},
                        {"header1", "value1"},
                        {"header2", "value1"},
                        {"header2", "value2"},
                        {"cookie", "cookie1; cookie2"},
                        {"user-agent", "agent"},
                        {"content-type", "text/plain"},
                        {"x-amzn-trace-id", "Root=1-from-the-client"}};
    request_.body = "Hello from Lambda";
    request_.remote = "192.0.2.1:51234";
    match_.route = &route_;
    match_.path_parameters = {{"name", "path"}};
    context_.raw_path = "/my/path";
    context_.account = "123456789012";
    context_.request_id = "id";
    context_.time_ms = kTimeMs;
    context_.trace_id = "Root=1-5e5f1d1e-0123456789abcdef01234567";
  }

  void SetContentType(const std::string& type) {
    for (auto& [name, value] : request_.headers) {
      if (name == "content-type") value = type;
    }
  }

  HttpRoute route_;
  HttpRequest request_;
  RouteMatch match_;
  HttpTriggerContext context_;
};

TEST_F(HttpTriggerEventTest, Format20TopLevel) {
  Json event = HttpEventV2(request_, match_, context_);
  EXPECT_EQ(event["version"], "2.0");
  EXPECT_EQ(event["routeKey"], "POST /my/{name}");
  EXPECT_EQ(event["rawPath"], "/my/path");  // without the --http-prefix
  EXPECT_EQ(event["rawQueryString"], "parameter1=value1&parameter1=value2&parameter2=value");
  EXPECT_EQ(event["cookies"], Json::parse(R"(["cookie1", "cookie2"])"));
  EXPECT_EQ(event["queryStringParameters"],
            Json::parse(R"({"parameter1": "value1,value2", "parameter2": "value"})"));
  EXPECT_EQ(event["pathParameters"], Json::parse(R"({"name": "path"})"));
  EXPECT_EQ(event["body"], "Hello from Lambda");
  EXPECT_EQ(event["isBase64Encoded"], false);
  EXPECT_FALSE(event.contains("multiValueHeaders"));
  EXPECT_FALSE(event.contains("multiValueQueryStringParameters"));
}

TEST_F(HttpTriggerEventTest, Format20Headers) {
  Json headers = HttpEventV2(request_, match_, context_)["headers"];
  EXPECT_EQ(headers["header1"], "value1");
  EXPECT_EQ(headers["header2"], "value1,value2");  // repeated headers joined with commas
  EXPECT_FALSE(headers.contains("cookie"));        // the cookies member carries them
  EXPECT_EQ(headers["user-agent"], "agent");
  // What API Gateway adds: the client's address, port and scheme, and the trace header.
  EXPECT_EQ(headers["x-forwarded-for"], "192.0.2.1");
  EXPECT_EQ(headers["x-forwarded-port"], "8083");
  EXPECT_EQ(headers["x-forwarded-proto"], "http");
  EXPECT_EQ(headers["x-amzn-trace-id"], context_.trace_id);
  for (const auto& [name, value] : headers.items()) {
    EXPECT_EQ(name, [&] {
      std::string lower = name;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return lower;
    }());
  }
}

TEST_F(HttpTriggerEventTest, Format20RequestContext) {
  Json rc = HttpEventV2(request_, match_, context_)["requestContext"];
  EXPECT_EQ(rc["accountId"], "123456789012");
  EXPECT_EQ(rc["apiId"], "abcde12345");
  EXPECT_EQ(rc["domainName"], "id.execute-api.us-east-1.amazonaws.com");  // no port
  EXPECT_EQ(rc["domainPrefix"], "id");
  EXPECT_EQ(rc["http"], Json::parse(R"({"method": "POST", "path": "/my/path",
      "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1", "userAgent": "agent"})"));
  EXPECT_EQ(rc["requestId"], "id");
  EXPECT_EQ(rc["routeKey"], "POST /my/{name}");
  EXPECT_EQ(rc["stage"], "$default");
  EXPECT_EQ(rc["time"], "04/Mar/2020:19:03:58 +0000");
  EXPECT_EQ(rc["timeEpoch"], kTimeMs);
}

TEST_F(HttpTriggerEventTest, Format20LeavesOutWhatTheRequestLacks) {
  request_.query.clear();
  request_.body.clear();
  request_.headers = {{"host", "localhost"}};
  match_.path_parameters.clear();
  Json event = HttpEventV2(request_, match_, context_);
  EXPECT_FALSE(event.contains("cookies"));
  EXPECT_FALSE(event.contains("queryStringParameters"));
  EXPECT_FALSE(event.contains("pathParameters"));
  EXPECT_FALSE(event.contains("body"));
  EXPECT_EQ(event["rawQueryString"], "");
  EXPECT_EQ(event["isBase64Encoded"], false);
  EXPECT_EQ(event["headers"]["x-forwarded-port"], "80");
}

TEST_F(HttpTriggerEventTest, Format20DefaultRoute) {
  route_.path = "$default";
  route_.method = "ANY";
  match_.path_parameters.clear();
  Json event = HttpEventV2(request_, match_, context_);
  EXPECT_EQ(event["routeKey"], "$default");
  EXPECT_EQ(event["requestContext"]["routeKey"], "$default");
}

TEST_F(HttpTriggerEventTest, Format20QueryStringsAreDecoded) {
  request_.query = "q=a%20b+c&empty&x=%E2%9C%93";
  Json event = HttpEventV2(request_, match_, context_);
  EXPECT_EQ(event["rawQueryString"], request_.query);
  EXPECT_EQ(event["queryStringParameters"],
            Json::parse(R"({"empty": "", "q": "a b c", "x": "\u2713"})"));
}

TEST_F(HttpTriggerEventTest, Format20BinaryBodiesAreBase64) {
  request_.body = std::string("\x89PNG\r\n\x1a\n\x00\x01", 10);
  SetContentType("image/png");
  Json event = HttpEventV2(request_, match_, context_);
  EXPECT_EQ(event["isBase64Encoded"], true);
  EXPECT_EQ(event["body"], "iVBORw0KGgoAAQ==");
  // Form posts too: HTTP APIs pass only text types through as text.
  request_.body = "a=1&b=2";
  SetContentType("application/x-www-form-urlencoded");
  event = HttpEventV2(request_, match_, context_);
  EXPECT_EQ(event["isBase64Encoded"], true);
  EXPECT_EQ(event["body"], "YT0xJmI9Mg==");
  // JSON with a charset is text.
  request_.body = R"({"a":1})";
  SetContentType("Application/JSON; charset=utf-8");
  event = HttpEventV2(request_, match_, context_);
  EXPECT_EQ(event["isBase64Encoded"], false);
  EXPECT_EQ(event["body"], R"({"a":1})");
  // A text type whose bytes are not UTF-8 cannot be a JSON string: base64.
  request_.body = "caf\xe9";
  SetContentType("text/plain");
  event = HttpEventV2(request_, match_, context_);
  EXPECT_EQ(event["isBase64Encoded"], true);
}

TEST(HttpTriggerEvent, TextContentTypes) {
  for (const char* type :
       {"text/plain", "text/html; charset=utf-8", "application/json", "application/vnd.api+json",
        "application/xml", "image/svg+xml", "application/javascript"}) {
    EXPECT_TRUE(IsTextContentType(type)) << type;
  }
  for (const char* type : {"", "application/octet-stream", "image/png",
                           "application/x-www-form-urlencoded", "multipart/form-data; b=x"}) {
    EXPECT_FALSE(IsTextContentType(type)) << type;
  }
}

TEST_F(HttpTriggerEventTest, Format10) {
  route_.payload_format = "1.0";
  Json event = HttpEventV1(request_, match_, context_);
  EXPECT_EQ(event["version"], "1.0");  // HTTP APIs set to 1.0 say so; REST APIs do not
  EXPECT_EQ(event["resource"], "/my/{name}");
  EXPECT_EQ(event["path"], "/my/path");
  EXPECT_EQ(event["httpMethod"], "POST");
  EXPECT_EQ(event["headers"]["header2"], "value2");  // the last one
  EXPECT_EQ(event["multiValueHeaders"]["header2"], Json::parse(R"(["value1", "value2"])"));
  EXPECT_EQ(event["headers"]["cookie"], "cookie1; cookie2");  // 1.0 keeps the header
  EXPECT_EQ(event["queryStringParameters"],
            Json::parse(R"({"parameter1": "value2", "parameter2": "value"})"));
  EXPECT_EQ(event["multiValueQueryStringParameters"],
            Json::parse(R"({"parameter1": ["value1", "value2"], "parameter2": ["value"]})"));
  EXPECT_EQ(event["pathParameters"], Json::parse(R"({"name": "path"})"));
  EXPECT_TRUE(event["stageVariables"].is_null());
  EXPECT_EQ(event["body"], "Hello from Lambda");
  EXPECT_EQ(event["isBase64Encoded"], false);

  Json rc = event["requestContext"];
  EXPECT_EQ(rc["accountId"], "123456789012");
  EXPECT_EQ(rc["apiId"], "abcde12345");
  EXPECT_EQ(rc["domainName"], "id.execute-api.us-east-1.amazonaws.com");
  EXPECT_EQ(rc["domainPrefix"], "id");
  EXPECT_EQ(rc["extendedRequestId"], "id");
  EXPECT_EQ(rc["httpMethod"], "POST");
  EXPECT_EQ(rc["identity"]["sourceIp"], "192.0.2.1");
  EXPECT_EQ(rc["identity"]["userAgent"], "agent");
  EXPECT_TRUE(rc["identity"]["accessKey"].is_null());
  EXPECT_TRUE(rc["identity"]["user"].is_null());
  EXPECT_EQ(rc["path"], "/my/path");
  EXPECT_EQ(rc["protocol"], "HTTP/1.1");
  EXPECT_EQ(rc["requestId"], "id");
  EXPECT_EQ(rc["requestTime"], "04/Mar/2020:19:03:58 +0000");
  EXPECT_EQ(rc["requestTimeEpoch"], kTimeMs);
  EXPECT_EQ(rc["resourcePath"], "/my/{name}");
  EXPECT_EQ(rc["stage"], "$default");
}

TEST_F(HttpTriggerEventTest, Format10RestApi) {
  route_.payload_format = "1.0";
  route_.rest_api = true;
  request_.query.clear();
  request_.body.clear();
  match_.path_parameters.clear();
  Json event = HttpEventV1(request_, match_, context_);
  EXPECT_FALSE(event.contains("version"));
  EXPECT_EQ(event["requestContext"]["stage"], "Prod");  // SAM's implicit API stage
  EXPECT_EQ(event["requestContext"]["path"], "/Prod/my/path");
  EXPECT_TRUE(event["queryStringParameters"].is_null());
  EXPECT_TRUE(event["multiValueQueryStringParameters"].is_null());
  EXPECT_TRUE(event["pathParameters"].is_null());
  EXPECT_TRUE(event["body"].is_null());
  EXPECT_EQ(event["isBase64Encoded"], false);
}

TEST(HttpTriggerEvent, Time) {
  EXPECT_EQ(ApiGatewayTime(0), "01/Jan/1970:00:00:00 +0000");
  EXPECT_EQ(ApiGatewayTime(1583349317135), "04/Mar/2020:19:15:17 +0000");
}

}  // namespace
}  // namespace tern::server
