// Async invocation settings of a function (../shared/spec/API.md B.4):
//   PUT    /2019-09-25/functions/{name}/event-invoke-config       PutFunctionEventInvokeConfig
//   POST   /2019-09-25/functions/{name}/event-invoke-config       UpdateFunctionEventInvokeConfig
//   GET    /2019-09-25/functions/{name}/event-invoke-config       GetFunctionEventInvokeConfig
//   DELETE /2019-09-25/functions/{name}/event-invoke-config       DeleteFunctionEventInvokeConfig
//   GET    /2019-09-25/functions/{name}/event-invoke-config/list  ListFunctionEventInvokeConfigs
// The config lands on the pool's function (Pool::SetInvokeSettings), which the async dispatcher
// reads at every attempt and every outcome: retries and destinations change from the next event
// on. It is kept in deps.settings so RestoreLambdaSettings re-applies it after a restart.
#include "server/detail/api.h"
#include "storage/lambda_settings.h"
#include "workers/pool.h"

namespace tern::server {
namespace {

constexpr int kMaxRetryAttempts = 2;
constexpr int kMinEventAge = 60;
constexpr int kMaxEventAge = 21600;

// The config's document: AWS's response without FunctionArn (kept in deps.settings too).
Json ConfigJson(const project::EventInvokeConfig& config, double last_modified) {
  Json destinations = Json::object();
  destinations["OnSuccess"] =
      config.on_success ? Json{{"Destination", config.on_success->arn}} : Json::object();
  destinations["OnFailure"] =
      config.on_failure ? Json{{"Destination", config.on_failure->arn}} : Json::object();
  Json out = Json::object();
  out["LastModified"] = last_modified;
  out["MaximumRetryAttempts"] = config.maximum_retry_attempts;
  out["MaximumEventAgeInSeconds"] = config.maximum_event_age_seconds;
  out["DestinationConfig"] = std::move(destinations);
  return out;
}

// When the config was last set through the API (now for a project's own config).
double LastModifiedOf(ApiContext& ctx, const std::string& function) {
  if (ctx.deps.settings) {
    if (auto all = ctx.deps.settings->List(storage::kEventInvokeConfigSetting)) {
      for (const auto& [key, json] : *all) {
        if (key != function) continue;
        Json stored = Json::parse(json, nullptr, false);
        if (stored.is_object() && stored.contains("LastModified") &&
            stored["LastModified"].is_number()) {
          return stored["LastModified"].get<double>();
        }
      }
    }
  }
  return EpochSeconds(NowMs());
}

Json Answer(const project::FunctionSpec& spec, double last_modified) {
  Json out = ConfigJson(*spec.event_invoke_config, last_modified);
  out["FunctionArn"] = spec.arn + ":$LATEST";
  return out;
}

// A destination tern can deliver to: a function (not this one), a state machine, a built-in
// queue (arn:aws:sqs:...).
MaybeError CheckDestination(const std::string& arn, const project::FunctionSpec& self) {
  if (arn == self.arn || arn == self.arn + ":$LATEST" || arn == self.name) {
    return ApiError{400, "InvalidParameterValueException",
                    "You can't specify the function as a destination for itself."};
  }
  const bool supported = arn.rfind("arn:aws:lambda:", 0) == 0 ||
                         arn.rfind("arn:aws:sqs:", 0) == 0 || arn.rfind("arn:aws:states:", 0) == 0;
  if (!supported) {
    return ApiError{400, "InvalidParameterValueException",
                    "The destination ARN " + arn +
                        " is invalid: tern delivers to functions (arn:aws:lambda:...), state "
                        "machines (arn:aws:states:...) and its built-in queues (arn:aws:sqs:...)"};
  }
  return std::nullopt;
}

// Reads the request's members into `config` (absent members keep what `config` had).
MaybeError ReadConfig(const Json& body, const project::FunctionSpec& spec,
                      project::EventInvokeConfig& config) {
  if (body.contains("MaximumRetryAttempts")) {
    const Json& v = body["MaximumRetryAttempts"];
    if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > kMaxRetryAttempts) {
      return ApiError{400, "InvalidParameterValueException",
                      "1 validation error detected: Value '" + v.dump() +
                          "' at 'maximumRetryAttempts' failed to satisfy constraint: Member must "
                          "have value less than or equal to 2 and greater than or equal to 0"};
    }
    config.maximum_retry_attempts = v.get<int>();
  }
  if (body.contains("MaximumEventAgeInSeconds")) {
    const Json& v = body["MaximumEventAgeInSeconds"];
    if (!v.is_number_integer() || v.get<int64_t>() < kMinEventAge ||
        v.get<int64_t>() > kMaxEventAge) {
      return ApiError{400, "InvalidParameterValueException",
                      "1 validation error detected: Value '" + v.dump() +
                          "' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member "
                          "must have value less than or equal to 21600 and greater than or "
                          "equal to 60"};
    }
    config.maximum_event_age_seconds = v.get<int>();
  }
  if (body.contains("DestinationConfig")) {
    const Json& d = body["DestinationConfig"];
    if (!d.is_object()) {
      return ApiError{400, "InvalidParameterValueException", "DestinationConfig must be an object"};
    }
    for (const char* which : {"OnSuccess", "OnFailure"}) {
      if (!d.contains(which)) continue;
      std::optional<project::Destination>& slot =
          std::string_view(which) == "OnSuccess" ? config.on_success : config.on_failure;
      const Json& entry = d[which];
      if (!entry.is_object() || !entry.contains("Destination") || entry["Destination"].is_null()) {
        slot.reset();  // {} clears it, as on AWS
        continue;
      }
      if (!entry["Destination"].is_string()) {
        return ApiError{400, "InvalidParameterValueException",
                        std::string(which) + ".Destination must be a string"};
      }
      const std::string arn = entry["Destination"].get<std::string>();
      if (arn.empty()) {
        slot.reset();
        continue;
      }
      if (MaybeError e = CheckDestination(arn, spec)) return e;
      slot = project::Destination{arn};
    }
  }
  return std::nullopt;
}

}  // namespace

