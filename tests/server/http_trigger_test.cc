// HTTP routes through the router, without a network: the prefix, 404s, what the function gets
// (event, trace header), how its answer maps (2.0 inference, statusCode objects, 1.0), API
// Gateway's errors (500/502, 429, 503/504, 413), SigV4 not applying, state machine routes.
#include <deque>

#include "server/detail/http_trigger_response.h"
#include "tests/server/api_fixture.h"

namespace tern::testing {
namespace {

// Answers each invocation with the next scripted result (default: the event back), and keeps
// what it was asked. `hang`: never answers (an integration timeout).
class ScriptedBackend final : public server::InvocationBackend {
 public:
  void InvokeFunction(workers::InvokeRequest request, triggers::InvocationType type,
                      std::function<void(triggers::FunctionResponse)> done) override {
    requests.push_back(request);
    types.push_back(type);
    if (hang) {
      held.push_back(std::move(done));
      return;
    }
    triggers::FunctionResponse response;
    if (!results.empty()) {
      response.result = results.front();
      results.pop_front();
    } else {
      response.result.payload = request.payload;
    }
    done(std::move(response));
  }
  Status SendTaskSuccess(const std::string&, const std::string&) override { return Status::Ok(); }
  Status SendTaskFailure(const std::string&, const std::string&, const std::string&) override {
    return Status::Ok();
  }
  Status SendTaskHeartbeat(const std::string&) override { return Status::Ok(); }

  void Answer(std::string payload) {
    workers::InvokeResult result;
    result.payload = std::move(payload);
    results.push_back(std::move(result));
  }

  std::deque<workers::InvokeResult> results;
  std::vector<workers::InvokeRequest> requests;
  std::vector<triggers::InvocationType> types;
  std::vector<std::function<void(triggers::FunctionResponse)>> held;
  bool hang = false;
};

class HttpTriggerTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    ctx_.deps.invocations = &scripted_;
    AddRoute("GET", "/orders/{id}", "orders");
    AddRoute("ANY", "$default", "fallback");
  }
  void TearDown() override {
    // Held callbacks reference promises only; answering them lets nothing dangle.
    for (auto& done : scripted_.held) done(triggers::FunctionResponse{});
    ApiFixture::TearDown();
  }

  server::HttpRoute& AddRoute(std::string method, std::string path, std::string target) {
    server::HttpRoute route;
    route.method = std::move(method);
    route.path = std::move(path);
    route.target_name = std::move(target);
    route.api_id = "api0000001";
    ctx_.options.http_routes.push_back(std::move(route));
    return ctx_.options.http_routes.back();
  }

  server::HttpResponse Send(std::string method, std::string target, std::string body = "",
                            std::vector<std::pair<std::string, std::string>> headers = {}) {
    server::HttpRequest request;
    request.method = std::move(method);
    request.target = target;
    const size_t question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) request.query = target.substr(question + 1);
    request.headers = {{"host", "127.0.0.1:8083"}, {"user-agent", "test"}};
    for (auto& header : headers) request.headers.push_back(std::move(header));
    request.body = std::move(body);
    request.remote = "127.0.0.1:40000";
    return server::Route(ctx_, request);
  }

  static std::string Header(const server::HttpResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return "";
  }

  ScriptedBackend scripted_;
};

