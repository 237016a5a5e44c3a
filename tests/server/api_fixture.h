// An in-process API context for handler and routing tests: an in-memory store, a Runner whose
// Task states fail (no functions), and a scripted invocation backend. No network.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "engine/clock.h"
#include "engine/mock_invoker.h"
#include "runtime/runner.h"
#include "server/detail/api.h"
#include "server/metrics.h"
#include "server/invocation_backend.h"
#include "storage/store.h"

namespace tern::testing {

class FakeBackend final : public server::InvocationBackend {
 public:
  void InvokeFunction(workers::InvokeRequest request, triggers::InvocationType,
                      std::function<void(triggers::FunctionResponse)> done) override {
    triggers::FunctionResponse r;
    r.result.payload = request.payload;
    done(std::move(r));
  }
  Status SendTaskSuccess(const std::string& token, const std::string& output) override {
    last_token = token;
    last_output = output;
    return token == "good" ? Status::Ok() : Status::NotFound("Task Does Not Exist");
  }
  Status SendTaskFailure(const std::string& token, const std::string&,
                         const std::string&) override {
    return token == "late" ? Status(StatusCode::kFailedPrecondition, "Task Timed Out")
                           : Status::NotFound("Task Does Not Exist");
  }
  Status SendTaskHeartbeat(const std::string&) override { return Status::Ok(); }
  std::string last_token, last_output;
};

class ApiFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.metrics = std::make_shared<server::Metrics>();
    storage::StoreOptions options;
    options.durability = storage::Durability::kMemory;
    options.telemetry = ctx_.metrics.get();
    auto opened = storage::OpenStore(options);
    ASSERT_TRUE(opened) << opened.error().message();
    store_ = std::move(opened).value();
    runtime::RunnerOptions runner_options;
    runner_options.telemetry = ctx_.metrics.get();
    runner_ = std::make_unique<runtime::Runner>(*store_, invoker_, clock_, runner_options);
    ctx_.deps.store = store_.get();
    ctx_.deps.runner = runner_.get();
    ctx_.deps.invoker = &invoker_;
    ctx_.deps.clock = &clock_;
    ctx_.deps.invocations = &backend_;
    ctx_.metrics->SetSources(server::MetricsSources{store_.get(), nullptr, {}, {}});
    ctx_.post_background = [](std::function<void()> work) { work(); };
  }
  void TearDown() override {
    runner_.reset();
    store_.reset();
  }

  // Calls one Step Functions action through the router; returns status and parsed body.
  std::pair<int, Json> Call(const std::string& action, const Json& body) {
    server::HttpRequest request;
    request.method = "POST";
    request.path = "/";
    request.target = "/";
    request.headers = {{"x-amz-target", "AWSStepFunctions." + action},
                       {"content-type", "application/x-amz-json-1.0"}};
    request.body = body.dump();
    server::HttpResponse response = server::Route(ctx_, request);
    Json parsed = Json::parse(response.body, nullptr, false);
    return {response.status, parsed};
  }

  Json Ok(const std::string& action, const Json& body) {
    auto [status, out] = Call(action, body);
    EXPECT_EQ(status, 200) << action << ": " << out.dump();
    return out;
  }

  // The __type of a failing call.
  std::string ErrorType(const std::string& action, const Json& body) {
    auto [status, out] = Call(action, body);
    EXPECT_EQ(status, 400) << action << ": " << out.dump();
    return out.is_object() ? out.value("__type", std::string()) : std::string();
  }

  std::string CreateMachine(const std::string& name, const std::string& definition,
                            const std::string& type = "STANDARD") {
    Json out = Ok("CreateStateMachine", Json{{"name", name},
                                             {"definition", definition},
                                             {"roleArn", "arn:aws:iam::123456789012:role/r"},
                                             {"type", type}});
    return out.value("stateMachineArn", std::string());
  }

  engine::RealClock clock_;
  engine::UnavailableInvoker invoker_;
  FakeBackend backend_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<runtime::Runner> runner_;
  server::ApiContext ctx_;
};

inline constexpr const char* kPass =
    R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","End":true}}})";

}  // namespace tern::testing