HttpResponse LambdaPutEventInvokeConfig(ApiContext& ctx, const HttpRequest& request,
                                        const std::string& function, bool merge) {
  const char* action = merge ? "UpdateFunctionEventInvokeConfig" : "PutFunctionEventInvokeConfig";
  std::string name, qualifier;
  auto spec = FindFunction(ctx, function, request, name, qualifier);
  if (!spec) return FunctionNotFoundError(ctx, name, qualifier, action);
  auto parsed = JsonObjectBody(request, action, true);
  if (!parsed) return parsed.error();
  Json body = std::move(parsed).value();
  std::lock_guard lock(ctx.lambda_settings_mu);
  spec = ctx.deps.pool->GetFunction(spec->name);  // as of now, under the lock (Update merges)
  if (!spec) return FunctionNotFoundError(ctx, name, qualifier, action);
  // Put replaces the whole config (absent members take their defaults); Update keeps them.
  project::EventInvokeConfig config =
      merge ? spec->event_invoke_config.value_or(project::EventInvokeConfig{})
            : project::EventInvokeConfig{};
  if (MaybeError e = ReadConfig(body, *spec, config)) {
    return LambdaError(e->status, e->type.c_str(), e->message, action);
  }
  const double now = EpochSeconds(NowMs());
  if (MaybeError e = PutLambdaSetting(ctx, storage::kEventInvokeConfigSetting, spec->name,
                                      ConfigJson(config, now))) {
    return LambdaError(e->status, e->type.c_str(), e->message, action);
  }
  if (Status s = ctx.deps.pool->SetInvokeSettings(spec->name, config, spec->recursive_loop_allow);
      !s.ok()) {
    return FunctionNotFoundError(ctx, name, qualifier, action);
  }
  spec->event_invoke_config = config;
  return LambdaJson(200, Answer(*spec, now), action);
}

HttpResponse LambdaGetEventInvokeConfig(ApiContext& ctx, const HttpRequest& request,
                                        const std::string& function) {
  constexpr const char* kAction = "GetFunctionEventInvokeConfig";
  std::string name, qualifier;
  auto spec = FindFunction(ctx, function, request, name, qualifier);
  if (!spec) return FunctionNotFoundError(ctx, name, qualifier, kAction);
  if (!spec->event_invoke_config) {
    return LambdaError(404, "ResourceNotFoundException",
                       "The function " + spec->arn + ":$LATEST doesn't have an EventInvokeConfig",
                       kAction);
  }
  return LambdaJson(200, Answer(*spec, LastModifiedOf(ctx, spec->name)), kAction);
}

HttpResponse LambdaDeleteEventInvokeConfig(ApiContext& ctx, const HttpRequest& request,
                                           const std::string& function) {
  constexpr const char* kAction = "DeleteFunctionEventInvokeConfig";
  std::string name, qualifier;
  auto spec = FindFunction(ctx, function, request, name, qualifier);
  if (!spec) return FunctionNotFoundError(ctx, name, qualifier, kAction);
  std::lock_guard lock(ctx.lambda_settings_mu);
  // As of now, under the lock: a concurrent PutFunctionRecursionConfig must not be undone.
  spec = ctx.deps.pool->GetFunction(spec->name);
  if (!spec) return FunctionNotFoundError(ctx, name, qualifier, kAction);
  if (!spec->event_invoke_config) {
    return LambdaError(404, "ResourceNotFoundException",
                       "The function " + spec->arn + ":$LATEST doesn't have an EventInvokeConfig",
                       kAction);
  }
  if (MaybeError e = DeleteLambdaSetting(ctx, storage::kEventInvokeConfigSetting, spec->name)) {
    return LambdaError(e->status, e->type.c_str(), e->message, kAction);
  }
  // Back to Lambda's defaults: 2 retries, 6 hours, no destinations.
  (void)ctx.deps.pool->SetInvokeSettings(spec->name, std::nullopt, spec->recursive_loop_allow);
  HttpResponse r;
  r.status = 204;
  r.action = kAction;
  return r;
}

HttpResponse LambdaListEventInvokeConfigs(ApiContext& ctx, const HttpRequest& request,
                                          const std::string& function) {
  constexpr const char* kAction = "ListFunctionEventInvokeConfigs";
  std::string name, qualifier;
  auto spec = FindFunction(ctx, function, request, name, qualifier);
  if (!spec) return FunctionNotFoundError(ctx, name, qualifier, kAction);
  auto query = ParseQuery(request.query);
  if (auto it = query.find("MaxItems"); it != query.end()) {
    int64_t max_items = 0;
    try {
      max_items = std::stoll(it->second);
    } catch (const std::exception&) {
    }
    if (max_items < 1 || max_items > 50) {
      return LambdaError(400, "InvalidParameterValueException",
                         "1 validation error detected: Value '" + it->second +
                             "' at 'maxItems' failed to satisfy constraint: Member must have "
                             "value less than or equal to 50 and greater than or equal to 1",
                         kAction);
    }
  }
  // Only $LATEST has configs in tern (no published versions or aliases): one page, at most one.
  Json list = Json::array();
  if (spec->event_invoke_config) {
    list.push_back(Answer(*spec, LastModifiedOf(ctx, spec->name)));
  }
  return LambdaJson(200, Json{{"FunctionEventInvokeConfigs", std::move(list)}}, kAction);
}

}  // namespace tern::server
