// The Lambda configuration APIs in process (no network): event invoke configs, recursion
// configs, event source mappings (with a recording backend), UpdateFunctionCode and
// UpdateFunctionConfiguration, against a real worker pool (functions registered, not invoked)
// and an in-memory settings store; RestoreLambdaSettings brings them back on a new pool.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "server/event_source_backend.h"
#include "storage/lambda_settings.h"
#include "tests/server/api_fixture.h"
#include "tests/server/serve_process.h"
#include "workers/pool.h"

namespace tern::testing {
namespace {

constexpr const char* kFn = "arn:aws:lambda:us-east-1:123456789012:function:";
constexpr const char* kOrders = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";

// Records what the handlers ask of the mapping runner; streams "orders" and "other" exist.
class RecordingEventSources final : public server::EventSourceBackend {
 public:
  Status CheckStream(const std::string& stream) override {
    return stream == "orders" || stream == "other" ? Status::Ok()
                                                   : Status::NotFound("no stream " + stream);
  }
  Status Run(const server::EventSourceMappingSpec& m) override {
    if (m.enabled) {
      running[m.uuid] = m;
    } else {
      running.erase(m.uuid);
    }
    ++runs;
    return Status::Ok();
  }
  void Stop(const std::string& uuid) override { running.erase(uuid); }
  uint64_t Invocations(const std::string& uuid) override { return delivered[uuid]; }

  std::map<std::string, server::EventSourceMappingSpec> running;
  std::map<std::string, uint64_t> delivered;  // batches per UUID, as the test says
  int runs = 0;
};

class LambdaConfigApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    workers::PoolOptions options;
    options.log_dir = dir_.path() + "/logs";
    pool_ = std::make_unique<workers::Pool>(options);
    ASSERT_TRUE(pool_->PutFunction(Function("alpha")).ok());
    ASSERT_TRUE(pool_->PutFunction(Function("beta")).ok());
    storage::StoreOptions store_options;
    store_options.durability = storage::Durability::kMemory;
    auto settings = storage::OpenLambdaSettings(store_options);
    ASSERT_TRUE(settings) << settings.error().message();
    settings_ = std::move(settings).value();
    ctx_.deps.pool = pool_.get();
    ctx_.deps.settings = settings_.get();
    ctx_.deps.event_sources = &sources_;
    ctx_.options.data_dir = dir_.path() + "/data";
  }
  void TearDown() override {
    pool_.reset();
    ApiFixture::TearDown();
  }

  project::FunctionSpec Function(const std::string& name) {
    project::FunctionSpec spec;
    spec.name = name;
    spec.logical_id = name;
    spec.runtime = "provided.al2023";
    spec.runtime_family = project::RuntimeFamily::kProvided;
    spec.handler = "x";
    spec.code_dir = dir_.path() + "/code/" + name;
    std::filesystem::create_directories(spec.code_dir);
    return spec;
  }

  // A new process on the same settings: a pool with the project's functions (alpha, beta) and
  // nothing from the API, then RestoreCreatedFunctions and RestoreLambdaSettings onto it, as
  // tern serve does; null when that fails.
  std::unique_ptr<workers::Pool> Restart(RecordingEventSources& sources) {
    workers::PoolOptions options;
    options.log_dir = dir_.path() + "/logs2";
    auto pool = std::make_unique<workers::Pool>(options);
    if (!pool->PutFunction(Function("alpha")).ok() || !pool->PutFunction(Function("beta")).ok()) {
      return nullptr;
    }
    Status functions = server::RestoreCreatedFunctions(server::ServerOptions{}, *pool, *settings_);
    EXPECT_TRUE(functions.ok()) << functions.message();
    server::ServerDeps deps;
    deps.pool = pool.get();
    deps.settings = settings_.get();
    deps.event_sources = &sources;
    Status restored = server::RestoreLambdaSettings(server::ServerOptions{}, deps);
    EXPECT_TRUE(restored.ok()) << restored.message();
    return restored.ok() ? std::move(pool) : nullptr;
  }

  // One Lambda REST call through the router: status and parsed body (null when empty).
  std::pair<int, Json> Lambda(const std::string& method, const std::string& target,
                              const Json& body = Json()) {
    server::HttpRequest request;
    request.method = method;
    request.target = target;
    size_t q = target.find('?');
    request.path = target.substr(0, q);
    request.query = q == std::string::npos ? "" : target.substr(q + 1);
    request.headers = {{"content-type", "application/json"}};
    if (!body.is_null()) request.body = body.dump();
    server::HttpResponse response = server::Route(ctx_, request);
    error_type_ = "";
    for (const auto& [k, v] : response.headers) {
      if (k == "x-amzn-ErrorType") error_type_ = v;
    }
    Json parsed = response.body.empty() ? Json() : Json::parse(response.body, nullptr, false);
    return {response.status, parsed};
  }