TEST_F(HttpTriggerTest, RouteUnderThePrefixInvokesTheFunctionWithTheEvent) {
  server::HttpResponse r =
      Send("GET", "/http/orders/42?expand=items", "", {{"x-amzn-trace-id", "Root=1-abc-def"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Header(r, "Content-Type"), "application/json");
  EXPECT_EQ(r.action, "http:GET /orders/{id}");
  ASSERT_EQ(scripted_.requests.size(), 1u);
  EXPECT_EQ(scripted_.requests[0].function, "orders");
  EXPECT_EQ(scripted_.types[0], triggers::InvocationType::kRequestResponse);
  EXPECT_EQ(scripted_.requests[0].trace_id, "Root=1-abc-def");  // the caller's chain goes on
  // No statusCode in what came back (the event itself): it is the body of a 200, as sent.
  EXPECT_EQ(r.body, scripted_.requests[0].payload);
  Json event = Json::parse(r.body);
  EXPECT_EQ(event["rawPath"], "/orders/42");
  EXPECT_EQ(event["pathParameters"]["id"], "42");
  EXPECT_EQ(event["queryStringParameters"]["expand"], "items");
  EXPECT_EQ(event["headers"]["x-amzn-trace-id"], "Root=1-abc-def");
  EXPECT_EQ(event["requestContext"]["requestId"], Header(r, "apigw-requestid"));
}

TEST_F(HttpTriggerTest, HeadAnswersHaveNoBody) {
  server::HttpResponse r = Send("HEAD", "/http/anything");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(scripted_.requests.back().function, "fallback");
}

TEST_F(HttpTriggerTest, ARequestWithoutTraceHeaderGetsANewRoot) {
  Send("GET", "/http/orders/1");
  ASSERT_EQ(scripted_.requests.size(), 1u);
  EXPECT_TRUE(scripted_.requests[0].trace_id.starts_with("Root=1-"))
      << scripted_.requests[0].trace_id;
  EXPECT_EQ(scripted_.requests[0].trace_id.size(), std::string("Root=1-").size() + 8 + 1 + 24);
}

TEST_F(HttpTriggerTest, DefaultRouteAndNotFound) {
  server::HttpResponse r = Send("DELETE", "/http/anything");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(scripted_.requests.back().function, "fallback");
  ctx_.options.http_routes.pop_back();  // no $default
  r = Send("DELETE", "/http/anything");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Json::parse(r.body), Json::parse(R"({"message":"Not Found"})"));
  EXPECT_EQ(scripted_.requests.size(), 1u);
  // The bare prefix is the route "/".
  r = Send("GET", "/http");
  EXPECT_EQ(r.status, 404);
}

TEST_F(HttpTriggerTest, OtherPathsStayTheApis) {
  server::HttpResponse r = Send("GET", "/httpx/orders/1");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.action.rfind("http:", 0), 0u) << r.action;
  EXPECT_TRUE(scripted_.requests.empty());
  r = Send("GET", "/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.action, "health");
}

TEST_F(HttpTriggerTest, RootPrefixServesRoutesBesideTheApis) {
  ctx_.options.http_prefix = "";
  server::HttpResponse r = Send("GET", "/orders/7");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(scripted_.requests.back().function, "orders");
  EXPECT_EQ(Json::parse(r.body)["rawPath"], "/orders/7");
  // The APIs keep their paths: Step Functions by X-Amz-Target, Lambda's dated paths, /health.
  auto [status, out] = Call("ListStateMachines", Json::object());
  EXPECT_EQ(status, 200) << out.dump();
  r = Send("GET", "/2015-03-31/functions");
  EXPECT_NE(r.action.rfind("http:", 0), 0u) << r.action;
  r = Send("GET", "/health");
  EXPECT_EQ(r.action, "health");
  EXPECT_EQ(scripted_.requests.size(), 1u);
}

TEST_F(HttpTriggerTest, StatusCodeObjectsMapToTheResponse) {
  scripted_.Answer(R"({"statusCode": 201, "headers": {"Location": "/orders/9", "X-N": 3},
      "multiValueHeaders": {"X-Multi": ["a", "b"]}, "cookies": ["a=1", "b=2; Path=/"],
      "body": "created"})");
  server::HttpResponse r = Send("GET", "/http/orders/9");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, "created");
  EXPECT_EQ(Header(r, "Location"), "/orders/9");
  EXPECT_EQ(Header(r, "X-N"), "3");
  std::vector<std::string> cookies, multi;
  for (const auto& [name, value] : r.headers) {
    if (name == "Set-Cookie") cookies.push_back(value);
    if (name == "X-Multi") multi.push_back(value);
  }
  EXPECT_EQ(cookies, (std::vector<std::string>{"a=1", "b=2; Path=/"}));
  EXPECT_EQ(multi, (std::vector<std::string>{"a", "b"}));
}

