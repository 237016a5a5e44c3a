// Event source mappings on tern's streams (../shared/spec/API.md B.5):
//   POST   /2015-03-31/event-source-mappings/         CreateEventSourceMapping  -> 202
//   GET    /2015-03-31/event-source-mappings/         ListEventSourceMappings (EventSourceArn,
//                                                     FunctionName, Marker, MaxItems)
//   GET    /2015-03-31/event-source-mappings/{UUID}   GetEventSourceMapping
//   PUT    /2015-03-31/event-source-mappings/{UUID}   UpdateEventSourceMapping  -> 202
//   DELETE /2015-03-31/event-source-mappings/{UUID}   DeleteEventSourceMapping  -> 202
// A mapping is kept in deps.settings (the source of truth, so it survives a restart) and run by
// deps.event_sources: its pollers read the stream and invoke the function synchronously with
// Kinesis batches, checkpointed per UUID. Create, Update and Delete answer with the transition
// state (Creating, Updating/Enabling/Disabling, Deleting) as AWS does; the change itself is
// already made when the answer is sent, so the next Get shows Enabled or Disabled.
#include <algorithm>

#include "engine/uuid.h"
#include "server/detail/api.h"
#include "storage/lambda_settings.h"
#include "workers/pool.h"

namespace tern::server {
namespace {

constexpr size_t kMaxListItems = 10000;

HttpResponse Fail(const ApiError& e, const char* action) {
  return LambdaError(e.status, e.type.c_str(), e.message, action);
}

ApiError MappingNotFound() {
  return ApiError{404, "ResourceNotFoundException", "The resource you requested does not exist."};
}

ApiError Invalid(std::string message) {
  return ApiError{400, "InvalidParameterValueException", std::move(message)};
}

ApiError OutOfRange(const char* member, const Json& value, int low, int high) {
  return Invalid("1 validation error detected: Value '" + value.dump() + "' at '" + member +
                 "' failed to satisfy constraint: Member must have value less than or equal to " +
                 std::to_string(high) + " and greater than or equal to " + std::to_string(low));
}

// Reads an integer member into `out` when present: low..high, or -1 when `minus_one_allowed`.
MaybeError ReadInt(const Json& body, const char* key, const char* member, int low, int high,
                   int& out, bool minus_one_allowed = false) {
  if (!body.contains(key) || body[key].is_null()) return std::nullopt;
  const Json& v = body[key];
  if (!v.is_number_integer()) return OutOfRange(member, v, low, high);
  const int64_t n = v.get<int64_t>();
  if (!(minus_one_allowed && n == -1) && (n < low || n > high)) {
    return OutOfRange(member, v, minus_one_allowed ? -1 : low, high);
  }
  out = static_cast<int>(n);
  return std::nullopt;
}

MaybeError ReadBool(const Json& body, const char* key, bool& out) {
  if (!body.contains(key) || body[key].is_null()) return std::nullopt;
  if (!body[key].is_boolean()) return Invalid(std::string(key) + " must be true or false");
  out = body[key].get<bool>();
  return std::nullopt;
}

// The settings Create and Update both take.
MaybeError ReadSettings(const Json& body, EventSourceMappingSpec& m) {
  if (MaybeError e = ReadBool(body, "Enabled", m.enabled)) return e;
  if (MaybeError e = ReadInt(body, "BatchSize", "batchSize", 1, 10000, m.batch_size)) return e;
  if (MaybeError e =
          ReadInt(body, "MaximumBatchingWindowInSeconds", "maximumBatchingWindowInSeconds", 0, 300,
                  m.maximum_batching_window_seconds)) {
    return e;
  }
  if (MaybeError e = ReadInt(body, "ParallelizationFactor", "parallelizationFactor", 1, 10,
                             m.parallelization_factor)) {
    return e;
  }
  if (MaybeError e =
          ReadBool(body, "BisectBatchOnFunctionError", m.bisect_batch_on_function_error)) {
    return e;
  }
  if (MaybeError e = ReadInt(body, "MaximumRetryAttempts", "maximumRetryAttempts", 0, 10000,
                             m.maximum_retry_attempts, true)) {
    return e;
  }
  if (MaybeError e = ReadInt(body, "MaximumRecordAgeInSeconds", "maximumRecordAgeInSeconds", 60,
                             604800, m.maximum_record_age_seconds, true)) {
    return e;
  }
  if (body.contains("TumblingWindowInSeconds") && body["TumblingWindowInSeconds"].is_number() &&
      body["TumblingWindowInSeconds"].get<double>() != 0) {
    return Invalid("tern does not support tumbling windows (TumblingWindowInSeconds must be 0)");
  }
  if (body.contains("FilterCriteria") && body["FilterCriteria"].is_object() &&
      !body["FilterCriteria"].value("Filters", Json::array()).empty()) {
    return Invalid("tern does not support FilterCriteria on event source mappings");
  }
  if (body.contains("FunctionResponseTypes")) {
    const Json& types = body["FunctionResponseTypes"];
    if (!types.is_array()) return Invalid("FunctionResponseTypes must be a list");
    m.report_batch_item_failures = false;
    for (const Json& t : types) {
      if (t != "ReportBatchItemFailures") {
        return Invalid("1 validation error detected: Value '" + t.dump() +
                       "' at 'functionResponseTypes' failed to satisfy constraint: Member must "
                       "satisfy enum value set: [ReportBatchItemFailures]");
      }
      m.report_batch_item_failures = true;
    }
  }
  if (body.contains("DestinationConfig")) {
    const Json& d = body["DestinationConfig"];
    if (!d.is_object()) return Invalid("DestinationConfig must be an object");
    if (d.contains("OnSuccess") && d["OnSuccess"].is_object() &&
        d["OnSuccess"].contains("Destination")) {
      return Invalid(
          "Unsupported DestinationConfig parameter for given event source mapping type.");
    }
    if (d.contains("OnFailure")) {
      const Json& f = d["OnFailure"];
      std::string arn = f.is_object() && f.contains("Destination") && f["Destination"].is_string()
                            ? f["Destination"].get<std::string>()
                            : "";
      if (!arn.empty() && arn.rfind("arn:aws:sqs:", 0) != 0 &&
          arn.rfind("arn:aws:lambda:", 0) != 0 && arn.rfind("arn:aws:states:", 0) != 0) {
        return Invalid("The destination ARN " + arn +
                       " is invalid: tern sends failed batches to its built-in queues "
                       "(arn:aws:sqs:...), functions or state machines");
      }
      m.on_failure = arn;
    }
  }
  return std::nullopt;
}

std::string MappingArn(const ApiContext& ctx, const std::string& uuid) {
  return "arn:aws:lambda:" + ctx.options.region + ":" + ctx.options.account +
         ":event-source-mapping:" + uuid;
}

// What every answer carries; `state` is the transition (Creating, ...) or the steady state.
Json Describe(ApiContext& ctx, const EventSourceMappingSpec& m, const std::string& state) {
  Json out = EventSourceMappingDocument(m);
  out.erase("Enabled");  // AWS says it with State
  out["EventSourceMappingArn"] = MappingArn(ctx, m.uuid);
  out["State"] = state;
  out["StateTransitionReason"] = "User action";
  const uint64_t batches = ctx.deps.event_sources ? ctx.deps.event_sources->Invocations(m.uuid) : 0;
  out["LastProcessingResult"] = batches > 0 ? "OK" : "No records processed";
  out["TumblingWindowInSeconds"] = 0;
  return out;
}

std::string SteadyState(const EventSourceMappingSpec& m) {
  return m.enabled ? "Enabled" : "Disabled";
}

Result<std::vector<EventSourceMappingSpec>, ApiError> LoadAll(ApiContext& ctx) {
  if (!ctx.deps.settings) {
    return Unexpected(ApiError{500, "ServiceException",
                               "tern serve runs without a store for event source mappings"});
  }
  auto rows = ctx.deps.settings->List(storage::kEventSourceMappingSetting);
  if (!rows) return Unexpected(ApiError{500, "ServiceException", rows.error().message()});
  std::vector<EventSourceMappingSpec> out;
  for (const auto& [uuid, json] : *rows) {
    if (auto m = EventSourceMappingFromDocument(Json::parse(json, nullptr, false))) {
      out.push_back(std::move(*m));
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.last_modified != b.last_modified ? a.last_modified < b.last_modified : a.uuid < b.uuid;
  });
  return out;
}

Result<EventSourceMappingSpec, ApiError> Load(ApiContext& ctx, const std::string& uuid) {
  auto all = LoadAll(ctx);
  if (!all) return Unexpected(all.error());
  for (EventSourceMappingSpec& m : *all) {
    if (m.uuid == uuid) return std::move(m);
  }
  return Unexpected(MappingNotFound());
}

// Stores `m` and (re)starts or stops its pollers.
MaybeError SaveAndRun(ApiContext& ctx, const EventSourceMappingSpec& m) {
  if (MaybeError e = PutLambdaSetting(ctx, storage::kEventSourceMappingSetting, m.uuid,
                                      EventSourceMappingDocument(m))) {
    return e;
  }
  if (ctx.deps.event_sources) {
    if (Status s = ctx.deps.event_sources->Run(m); !s.ok()) {
      return ApiError{500, "ServiceException",
                      "event source mapping " + m.uuid + " could not start: " + s.message()};
    }
  }
  return std::nullopt;
}

}  // namespace

Json EventSourceMappingDocument(const EventSourceMappingSpec& m) {
  Json out = Json::object();
  out["UUID"] = m.uuid;
  out["FunctionArn"] = m.function_arn;
  out["EventSourceArn"] = m.event_source_arn;
  out["StartingPosition"] = m.starting_position;
  if (m.starting_position == "AT_TIMESTAMP") {
    out["StartingPositionTimestamp"] = m.starting_position_timestamp;
  }
  out["BatchSize"] = m.batch_size;
  out["MaximumBatchingWindowInSeconds"] = m.maximum_batching_window_seconds;
  out["ParallelizationFactor"] = m.parallelization_factor;
  out["BisectBatchOnFunctionError"] = m.bisect_batch_on_function_error;
  out["MaximumRetryAttempts"] = m.maximum_retry_attempts;
  out["MaximumRecordAgeInSeconds"] = m.maximum_record_age_seconds;
  out["FunctionResponseTypes"] =
      m.report_batch_item_failures ? Json::array({"ReportBatchItemFailures"}) : Json::array();
  out["DestinationConfig"] = Json{
      {"OnFailure", m.on_failure.empty() ? Json::object() : Json{{"Destination", m.on_failure}}}};
  out["LastModified"] = m.last_modified;
  out["Enabled"] = m.enabled;
  return out;
}

std::optional<EventSourceMappingSpec> EventSourceMappingFromDocument(const Json& d) {
  if (!d.is_object() || !d.contains("UUID") || !d["UUID"].is_string()) return std::nullopt;
  EventSourceMappingSpec m;
  m.uuid = d["UUID"].get<std::string>();
  m.function_arn = d.value("FunctionArn", "");
  m.event_source_arn = d.value("EventSourceArn", "");
  const size_t slash = m.event_source_arn.rfind('/');
  m.stream = slash == std::string::npos ? "" : m.event_source_arn.substr(slash + 1);
  m.starting_position = d.value("StartingPosition", "LATEST");
  m.starting_position_timestamp = d.value("StartingPositionTimestamp", 0.0);
  m.batch_size = d.value("BatchSize", 100);
  m.maximum_batching_window_seconds = d.value("MaximumBatchingWindowInSeconds", 0);
  m.parallelization_factor = d.value("ParallelizationFactor", 1);
  m.bisect_batch_on_function_error = d.value("BisectBatchOnFunctionError", false);
  m.maximum_retry_attempts = d.value("MaximumRetryAttempts", -1);
  m.maximum_record_age_seconds = d.value("MaximumRecordAgeInSeconds", -1);
  m.report_batch_item_failures = !d.value("FunctionResponseTypes", Json::array()).empty();
  const Json failure =
      d.value("DestinationConfig", Json::object()).value("OnFailure", Json::object());
  m.on_failure = failure.value("Destination", "");
  m.last_modified = d.value("LastModified", 0.0);
  m.enabled = d.value("Enabled", true);
  if (m.function_arn.empty() || m.stream.empty()) return std::nullopt;
  return m;
}

HttpResponse LambdaCreateEventSourceMapping(ApiContext& ctx, const HttpRequest& request) {
  constexpr const char* kAction = "CreateEventSourceMapping";
  auto parsed = JsonObjectBody(request, kAction, true);
  if (!parsed) return parsed.error();
  Json body = std::move(parsed).value();
  const std::string function =
      body.value("FunctionName", Json()).is_string() ? body["FunctionName"].get<std::string>() : "";
  if (function.empty()) {
    return LambdaError(400, "InvalidParameterValueException",
                       "1 validation error detected: Value null at 'functionName' failed to "
                       "satisfy constraint: Member must not be null.",
                       kAction);
  }
  std::string name, qualifier;
  HttpRequest no_query;
  auto spec = FindFunction(ctx, function, no_query, name, qualifier);
  if (!spec) return Fail(FunctionNotFound(ctx, name, qualifier), kAction);

  EventSourceMappingSpec m;
  m.uuid = engine::NewUuid();
  m.function_arn = spec->arn;
  m.event_source_arn = body.value("EventSourceArn", Json()).is_string()
                           ? body["EventSourceArn"].get<std::string>()
                           : "";
  if (m.event_source_arn.empty()) {
    return LambdaError(400, "InvalidParameterValueException",
                       "1 validation error detected: Value null at 'eventSourceArn' failed to "
                       "satisfy constraint: Member must not be null.",
                       kAction);
  }
  const std::string kinesis = "arn:aws:kinesis:";
  const size_t stream_at = m.event_source_arn.find(":stream/");
  if (m.event_source_arn.rfind(kinesis, 0) != 0 || stream_at == std::string::npos ||
      stream_at + 8 >= m.event_source_arn.size()) {
    return LambdaError(400, "InvalidParameterValueException",
                       "Unsupported event source " + m.event_source_arn +
                           ": tern maps its streams only (arn:aws:kinesis:REGION:ACCOUNT:stream/"
                           "NAME)",
                       kAction);
  }
  m.stream = m.event_source_arn.substr(stream_at + 8);
  const Json position = body.value("StartingPosition", Json());
  if (position.is_null()) {
    return LambdaError(400, "InvalidParameterValueException",
                       "1 validation error detected: Value null at 'startingPosition' failed to "
                       "satisfy constraint: Member must not be null.",
                       kAction);
  }
  if (position != "TRIM_HORIZON" && position != "LATEST" && position != "AT_TIMESTAMP") {
    return LambdaError(400, "InvalidParameterValueException",
                       "1 validation error detected: Value '" +
                           (position.is_string() ? position.get<std::string>() : position.dump()) +
                           "' at 'startingPosition' failed to satisfy constraint: Member must "
                           "satisfy enum value set: [TRIM_HORIZON, LATEST, AT_TIMESTAMP]",
                       kAction);
  }
  m.starting_position = position.get<std::string>();
  if (m.starting_position == "AT_TIMESTAMP") {
    const Json t = body.value("StartingPositionTimestamp", Json());
    if (!t.is_number()) {
      return LambdaError(400, "InvalidParameterValueException",
                         "StartingPositionTimestamp is required with AT_TIMESTAMP", kAction);
    }
    m.starting_position_timestamp = t.get<double>();
  }
  if (MaybeError e = ReadSettings(body, m)) return Fail(*e, kAction);
  if (ctx.deps.event_sources) {
    if (Status s = ctx.deps.event_sources->CheckStream(m.stream); !s.ok()) {
      return LambdaError(400, "InvalidParameterValueException",
                         "Stream not found: " + m.event_source_arn +
                             " (create it with `tern stream create " + m.stream +
                             "` or declare it in the project)",
                         kAction);
    }
  }
  std::lock_guard lock(ctx.lambda_settings_mu);
  auto all = LoadAll(ctx);
  if (!all) return Fail(all.error(), kAction);
  for (const EventSourceMappingSpec& other : *all) {
    if (other.event_source_arn == m.event_source_arn && other.function_arn == m.function_arn) {
      return LambdaError(409, "ResourceConflictException",
                         "The event source arn (" + m.event_source_arn + ") and function (" +
                             spec->name +
                             ") provided mapping already exists. Please update or delete the "
                             "existing mapping with UUID " +
                             other.uuid,
                         kAction);
    }
  }
  m.last_modified = EpochSeconds(NowMs());
  if (MaybeError e = SaveAndRun(ctx, m)) return Fail(*e, kAction);
  return LambdaJson(202, Describe(ctx, m, "Creating"), kAction);
}

HttpResponse LambdaGetEventSourceMapping(ApiContext& ctx, const HttpRequest&,
                                         const std::string& uuid) {
  constexpr const char* kAction = "GetEventSourceMapping";
  auto m = Load(ctx, uuid);
  if (!m) return Fail(m.error(), kAction);
  return LambdaJson(200, Describe(ctx, *m, SteadyState(*m)), kAction);
}

HttpResponse LambdaListEventSourceMappings(ApiContext& ctx, const HttpRequest& request) {
  constexpr const char* kAction = "ListEventSourceMappings";
  auto query = ParseQuery(request.query);
  size_t max_items = 100;
  size_t offset = 0;
  if (auto it = query.find("MaxItems"); it != query.end()) {
    long long n = 0;
    try {
      n = std::stoll(it->second);
    } catch (const std::exception&) {
    }
    if (n < 1 || n > static_cast<long long>(kMaxListItems)) {
      return LambdaError(400, "InvalidParameterValueException",
                         "1 validation error detected: Value '" + it->second +
                             "' at 'maxItems' failed to satisfy constraint: Member must have "
                             "value less than or equal to 10000 and greater than or equal to 1",
                         kAction);
    }
    max_items = static_cast<size_t>(n);
  }
  if (auto it = query.find("Marker"); it != query.end() && !it->second.empty()) {
    try {
      offset = std::stoul(it->second);
    } catch (const std::exception&) {
      return LambdaError(400, "InvalidParameterValueException", "Invalid Marker: " + it->second,
                         kAction);
    }
  }
  std::string function_arn;
  if (auto it = query.find("FunctionName"); it != query.end() && !it->second.empty()) {
    std::string qualifier;
    function_arn = FunctionArn(ctx, FunctionNameOf(it->second, qualifier));
  }
  std::string source;
  if (auto it = query.find("EventSourceArn"); it != query.end()) source = it->second;
  auto all = LoadAll(ctx);
  if (!all) return Fail(all.error(), kAction);
  std::vector<EventSourceMappingSpec> matching;
  for (EventSourceMappingSpec& m : *all) {
    if (!function_arn.empty() && m.function_arn != function_arn) continue;
    if (!source.empty() && m.event_source_arn != source) continue;
    matching.push_back(std::move(m));
  }
  Json list = Json::array();
  for (size_t i = offset; i < matching.size() && list.size() < max_items; ++i) {
    list.push_back(Describe(ctx, matching[i], SteadyState(matching[i])));
  }
  Json out = Json::object();
  out["EventSourceMappings"] = std::move(list);
  if (offset + max_items < matching.size()) out["NextMarker"] = std::to_string(offset + max_items);
  return LambdaJson(200, out, kAction);
}

HttpResponse LambdaUpdateEventSourceMapping(ApiContext& ctx, const HttpRequest& request,
                                            const std::string& uuid) {
  constexpr const char* kAction = "UpdateEventSourceMapping";
  auto parsed = JsonObjectBody(request, kAction, true);
  if (!parsed) return parsed.error();
  Json body = std::move(parsed).value();
  std::lock_guard lock(ctx.lambda_settings_mu);
  auto m = Load(ctx, uuid);
  if (!m) return Fail(m.error(), kAction);
  const bool was_enabled = m->enabled;
  if (body.contains("FunctionName") && body["FunctionName"].is_string()) {
    std::string name, qualifier;
    HttpRequest no_query;
    auto spec =
        FindFunction(ctx, body["FunctionName"].get<std::string>(), no_query, name, qualifier);
    if (!spec) return Fail(FunctionNotFound(ctx, name, qualifier), kAction);
    m->function_arn = spec->arn;
  }
  if (body.contains("StartingPosition")) {
    return LambdaError(400, "InvalidParameterValueException",
                       "StartingPosition cannot be updated; delete the mapping and create it "
                       "again",
                       kAction);
  }
  if (MaybeError e = ReadSettings(body, *m)) return Fail(*e, kAction);
  m->last_modified = EpochSeconds(NowMs());
  if (MaybeError e = SaveAndRun(ctx, *m)) return Fail(*e, kAction);
  const char* state = m->enabled == was_enabled ? "Updating"
                      : m->enabled              ? "Enabling"
                                                : "Disabling";
  return LambdaJson(202, Describe(ctx, *m, state), kAction);
}

HttpResponse LambdaDeleteEventSourceMapping(ApiContext& ctx, const HttpRequest&,
                                            const std::string& uuid) {
  constexpr const char* kAction = "DeleteEventSourceMapping";
  std::lock_guard lock(ctx.lambda_settings_mu);
  auto m = Load(ctx, uuid);
  if (!m) return Fail(m.error(), kAction);
  if (ctx.deps.event_sources) ctx.deps.event_sources->Stop(m->uuid);
  Json answer = Describe(ctx, *m, "Deleting");
  if (MaybeError e = DeleteLambdaSetting(ctx, storage::kEventSourceMappingSetting, m->uuid)) {
    return Fail(*e, kAction);
  }
  return LambdaJson(202, answer, kAction);
}

}  // namespace tern::server