  // The x-amzn-ErrorType of a failing call, checked against its status.
  std::string Error(int status, const std::string& method, const std::string& target,
                    const Json& body = Json()) {
    auto [got, out] = Lambda(method, target, body);
    EXPECT_EQ(got, status) << method << " " << target << ": " << out.dump();
    return error_type_;
  }

  ScratchDir dir_;
  std::unique_ptr<workers::Pool> pool_;
  std::unique_ptr<storage::LambdaSettings> settings_;
  RecordingEventSources sources_;
  std::string error_type_;
};

// ---- event invoke config ----

TEST_F(LambdaConfigApiTest, PutEventInvokeConfigReachesTheDispatchersFunctionAndIsStored) {
  auto [status, out] = Lambda(
      "PUT", "/2019-09-25/functions/alpha/event-invoke-config",
      Json{{"MaximumRetryAttempts", 0},
           {"MaximumEventAgeInSeconds", 60},
           {"DestinationConfig", {{"OnFailure", {{"Destination", std::string(kFn) + "beta"}}}}}});
  ASSERT_EQ(status, 200) << out.dump();
  EXPECT_EQ(out["FunctionArn"], std::string(kFn) + "alpha:$LATEST");
  EXPECT_EQ(out["MaximumRetryAttempts"], 0);
  EXPECT_EQ(out["MaximumEventAgeInSeconds"], 60);
  EXPECT_EQ(out["DestinationConfig"]["OnFailure"]["Destination"], std::string(kFn) + "beta");
  EXPECT_EQ(out["DestinationConfig"]["OnSuccess"], Json::object());
  EXPECT_TRUE(out["LastModified"].is_number());

  // What the async dispatcher reads (AsyncDispatcher::ConfigOf: the pool's function).
  auto spec = pool_->GetFunction("alpha");
  ASSERT_TRUE(spec && spec->event_invoke_config);
  EXPECT_EQ(spec->event_invoke_config->maximum_retry_attempts, 0);
  EXPECT_EQ(spec->event_invoke_config->maximum_event_age_seconds, 60);
  ASSERT_TRUE(spec->event_invoke_config->on_failure);
  EXPECT_EQ(spec->event_invoke_config->on_failure->arn, std::string(kFn) + "beta");
  EXPECT_FALSE(spec->event_invoke_config->on_success);

  auto stored = settings_->List(storage::kEventInvokeConfigSetting);
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].first, "alpha");

  auto [get_status, got] = Lambda("GET", "/2019-09-25/functions/alpha/event-invoke-config");
  EXPECT_EQ(get_status, 200);
  EXPECT_EQ(got, out);
  auto [list_status, list] = Lambda("GET", "/2019-09-25/functions/alpha/event-invoke-config/list");
  EXPECT_EQ(list_status, 200);
  ASSERT_EQ(list["FunctionEventInvokeConfigs"].size(), 1u);
  EXPECT_EQ(list["FunctionEventInvokeConfigs"][0], out);
}

TEST_F(LambdaConfigApiTest, UpdateMergesAndPutReplaces) {
  Lambda("PUT", "/2019-09-25/functions/alpha/event-invoke-config",
         Json{{"MaximumRetryAttempts", 1},
              {"DestinationConfig",
               {{"OnSuccess", {{"Destination", "arn:aws:sqs:us-east-1:123456789012:done"}}}}}});
  auto [status, merged] = Lambda("POST", "/2019-09-25/functions/alpha/event-invoke-config",
                                 Json{{"MaximumEventAgeInSeconds", 300}});
  ASSERT_EQ(status, 200) << merged.dump();
  EXPECT_EQ(merged["MaximumRetryAttempts"], 1);
  EXPECT_EQ(merged["MaximumEventAgeInSeconds"], 300);
  EXPECT_EQ(merged["DestinationConfig"]["OnSuccess"]["Destination"],
            "arn:aws:sqs:us-east-1:123456789012:done");
  auto [put_status, replaced] = Lambda("PUT", "/2019-09-25/functions/alpha/event-invoke-config",
                                       Json{{"MaximumEventAgeInSeconds", 120}});
  ASSERT_EQ(put_status, 200);
  EXPECT_EQ(replaced["MaximumRetryAttempts"], 2);  // the default again
  EXPECT_EQ(replaced["DestinationConfig"]["OnSuccess"], Json::object());
  EXPECT_FALSE(pool_->GetFunction("alpha")->event_invoke_config->on_success);
}