TEST_F(HttpTriggerTest, Base64ResponseBodiesAreDecoded) {
  scripted_.Answer(R"({"statusCode": 200, "headers": {"content-type": "image/png"},
      "body": "iVBORw0KGgo=", "isBase64Encoded": true})");
  server::HttpResponse r = Send("GET", "/http/orders/1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_F(HttpTriggerTest, InferredResponsesForAnythingButAStatusCodeObject) {
  for (const char* payload : {R"("just a string")", "42", "null", R"([1,2])", R"({"a":1})"}) {
    scripted_.Answer(payload);
    server::HttpResponse r = Send("GET", "/http/orders/1");
    EXPECT_EQ(r.status, 200) << payload;
    EXPECT_EQ(r.body, payload);
    EXPECT_EQ(Header(r, "Content-Type"), "application/json");
  }
}

TEST_F(HttpTriggerTest, MalformedProxyObjectsAreIntegrationFailures) {
  for (const char* payload : {R"({"statusCode": "abc"})", R"({"statusCode": 99})",
                              R"({"statusCode": 200, "headers": []})",
                              R"({"statusCode": 200, "body": "!!", "isBase64Encoded": true})",
                              // Header splitting: CR/LF in a value, a name that is no token.
                              R"({"statusCode": 200, "headers": {"X-A": "1\r\nSet-Cookie: s=1"}})",
                              R"({"statusCode": 200, "multiValueHeaders": {"X-A": ["a\nb"]}})",
                              R"({"statusCode": 200, "headers": {"X A": "1"}})",
                              R"({"statusCode": 200, "cookies": ["a=1\r\nX-B: 2"]})"}) {
    scripted_.Answer(payload);
    server::HttpResponse r = Send("GET", "/http/orders/1");
    EXPECT_EQ(r.status, 500) << payload;
    EXPECT_EQ(Json::parse(r.body), Json::parse(R"({"message":"Internal Server Error"})"));
  }
}

TEST_F(HttpTriggerTest, FunctionErrorsThrottlesAndTooLarge) {
  workers::InvokeResult failed;
  failed.status = workers::InvokeStatus::kFunctionError;
  failed.function_error = "Unhandled";
  failed.payload = R"({"errorMessage":"boom","errorType":"RuntimeError"})";
  scripted_.results.push_back(failed);
  server::HttpResponse r = Send("GET", "/http/orders/1");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(Json::parse(r.body), Json::parse(R"({"message":"Internal Server Error"})"));

  workers::InvokeResult throttled;
  throttled.status = workers::InvokeStatus::kThrottled;
  scripted_.results.push_back(throttled);
  r = Send("GET", "/http/orders/1");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(Json::parse(r.body), Json::parse(R"({"message":"Too Many Requests"})"));

  r = Send("POST", "/http/anything", std::string(server::kMaxHttpTriggerBodyBytes + 1, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Json::parse(r.body), Json::parse(R"({"message":"Request Entity Too Large"})"));
}

TEST_F(HttpTriggerTest, IntegrationTimeout) {
  ctx_.options.http_routes[0].timeout_ms = 50;
  scripted_.hang = true;
  server::HttpResponse r = Send("GET", "/http/orders/1");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(Json::parse(r.body), Json::parse(R"({"message":"Service Unavailable"})"));
  ctx_.options.http_routes[0].rest_api = true;
  r = Send("GET", "/http/orders/1");
  EXPECT_EQ(r.status, 504);
  EXPECT_EQ(Json::parse(r.body), Json::parse(R"({"message":"Endpoint request timed out"})"));
}

TEST_F(HttpTriggerTest, RestRoutesGetFormat10AndAnswer502OnFailure) {
  server::HttpRoute& route = AddRoute("GET", "/legacy/{id}", "legacy");
  route.rest_api = true;
  route.payload_format = "1.0";
  scripted_.Answer(R"({"statusCode": 200, "multiValueHeaders": {"X-A": ["1", "2"]},
      "body": "ok"})");
  server::HttpResponse r = Send("GET", "/http/legacy/5?a=1&a=2");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok");
  Json event = Json::parse(scripted_.requests.back().payload);
  EXPECT_EQ(event["resource"], "/legacy/{id}");
  EXPECT_EQ(event["httpMethod"], "GET");
  EXPECT_EQ(event["multiValueQueryStringParameters"]["a"], Json::parse(R"(["1","2"])"));
  EXPECT_EQ(event["requestContext"]["stage"], "Prod");
  // 1.0 has no inference: anything but a statusCode object is a failed integration.
  scripted_.Answer(R"({"hello": "world"})");
  r = Send("GET", "/http/legacy/5");
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(Json::parse(r.body), Json::parse(R"({"message":"Internal server error"})"));
}