TEST_F(LambdaConfigApiTest, EventInvokeConfigErrors) {
  const std::string path = "/2019-09-25/functions/alpha/event-invoke-config";
  EXPECT_EQ(Error(400, "PUT", path, Json{{"MaximumRetryAttempts", 3}}),
            "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "PUT", path, Json{{"MaximumRetryAttempts", -1}}),
            "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "PUT", path, Json{{"MaximumEventAgeInSeconds", 59}}),
            "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "PUT", path, Json{{"MaximumEventAgeInSeconds", 21601}}),
            "InvalidParameterValueException");
  auto [status, self] = Lambda(
      "PUT", path,
      Json{{"DestinationConfig", {{"OnFailure", {{"Destination", std::string(kFn) + "alpha"}}}}}});
  EXPECT_EQ(status, 400);
  EXPECT_EQ(self["message"], "You can't specify the function as a destination for itself.");
  EXPECT_EQ(Error(400, "PUT", path,
                  Json{{"DestinationConfig",
                        {{"OnFailure", {{"Destination", "arn:aws:sns:us-east-1:1:t"}}}}}}),
            "InvalidParameterValueException");
  EXPECT_FALSE(pool_->GetFunction("alpha")->event_invoke_config);  // nothing half-applied

  EXPECT_EQ(Error(404, "PUT", "/2019-09-25/functions/missing/event-invoke-config", Json::object()),
            "ResourceNotFoundException");
  auto [get_status, none] = Lambda("GET", path);
  EXPECT_EQ(get_status, 404);
  EXPECT_EQ(none["message"],
            std::string("The function ") + kFn + "alpha:$LATEST doesn't have an EventInvokeConfig");
  EXPECT_EQ(Error(404, "DELETE", path), "ResourceNotFoundException");
  EXPECT_EQ(Error(404, "GET", "/2019-09-25/functions/missing/event-invoke-config/list"),
            "ResourceNotFoundException");
  EXPECT_EQ(Error(400, "GET", path + "/list?MaxItems=0"), "InvalidParameterValueException");
}

TEST_F(LambdaConfigApiTest, DeleteEventInvokeConfigRestoresTheDefaults) {
  const std::string path = "/2019-09-25/functions/alpha/event-invoke-config";
  Lambda("PUT", path, Json{{"MaximumRetryAttempts", 0}});
  auto [status, body] = Lambda("DELETE", path);
  EXPECT_EQ(status, 204);
  EXPECT_TRUE(body.is_null());
  EXPECT_FALSE(pool_->GetFunction("alpha")->event_invoke_config);
  EXPECT_TRUE(settings_->List(storage::kEventInvokeConfigSetting)->empty());
  EXPECT_EQ(Error(404, "GET", path), "ResourceNotFoundException");
  auto [list_status, list] = Lambda("GET", path + "/list");
  EXPECT_EQ(list["FunctionEventInvokeConfigs"], Json::array());
}

// ---- recursion config ----

TEST_F(LambdaConfigApiTest, RecursionConfigSetsTheBusesStop) {
  const std::string path = "/2024-08-31/functions/alpha/recursion-config";
  auto [status, out] = Lambda("GET", path);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(out, Json({{"RecursiveLoop", "Terminate"}}));
  std::tie(status, out) = Lambda("PUT", path, Json{{"RecursiveLoop", "Allow"}});
  EXPECT_EQ(status, 200);
  EXPECT_EQ(out, Json({{"RecursiveLoop", "Allow"}}));
  EXPECT_TRUE(pool_->GetFunction("alpha")->recursive_loop_allow);  // what Bus::InvokeFunction reads
  EXPECT_FALSE(pool_->GetFunction("beta")->recursive_loop_allow);
  EXPECT_EQ(Lambda("GET", path).second, Json({{"RecursiveLoop", "Allow"}}));
  std::tie(status, out) = Lambda("PUT", path, Json{{"RecursiveLoop", "Terminate"}});
  EXPECT_FALSE(pool_->GetFunction("alpha")->recursive_loop_allow);

  std::tie(status, out) = Lambda("PUT", path, Json{{"RecursiveLoop", "InvalidValue"}});
  EXPECT_EQ(status, 400);
  EXPECT_EQ(error_type_, "ValidationException");
  EXPECT_EQ(out["message"],
            "1 validation error detected: Value 'InvalidValue' at 'recursiveLoop' failed to "
            "satisfy constraint: Member must satisfy enum value set: [Terminate, Allow]");
  EXPECT_EQ(Error(404, "PUT", "/2024-08-31/functions/missing/recursion-config",
                  Json{{"RecursiveLoop", "Allow"}}),
            "ResourceNotFoundException");
  EXPECT_EQ(Error(404, "GET", "/2024-08-31/functions/missing/recursion-config"),
            "ResourceNotFoundException");
}

// ---- event source mappings ----

TEST_F(LambdaConfigApiTest, EventSourceMappingLifeCycle) {
  auto [status, created] = Lambda("POST", "/2015-03-31/event-source-mappings/",
                                  Json{{"FunctionName", "alpha"},
                                       {"EventSourceArn", kOrders},
                                       {"StartingPosition", "TRIM_HORIZON"},
                                       {"BatchSize", 25}});
  ASSERT_EQ(status, 202) << created.dump();
  const std::string uuid = created["UUID"];
  EXPECT_EQ(created["State"], "Creating");
  EXPECT_EQ(created["StateTransitionReason"], "User action");
  EXPECT_EQ(created["FunctionArn"], std::string(kFn) + "alpha");
  EXPECT_EQ(created["EventSourceArn"], kOrders);
  EXPECT_EQ(created["EventSourceMappingArn"],
            "arn:aws:lambda:us-east-1:123456789012:event-source-mapping:" + uuid);
  EXPECT_EQ(created["BatchSize"], 25);
  EXPECT_EQ(created["StartingPosition"], "TRIM_HORIZON");
  EXPECT_EQ(created["MaximumRetryAttempts"], -1);
  EXPECT_EQ(created["MaximumRecordAgeInSeconds"], -1);
  EXPECT_EQ(created["ParallelizationFactor"], 1);
  EXPECT_EQ(created["DestinationConfig"], Json({{"OnFailure", Json::object()}}));
  EXPECT_EQ(created["LastProcessingResult"], "No records processed");
  EXPECT_FALSE(created.contains("Enabled"));
  ASSERT_EQ(sources_.running.count(uuid), 1u);  // polling
  EXPECT_EQ(sources_.running[uuid].stream, "orders");
  EXPECT_EQ(sources_.running[uuid].batch_size, 25);

  sources_.delivered[uuid] = 3;
  auto [get_status, got] = Lambda("GET", "/2015-03-31/event-source-mappings/" + uuid);
  EXPECT_EQ(get_status, 200);
  EXPECT_EQ(got["State"], "Enabled");
  EXPECT_EQ(got["LastProcessingResult"], "OK");  // the backend has delivered batches

  auto [update_status, disabled] =
      Lambda("PUT", "/2015-03-31/event-source-mappings/" + uuid, Json{{"Enabled", false}});
  EXPECT_EQ(update_status, 202);
  EXPECT_EQ(disabled["State"], "Disabling");
  EXPECT_EQ(sources_.running.count(uuid), 0u);  // stopped
  EXPECT_EQ(Lambda("GET", "/2015-03-31/event-source-mappings/" + uuid).second["State"], "Disabled");
  auto [enable_status, enabled] =
      Lambda("PUT", "/2015-03-31/event-source-mappings/" + uuid,
             Json{{"Enabled", true}, {"BatchSize", 7}, {"FunctionName", "beta"}});
  EXPECT_EQ(enable_status, 202);
  EXPECT_EQ(enabled["State"], "Enabling");
  EXPECT_EQ(enabled["BatchSize"], 7);
  EXPECT_EQ(enabled["FunctionArn"], std::string(kFn) + "beta");
  ASSERT_EQ(sources_.running.count(uuid), 1u);
  EXPECT_EQ(sources_.running[uuid].batch_size, 7);
  EXPECT_EQ(sources_.running[uuid].function_arn, std::string(kFn) + "beta");

  auto [delete_status, deleting] = Lambda("DELETE", "/2015-03-31/event-source-mappings/" + uuid);
  EXPECT_EQ(delete_status, 202);
  EXPECT_EQ(deleting["State"], "Deleting");
  EXPECT_EQ(sources_.running.count(uuid), 0u);
  auto [gone_status, gone] = Lambda("GET", "/2015-03-31/event-source-mappings/" + uuid);
  EXPECT_EQ(gone_status, 404);
  EXPECT_EQ(error_type_, "ResourceNotFoundException");
  EXPECT_EQ(gone["message"], "The resource you requested does not exist.");
  EXPECT_EQ(Error(404, "DELETE", "/2015-03-31/event-source-mappings/" + uuid),
            "ResourceNotFoundException");
  EXPECT_EQ(Error(404, "PUT", "/2015-03-31/event-source-mappings/" + uuid, Json::object()),
            "ResourceNotFoundException");
}

TEST_F(LambdaConfigApiTest, CreateEventSourceMappingErrors) {
  const std::string path = "/2015-03-31/event-source-mappings/";
  Json ok = {
      {"FunctionName", "alpha"}, {"EventSourceArn", kOrders}, {"StartingPosition", "LATEST"}};
  auto with = [&](const char* key, Json value) {
    Json body = ok;
    body[key] = std::move(value);
    return body;
  };
  EXPECT_EQ(Error(404, "POST", path, with("FunctionName", "missing")), "ResourceNotFoundException");
  Json no_position = ok;
  no_position.erase("StartingPosition");
  auto [status, out] = Lambda("POST", path, no_position);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(out["message"],
            "1 validation error detected: Value null at 'startingPosition' failed to satisfy "
            "constraint: Member must not be null.");
  EXPECT_EQ(Error(400, "POST", path, with("StartingPosition", "OLDEST")),
            "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "POST", path, with("BatchSize", 0)), "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "POST", path, with("BatchSize", 10001)), "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "POST", path, with("ParallelizationFactor", 11)),
            "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "POST", path, with("MaximumRecordAgeInSeconds", 59)),
            "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "POST", path, with("MaximumBatchingWindowInSeconds", 301)),
            "InvalidParameterValueException");
  EXPECT_EQ(
      Error(400, "POST", path, with("EventSourceArn", "arn:aws:sqs:us-east-1:123456789012:queue")),
      "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "POST", path,
                  with("EventSourceArn", "arn:aws:kinesis:us-east-1:123456789012:stream/nope")),
            "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "POST", path, with("FunctionResponseTypes", Json::array({"Everything"}))),
            "InvalidParameterValueException");
  EXPECT_TRUE(sources_.running.empty());
  EXPECT_EQ(sources_.runs, 0);

  auto [first_status, first] = Lambda("POST", path, ok);
  ASSERT_EQ(first_status, 202);
  auto [dup_status, dup] = Lambda("POST", path, ok);
  EXPECT_EQ(dup_status, 409);
  EXPECT_EQ(error_type_, "ResourceConflictException");
  EXPECT_EQ(dup["message"], std::string("The event source arn (") + kOrders +
                                ") and function (alpha) provided mapping already exists. Please "
                                "update or delete the existing mapping with UUID " +
                                first["UUID"].get<std::string>());
  EXPECT_EQ(
      Error(400, "PUT", "/2015-03-31/event-source-mappings/" + first["UUID"].get<std::string>(),
            Json{{"BatchSize", -5}}),
      "InvalidParameterValueException");
}