TEST_F(HttpTriggerTest, SigV4DoesNotApplyToRoutes) {
  ctx_.options.auth = server::AuthMode::kSigV4;
  ctx_.options.credentials = {{"AKID", "secret"}};
  server::HttpResponse r = Send("GET", "/http/orders/1");
  EXPECT_EQ(r.status, 200);
  auto [status, out] = Call("ListStateMachines", Json::object());
  EXPECT_NE(status, 200) << "the APIs still need a signature";
}

TEST_F(HttpTriggerTest, StateMachineRouteStartsAnExecution) {
  const std::string arn = CreateMachine("flow", kPass);
  server::HttpRoute route;
  route.method = "POST";
  route.path = "/flows";
  route.target = server::HttpRoute::Target::kStateMachine;
  route.target_name = arn;
  route.rest_api = true;
  ctx_.options.http_routes.push_back(route);
  server::HttpResponse r = Send("POST", "/http/flows", R"({"orderId": "42"})");
  ASSERT_EQ(r.status, 200) << r.body;
  Json out = Json::parse(r.body);
  ASSERT_TRUE(out["executionArn"].is_string());
  EXPECT_TRUE(out["startDate"].is_number());
  EXPECT_TRUE(scripted_.requests.empty());
  Json described = Ok("DescribeExecution", Json{{"executionArn", out["executionArn"]}});
  EXPECT_EQ(Json::parse(described["input"].get<std::string>()), Json::parse(R"({"orderId":"42"})"));
  // An input that is not JSON: StartExecution's error, as the integration passes it on.
  r = Send("POST", "/http/flows", "not json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["__type"], "InvalidExecutionInput");
}

TEST(HttpTriggerResponse, GatewayErrors) {
  using server::GatewayError;
  EXPECT_EQ(server::GatewayErrorResponse(GatewayError::kNotFound, true).status, 404);
  EXPECT_EQ(server::GatewayErrorResponse(GatewayError::kIntegrationFailure, false).status, 500);
  EXPECT_EQ(server::GatewayErrorResponse(GatewayError::kIntegrationFailure, true).status, 502);
  EXPECT_EQ(server::GatewayErrorResponse(GatewayError::kTimeout, false).status, 503);
  EXPECT_EQ(server::GatewayErrorResponse(GatewayError::kTimeout, true).status, 504);
}

TEST(HttpTriggerResponse, ConnectionHeadersFromTheFunctionAreRenamed) {
  server::HttpRoute route;
  server::HttpResponse r = server::MapFunctionResponse(
      route,
      R"({"statusCode": 200, "headers": {"Content-Length": "5", "X-Ok": "1"}, "body": "hi"})");
  bool remapped = false;
  for (const auto& [name, value] : r.headers) {
    EXPECT_NE(name, "Content-Length");
    if (name == "x-amzn-Remapped-Content-Length") remapped = value == "5";
  }
  EXPECT_TRUE(remapped);
}

}  // namespace
}  // namespace tern::testing