TEST_F(LambdaConfigApiTest, ListEventSourceMappingsFiltersAndPages) {
  const std::string path = "/2015-03-31/event-source-mappings/";
  std::set<std::string> all;
  for (const char* function : {"alpha", "beta"}) {
    for (const char* stream : {kOrders, "arn:aws:kinesis:us-east-1:123456789012:stream/other"}) {
      auto [status, out] = Lambda("POST", path,
                                  Json{{"FunctionName", function},
                                       {"EventSourceArn", stream},
                                       {"StartingPosition", "LATEST"}});
      ASSERT_EQ(status, 202) << out.dump();
      all.insert(out["UUID"].get<std::string>());
    }
  }
  auto [status, by_function] = Lambda("GET", path + "?FunctionName=beta");
  EXPECT_EQ(status, 200);
  ASSERT_EQ(by_function["EventSourceMappings"].size(), 2u);
  for (const Json& m : by_function["EventSourceMappings"]) {
    EXPECT_EQ(m["FunctionArn"], std::string(kFn) + "beta");
    EXPECT_EQ(m["State"], "Enabled");
  }
  auto [s2, by_arn] = Lambda(
      "GET", path + "?FunctionName=" + std::string(kFn) + "alpha" + "&EventSourceArn=" + kOrders);
  ASSERT_EQ(by_arn["EventSourceMappings"].size(), 1u);
  EXPECT_EQ(by_arn["EventSourceMappings"][0]["EventSourceArn"], kOrders);

  std::set<std::string> seen;
  std::string marker;
  int pages = 0;
  do {
    auto [page_status, page] =
        Lambda("GET", path + "?MaxItems=3" + (marker.empty() ? "" : "&Marker=" + marker));
    ASSERT_EQ(page_status, 200);
    ++pages;
    for (const Json& m : page["EventSourceMappings"]) seen.insert(m["UUID"].get<std::string>());
    marker = page.value("NextMarker", "");
  } while (!marker.empty() && pages < 5);
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen, all);
  EXPECT_EQ(Error(400, "GET", path + "?MaxItems=0"), "InvalidParameterValueException");
}

// ---- restart ----

TEST_F(LambdaConfigApiTest, RestoreLambdaSettingsReappliesConfigsAndRestartsMappings) {
  Lambda("PUT", "/2019-09-25/functions/alpha/event-invoke-config",
         Json{{"MaximumRetryAttempts", 1}, {"MaximumEventAgeInSeconds", 600}});
  Lambda("PUT", "/2024-08-31/functions/beta/recursion-config", Json{{"RecursiveLoop", "Allow"}});
  auto [s1, running] = Lambda("POST", "/2015-03-31/event-source-mappings/",
                              Json{{"FunctionName", "alpha"},
                                   {"EventSourceArn", kOrders},
                                   {"StartingPosition", "LATEST"},
                                   {"BatchSize", 9}});
  auto [s2, stopped] = Lambda("POST", "/2015-03-31/event-source-mappings/",
                              Json{{"FunctionName", "beta"},
                                   {"EventSourceArn", kOrders},
                                   {"StartingPosition", "LATEST"},
                                   {"Enabled", false}});
  ASSERT_EQ(s1, 202);
  ASSERT_EQ(s2, 202);

  // A new process: the project's functions without the API's settings, nothing polling.
  RecordingEventSources sources;
  std::unique_ptr<workers::Pool> restarted = Restart(sources);
  ASSERT_TRUE(restarted);
  workers::Pool& pool = *restarted;

  auto alpha = pool.GetFunction("alpha");
  ASSERT_TRUE(alpha->event_invoke_config);
  EXPECT_EQ(alpha->event_invoke_config->maximum_retry_attempts, 1);
  EXPECT_EQ(alpha->event_invoke_config->maximum_event_age_seconds, 600);
  EXPECT_FALSE(alpha->recursive_loop_allow);
  EXPECT_TRUE(pool.GetFunction("beta")->recursive_loop_allow);
  EXPECT_FALSE(pool.GetFunction("beta")->event_invoke_config);
  ASSERT_EQ(sources.running.size(), 1u);  // the disabled one stays stopped
  const std::string uuid = running["UUID"];
  ASSERT_EQ(sources.running.count(uuid), 1u);
  EXPECT_EQ(sources.running[uuid].batch_size, 9);
  EXPECT_EQ(sources.running[uuid].stream, "orders");
}

TEST_F(LambdaConfigApiTest, UnreadableStoredSettingsAreSkippedNotFatal) {
  Lambda("PUT", "/2024-08-31/functions/beta/recursion-config", Json{{"RecursiveLoop", "Allow"}});
  // Rows this tern did not write: not JSON, a member of the wrong type, not an object.
  const storage::TimeMs now = 1;
  ASSERT_TRUE(settings_->Put(storage::kEventInvokeConfigSetting, "alpha", "{not json", now).ok());
  ASSERT_TRUE(
      settings_->Put(storage::kRecursionConfigSetting, "alpha", R"({"RecursiveLoop": 7})", now)
          .ok());
  ASSERT_TRUE(
      settings_->Put(storage::kEventSourceMappingSetting, "bad-uuid", R"([1, 2])", now).ok());
  ASSERT_TRUE(settings_
                  ->Put(storage::kEventSourceMappingSetting, "typed-uuid",
                        R"({"UUID": "typed-uuid", "BatchSize": "many"})", now)
                  .ok());

  // A new process: the project's functions without the API's settings, nothing polling.
  RecordingEventSources sources;
  std::unique_ptr<workers::Pool> restarted = Restart(sources);
  ASSERT_TRUE(restarted);
  workers::Pool& pool = *restarted;
  // The readable row still applies; the others change nothing.
  EXPECT_TRUE(pool.GetFunction("beta")->recursive_loop_allow);
  EXPECT_FALSE(pool.GetFunction("alpha")->recursive_loop_allow);
  EXPECT_FALSE(pool.GetFunction("alpha")->event_invoke_config);
  EXPECT_TRUE(sources.running.empty());
}

// ---- function updates ----

TEST_F(LambdaConfigApiTest, UpdateFunctionConfigurationChangesThePoolsDefinition) {
  auto [status, out] = Lambda("PUT", "/2015-03-31/functions/alpha/configuration",
                              Json{{"Timeout", 42},
                                   {"MemorySize", 256},
                                   {"Handler", "other.handler"},
                                   {"Description", "updated"},
                                   {"Environment", {{"Variables", {{"MODE", "new"}}}}}});
  ASSERT_EQ(status, 200) << out.dump();
  EXPECT_EQ(out["Timeout"], 42);
  EXPECT_EQ(out["MemorySize"], 256);
  EXPECT_EQ(out["Handler"], "other.handler");
  EXPECT_EQ(out["Description"], "updated");
  EXPECT_EQ(out["Environment"]["Variables"]["MODE"], "new");
  auto spec = pool_->GetFunction("alpha");
  EXPECT_EQ(spec->timeout_seconds, 42);
  EXPECT_EQ(spec->memory_mb, 256);
  EXPECT_EQ(spec->handler, "other.handler");
  EXPECT_EQ(spec->environment, (std::map<std::string, std::string>{{"MODE", "new"}}));
  // A setting made through the API survives a configuration update.
  Lambda("PUT", "/2024-08-31/functions/alpha/recursion-config", Json{{"RecursiveLoop", "Allow"}});
  Lambda("PUT", "/2015-03-31/functions/alpha/configuration", Json{{"Timeout", 5}});
  EXPECT_TRUE(pool_->GetFunction("alpha")->recursive_loop_allow);

  const std::string path = "/2015-03-31/functions/alpha/configuration";
  EXPECT_EQ(Error(400, "PUT", path, Json{{"Timeout", 0}}), "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "PUT", path, Json{{"Timeout", 901}}), "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "PUT", path, Json{{"MemorySize", 64}}), "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "PUT", path, Json{{"Runtime", "java21"}}), "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "PUT", path,
                  Json{{"Environment", {{"Variables", {{"BIG", std::string(5000, 'x')}}}}}}),
            "InvalidParameterValueException");
  EXPECT_EQ(pool_->GetFunction("alpha")->timeout_seconds, 5);
  EXPECT_EQ(Error(404, "PUT", "/2015-03-31/functions/missing/configuration", Json{{"Timeout", 5}}),
            "ResourceNotFoundException");
  // RevisionId: the current one passes, another is PreconditionFailed.
  auto [s, current] = Lambda("GET", "/2015-03-31/functions/alpha/configuration");
  EXPECT_EQ(Lambda("PUT", path, Json{{"Timeout", 6}, {"RevisionId", current["RevisionId"]}}).first,
            200);
  EXPECT_EQ(Error(412, "PUT", path, Json{{"Timeout", 7}, {"RevisionId", "stale"}}),
            "PreconditionFailedException");
}

TEST_F(LambdaConfigApiTest, UpdateFunctionCodeUnpacksANewFolder) {
  dir_.Write("zipsrc/bootstrap", "#!/bin/sh\necho v2\n");
  const std::string zip = dir_.path() + "/v2.zip";
  if (std::system(("cd " + dir_.path() + "/zipsrc && zip -q " + zip + " bootstrap").c_str()) != 0 ||
      std::system("command -v unzip >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no zip/unzip commands";
  }
  std::ifstream in(zip, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string before = pool_->GetFunction("alpha")->code_dir;
  auto [status, out] = Lambda("PUT", "/2015-03-31/functions/alpha/code",
                              Json{{"ZipFile", server::Base64Encode(bytes)}});
  ASSERT_EQ(status, 200) << out.dump();
  EXPECT_EQ(out["CodeSize"], static_cast<int64_t>(bytes.size()));
  EXPECT_FALSE(out["CodeSha256"].get<std::string>().empty());
  const std::string after = pool_->GetFunction("alpha")->code_dir;
  EXPECT_NE(after, before);
  EXPECT_TRUE(std::filesystem::exists(after + "/bootstrap"));
  EXPECT_TRUE(std::filesystem::exists(before));  // a project's own folder is never removed

  // A second upload keeps the previous revision's folder (its environments may still be
  // loading from it); a third removes it.
  auto [status2, out2] = Lambda("PUT", "/2015-03-31/functions/alpha/code",
                                Json{{"ZipFile", server::Base64Encode(bytes)}});
  ASSERT_EQ(status2, 200);
  EXPECT_TRUE(std::filesystem::exists(after + "/bootstrap"));
  const std::string second = pool_->GetFunction("alpha")->code_dir;
  auto [status3, out3] = Lambda("PUT", "/2015-03-31/functions/alpha/code",
                                Json{{"ZipFile", server::Base64Encode(bytes)}});
  ASSERT_EQ(status3, 200);
  EXPECT_FALSE(std::filesystem::exists(after));
  EXPECT_TRUE(std::filesystem::exists(second + "/bootstrap"));
  EXPECT_TRUE(std::filesystem::exists(pool_->GetFunction("alpha")->code_dir + "/bootstrap"));
  EXPECT_TRUE(std::filesystem::exists(before));

  EXPECT_EQ(Error(400, "PUT", "/2015-03-31/functions/alpha/code", Json{{"ZipFile", "%%%"}}),
            "InvalidParameterValueException");
  EXPECT_EQ(Error(400, "PUT", "/2015-03-31/functions/alpha/code",
                  Json{{"S3Bucket", "b"}, {"S3Key", "k"}}),
            "InvalidParameterValueException");
  EXPECT_EQ(Error(502, "PUT", "/2015-03-31/functions/alpha/code",
                  Json{{"ZipFile", server::Base64Encode("not a zip")}}),
            "InvalidZipFileException");
  EXPECT_EQ(Error(404, "PUT", "/2015-03-31/functions/missing/code",
                  Json{{"ZipFile", server::Base64Encode(bytes)}}),
            "ResourceNotFoundException");
}

// ---- functions made with CreateFunction ----

// A zip of a `provided` function's bootstrap, base64; empty when zip/unzip are missing.
std::string BootstrapZip(ScratchDir& dir) {
  dir.Write("zipsrc/bootstrap", "#!/bin/sh\necho hi\n");
  const std::string zip = dir.path() + "/fn.zip";
  if (std::system(("cd " + dir.path() + "/zipsrc && zip -q " + zip + " bootstrap").c_str()) != 0 ||
      std::system("command -v unzip >/dev/null 2>&1") != 0) {
    return "";
  }
  std::ifstream in(zip, std::ios::binary);
  return server::Base64Encode(
      std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
}

Json CreateFunctionBody(const std::string& name, const std::string& zip) {
  return Json{{"FunctionName", name},
              {"Runtime", "provided.al2023"},
              {"Handler", "x"},
              {"Role", "arn:aws:iam::123456789012:role/r"},
              {"Description", "made through the API"},
              {"Environment", {{"Variables", {{"MODE", "one"}}}}},
              {"Code", {{"ZipFile", zip}}}};
}

TEST_F(LambdaConfigApiTest, FunctionsMadeWithCreateFunctionComeBackAfterARestart) {
  const std::string zip = BootstrapZip(dir_);
  if (zip.empty()) GTEST_SKIP() << "no zip/unzip commands";
  auto [created, made] = Lambda("POST", "/2015-03-31/functions", CreateFunctionBody("gamma", zip));
  ASSERT_EQ(created, 201) << made.dump();
  auto [updated, config] = Lambda("PUT", "/2015-03-31/functions/gamma/configuration",
                                  Json{{"Timeout", 7}});
  ASSERT_EQ(updated, 200) << config.dump();
  auto [reserved, _] = Lambda("PUT", "/2017-10-31/functions/gamma/concurrency",
                              Json{{"ReservedConcurrentExecutions", 2}});
  ASSERT_EQ(reserved, 200);
  ASSERT_EQ(Lambda("POST", "/2015-03-31/functions", CreateFunctionBody("delta", zip)).first, 201);
  ASSERT_EQ(Lambda("DELETE", "/2015-03-31/functions/delta").first, 204);
  // A stored function named like a project function: the project's wins.
  ASSERT_TRUE(settings_
                  ->Put(storage::kFunctionSetting, "alpha",
                        R"({"Runtime": "provided.al2023", "Handler": "h", "CodeDir": "/nowhere"})",
                        1)
                  .ok());
  // Stored functions that cannot come back: code folder gone, a document tern did not write.
  ASSERT_TRUE(settings_
                  ->Put(storage::kFunctionSetting, "ghost",
                        R"({"Runtime": "provided.al2023", "Handler": "h", "CodeDir": "/nowhere"})",
                        1)
                  .ok());
  ASSERT_TRUE(settings_->Put(storage::kFunctionSetting, "broken", "{not json", 1).ok());
  ASSERT_TRUE(
      settings_->Put(storage::kFunctionSetting, "typed", R"({"Runtime": "cobol", "CodeDir": "/"})", 1)
          .ok());

  // A new process: the project's functions only, then what the store kept.
  RecordingEventSources sources;
  std::unique_ptr<workers::Pool> restarted = Restart(sources);
  ASSERT_TRUE(restarted);
  workers::Pool& pool = *restarted;

  auto gamma = pool.GetFunction("gamma");
  ASSERT_TRUE(gamma);
  EXPECT_EQ(gamma->arn, "arn:aws:lambda:us-east-1:123456789012:function:gamma");
  EXPECT_EQ(gamma->timeout_seconds, 7);
  EXPECT_EQ(gamma->reserved_concurrency, 2);
  EXPECT_EQ(gamma->environment.at("MODE"), "one");
  EXPECT_TRUE(std::filesystem::exists(gamma->code_dir + "/bootstrap"));
  EXPECT_FALSE(pool.GetFunction("delta"));
  EXPECT_FALSE(pool.GetFunction("ghost"));
  EXPECT_FALSE(pool.GetFunction("broken"));
  EXPECT_FALSE(pool.GetFunction("typed"));
  EXPECT_EQ(pool.GetFunction("alpha")->code_dir, dir_.path() + "/code/alpha");

  // What the API said about gamma comes back too, for the function that was restored only.
  server::FunctionCatalog catalog;
  catalog.Restore(settings_.get(), &pool);
  auto meta = catalog.Get("gamma");
  ASSERT_TRUE(meta);
  EXPECT_TRUE(meta->created);
  EXPECT_EQ(meta->role, "arn:aws:iam::123456789012:role/r");
  EXPECT_EQ(meta->description, "made through the API");
  EXPECT_EQ(meta->code_sha256, made["CodeSha256"]);
  EXPECT_EQ(meta->revision_id, config["RevisionId"]);
  EXPECT_FALSE(catalog.Get("alpha"));
}

// Settings whose every write fails (a full disk, a read-only database).
class FailingSettings final : public storage::LambdaSettings {
 public:
  Status Put(const std::string&, const std::string&, const std::string&, storage::TimeMs) override {
    return Status::IoError("disk full");
  }
  Status Delete(const std::string&, const std::string&) override {
    return Status::IoError("disk full");
  }
  Result<std::vector<std::pair<std::string, std::string>>, Status> List(
      const std::string&) override {
    return std::vector<std::pair<std::string, std::string>>{};
  }
};

TEST_F(LambdaConfigApiTest, AFunctionThatCannotBeKeptIsNotMadeNorChanged) {
  const std::string zip = BootstrapZip(dir_);
  if (zip.empty()) GTEST_SKIP() << "no zip/unzip commands";
  ASSERT_EQ(Lambda("POST", "/2015-03-31/functions", CreateFunctionBody("gamma", zip)).first, 201);
  FailingSettings failing;
  ctx_.deps.settings = &failing;
  EXPECT_EQ(Error(500, "POST", "/2015-03-31/functions", CreateFunctionBody("delta", zip)),
            "ServiceException");
  EXPECT_FALSE(pool_->GetFunction("delta"));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/data/functions/delta"));
  EXPECT_EQ(Error(500, "PUT", "/2015-03-31/functions/gamma/configuration", Json{{"Timeout", 9}}),
            "ServiceException");
  EXPECT_EQ(pool_->GetFunction("gamma")->timeout_seconds, 3);
  EXPECT_EQ(Error(500, "PUT", "/2017-10-31/functions/gamma/concurrency",
                  Json{{"ReservedConcurrentExecutions", 1}}),
            "ServiceException");
  EXPECT_FALSE(pool_->GetFunction("gamma")->reserved_concurrency);
  EXPECT_EQ(Error(500, "DELETE", "/2015-03-31/functions/gamma"), "ServiceException");
  EXPECT_TRUE(pool_->GetFunction("gamma"));
  ctx_.deps.settings = settings_.get();
}

}  // namespace
}  // namespace tern::testing
