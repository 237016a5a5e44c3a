// Events of functions (Schedule, ScheduleV2, Kinesis, S3, HttpApi, Api) and state machines
// (Schedule, ScheduleV2, Api) -> EventSpec.
#include <algorithm>
#include <cctype>
#include <regex>

#include "asl/parse/json_reader.h"
#include "project/loaders.h"
#include "project/property_values.h"

namespace tern::project {
namespace {

const SymbolTable& Sym(const LoadContext& c) { return c.symbols; }

Status ReadEnabled(const Node& props, EventSpec& event, const LoadContext& context) {
  if (auto enabled = props.Get("Enabled")) {
    auto v = ReadBool(*enabled, Sym(context));
    if (!v) return v.error();
    event.enabled = *v;
  }
  if (auto state = props.Get("State")) {
    auto v = ReadEnum(*state, Sym(context), {"ENABLED", "DISABLED"});
    if (!v) return v.error();
    event.enabled = *v == "ENABLED";
  }
  return Status::Ok();
}

Status ReadInput(const Node& props, EventSpec& event, const LoadContext& context) {
  auto input = props.Get("Input");
  if (!input) return Status::Ok();
  auto text = ResolveString(*input, Sym(context));
  if (!text) return text.error();
  asl::JsonReadOptions options;
  options.track_locations = false;
  if (auto parsed = asl::ReadJson(*text, options); !parsed) {
    return input->Error("Input is not JSON text: " + parsed.error().ToString());
  }
  event.input = *text;
  return Status::Ok();
}

Status ReadScheduleExpression(const Node& node, bool v2, EventSpec& event,
                              const LoadContext& context) {
  auto text = ResolveString(node, Sym(context));
  if (!text) return text.error();
  // Only the form is checked here; triggers/ parses rate and cron expressions in full.
  static const std::regex kForm("(rate|cron)\\(.+\\)");
  static const std::regex kFormV2("(rate|cron|at)\\(.+\\)");
  if (!std::regex_match(*text, v2 ? kFormV2 : kForm)) {
    return node.Error("'" + *text + "' is not a schedule expression (rate(...) or cron(...)" +
                      (v2 ? std::string(" or at(...)") : std::string()) + ")");
  }
  event.schedule_expression = *text;
  return Status::Ok();
}

Status ReadSchedule(const Node& props, bool v2, EventSpec& event, const LoadContext& context) {
  event.kind = EventSpec::Kind::kSchedule;
  Status s =
      v2 ? CheckKeys(
               props, {"ScheduleExpression", "ScheduleExpressionTimezone", "Input", "State"},
               {"Name", "Description", "FlexibleTimeWindow", "GroupName", "KmsKeyArn", "RoleArn",
                "PermissionsBoundary", "DeadLetterConfig", "RetryPolicy", "OmitName"})
         : CheckKeys(
               props, {"Schedule", "Input", "Enabled", "State"},
               {"Name", "Description", "DeadLetterConfig", "RetryPolicy", "Target", "RoleArn"});
  if (!s.ok()) return s;
  const char* key = v2 ? "ScheduleExpression" : "Schedule";
  auto expression = props.Get(key);
  if (!expression) return props.Error(std::string(key) + " is required");
  if (s = ReadScheduleExpression(*expression, v2, event, context); !s.ok()) return s;
  if (auto tz = props.Get("ScheduleExpressionTimezone")) {
    auto text = ResolveString(*tz, Sym(context));
    if (!text) return text.error();
    event.schedule_timezone = *text;
  }
  if (s = ReadInput(props, event, context); !s.ok()) return s;
  return ReadEnabled(props, event, context);
}

Status ReadKinesisSettings(const Node& props, EventSpec& event, const LoadContext& context) {
  struct IntSetting {
    const char* key;
    int64_t min, max;
    int* field;
  };
  const IntSetting settings[] = {
      {"BatchSize", 1, 10000, &event.batch_size},
      {"MaximumBatchingWindowInSeconds", 0, 300, &event.maximum_batching_window_seconds},
      {"ParallelizationFactor", 1, 10, &event.parallelization_factor},
      {"MaximumRetryAttempts", -1, 10000, &event.maximum_retry_attempts},
      {"MaximumRecordAgeInSeconds", -1, 604800, &event.maximum_record_age_seconds},
  };
  for (const IntSetting& setting : settings) {
    auto node = props.Get(setting.key);
    if (!node) continue;
    auto n = ReadInt(*node, Sym(context), setting.min, setting.max);
    if (!n) return n.error();
    *setting.field = static_cast<int>(*n);
  }
  if (event.maximum_record_age_seconds >= 0 && event.maximum_record_age_seconds < 60) {
    return props.Get("MaximumRecordAgeInSeconds")
        ->Error("MaximumRecordAgeInSeconds is -1 (no limit) or 60..604800");
  }
  if (auto node = props.Get("BisectBatchOnFunctionError")) {
    auto v = ReadBool(*node, Sym(context));
    if (!v) return v.error();
    event.bisect_batch_on_function_error = *v;
  }
  if (auto node = props.Get("FunctionResponseTypes")) {
    if (!node->is_array()) return node->Error("expected a list ([ReportBatchItemFailures])");
    for (const Node& item : node->Items()) {
      auto v = ReadEnum(item, Sym(context), {"ReportBatchItemFailures"});
      if (!v) return v.error();
      event.report_batch_item_failures = true;
    }
  }
  if (auto node = props.Get("DestinationConfig")) {
    if (Status s = CheckKeys(*node, {"OnFailure"}, {}); !s.ok()) return s;
    if (auto on_failure = node->Get("OnFailure")) {
      auto d = LoadDestination(*on_failure, context);
      if (!d) return d.error();
      event.on_failure = *d;
    }
  }
  return Status::Ok();
}

Status ReadKinesis(const Node& props, EventSpec& event, const LoadContext& context) {
  event.kind = EventSpec::Kind::kStream;
  if (Status s = CheckKeys(
          props,
          {"Stream", "StartingPosition", "StartingPositionTimestamp", "BatchSize",
           "MaximumBatchingWindowInSeconds", "ParallelizationFactor", "BisectBatchOnFunctionError",
           "MaximumRetryAttempts", "MaximumRecordAgeInSeconds", "FunctionResponseTypes",
           "DestinationConfig", "Enabled"},
          {});
      !s.ok()) {
    return s;
  }
  auto stream = props.Get("Stream");
  if (!stream) return props.Error("Stream is required (e.g. !GetAtt MyStream.Arn)");
  auto arn = ResolveString(*stream, Sym(context));
  if (!arn) return arn.error();
  const StreamSpec* target = context.project.FindStream(*arn);
  if (!target || target->arn != *arn) {
    return stream->Error("'" + *arn +
                         "' is not the ARN of an AWS::Kinesis::Stream of this "
                         "template (write !GetAtt MyStream.Arn)");
  }
  event.stream_arn = *arn;
  if (auto position = props.Get("StartingPosition")) {
    auto v = ReadEnum(*position, Sym(context), {"TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"});
    if (!v) return v.error();
    event.starting_position = *v;
  }
  if (auto timestamp = props.Get("StartingPositionTimestamp")) {
    auto v = ReadInt(*timestamp, Sym(context), 0, int64_t{1} << 40);
    if (!v) return v.error();
    event.starting_position_timestamp = *v;
  }
  if (event.starting_position == "AT_TIMESTAMP" && !event.starting_position_timestamp) {
    return props.Error("StartingPosition AT_TIMESTAMP needs StartingPositionTimestamp");
  }
  if (Status s = ReadKinesisSettings(props, event, context); !s.ok()) return s;
  return ReadEnabled(props, event, context);
}

Status ReadS3Filter(const Node& filter, EventSpec& event, const LoadContext& context) {
  if (Status s = CheckKeys(filter, {"S3Key"}, {}); !s.ok()) return s;
  auto key = filter.Get("S3Key");
  if (!key) return Status::Ok();
  if (Status s = CheckKeys(*key, {"Rules"}, {}); !s.ok()) return s;
  auto rules = key->Get("Rules");
  if (!rules) return Status::Ok();
  if (!rules->is_array()) return rules->Error("expected a list of {Name, Value}");
  for (const Node& rule : rules->Items()) {
    if (Status s = CheckKeys(rule, {"Name", "Value"}, {}); !s.ok()) return s;
    auto name_node = rule.Get("Name");
    auto value_node = rule.Get("Value");
    if (!name_node || !value_node) return rule.Error("a rule needs Name and Value");
    auto name = ReadEnum(*name_node, Sym(context), {"prefix", "suffix"});
    if (!name) return name.error();
    auto value = ResolveString(*value_node, Sym(context));
    if (!value) return value.error();
    (*name == "prefix" ? event.key_prefix : event.key_suffix) = *value;
  }
  return Status::Ok();
}

Status ReadS3(const Node& props, EventSpec& event, const LoadContext& context) {
  event.kind = EventSpec::Kind::kFile;
  if (Status s = CheckKeys(props, {"Bucket", "Events", "Filter"}, {}); !s.ok()) return s;
  auto bucket = props.Get("Bucket");
  if (!bucket) return props.Error("Bucket is required (!Ref of an AWS::S3::Bucket)");
  // As SAM requires: the bucket is declared in this template and named by Ref.
  const BucketSpec* target = nullptr;
  if (bucket->is_intrinsic() && bucket->Get("Ref") && bucket->Get("Ref")->is_string()) {
    std::string id = bucket->Get("Ref")->value().get<std::string>();
    for (const BucketSpec& b : context.project.buckets) {
      if (b.logical_id == id) target = &b;
    }
  }
  if (!target) {
    return bucket->Error("Bucket must be !Ref of an AWS::S3::Bucket declared in this template");
  }
  event.bucket = target->name;
  event.directory = target->directory;
  auto events = props.Get("Events");
  if (!events) return props.Error("Events is required (e.g. s3:ObjectCreated:*)");
  std::vector<Node> items = events->is_array() ? events->Items() : std::vector<Node>{*events};
  static const std::vector<std::string> kSupported = {"s3:ObjectCreated:*",
                                                      "s3:ObjectCreated:Put",
                                                      "s3:ObjectCreated:Post",
                                                      "s3:ObjectCreated:Copy",
                                                      "s3:ObjectCreated:CompleteMultipartUpload",
                                                      "s3:ObjectRemoved:*",
                                                      "s3:ObjectRemoved:Delete",
                                                      "s3:ObjectRemoved:DeleteMarkerCreated"};
  for (const Node& item : items) {
    auto name = ReadEnum(item, Sym(context), kSupported);
    if (!name) return name.error();
    event.file_events.push_back(*name);
  }
  if (auto filter = props.Get("Filter")) return ReadS3Filter(*filter, event, context);
  return Status::Ok();
}

// "/", "/orders/{id}", "/files/{proxy+}": literal segments, {name} parameters, and one greedy
// {name+} as the last segment (API Gateway's rules for route paths).
Status CheckRoutePath(const std::string& path, const Node& node) {
  if (!path.starts_with("/")) return node.Error("a Path starts with '/', got '" + path + "'");
  static const std::regex kParameter("\\{[A-Za-z0-9._-]+\\+?\\}");
  size_t start = 1;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    const bool last = slash == std::string::npos;
    const std::string segment = path.substr(start, last ? std::string::npos : slash - start);
    if (segment.empty() && !last) {
      return node.Error("Path '" + path + "' has an empty segment ('//')");
    }
    const bool braces = segment.find_first_of("{}") != std::string::npos;
    if (braces && !std::regex_match(segment, kParameter)) {
      return node.Error("Path '" + path + "': '" + segment +
                        "' is neither a literal segment nor a whole {parameter}");
    }
    if (braces && segment.ends_with("+}") && !last) {
      return node.Error("Path '" + path + "': the greedy parameter '" + segment +
                        "' must be the last segment");
    }
    if (last) break;
    start = slash + 1;
  }
  return Status::Ok();
}

Status ReadHttpSettings(const Node& props, bool http_api, EventSpec& event,
                        const LoadContext& context) {
  if (auto format = props.Get("PayloadFormatVersion")) {
    auto v = ReadEnum(*format, Sym(context), {"1.0", "2.0"});
    if (!v) return v.error();
    event.payload_format = *v;
  }
  if (auto timeout = props.Get("TimeoutInMillis")) {
    auto v = ReadInt(*timeout, Sym(context), 50, http_api ? 30000 : 29000);
    if (!v) return v.error();
    event.timeout_ms = static_cast<int>(*v);
  }
  return Status::Ok();
}

Status ReadHttp(const std::optional<Node>& props, bool http_api, EventOwner owner, EventSpec& event,
                const LoadContext& context) {
  event.kind = EventSpec::Kind::kHttp;
  event.rest_api = !http_api;
  event.payload_format = http_api ? "2.0" : "1.0";
  if (!props) {  // only HttpApi events may leave Properties out (LoadEvents checks)
    event.path = "$default";
    event.method = "ANY";
    return Status::Ok();
  }
  Status s;
  if (http_api) {
    s = CheckKeys(*props, {"Path", "Method", "PayloadFormatVersion", "TimeoutInMillis"},
                  {"ApiId", "Auth", "RouteSettings"});
  } else if (owner == EventOwner::kFunction) {
    s = CheckKeys(*props, {"Path", "Method", "TimeoutInMillis"},
                  {"RestApiId", "Auth", "RequestModel", "RequestParameters", "RequestModels"});
  } else {
    s = CheckKeys(*props, {"Path", "Method"}, {"RestApiId", "Auth", "UnescapeMappingTemplate"});
  }
  if (!s.ok()) return s;
  if (s = ReadHttpSettings(*props, http_api, event, context); !s.ok()) return s;
  auto path = props->Get("Path");
  auto method = props->Get("Method");
  if (!path && !method && http_api) {
    event.path = "$default";
    event.method = "ANY";
    return Status::Ok();
  }
  if (!path || !method) return props->Error("Path and Method are required");
  auto path_text = ResolveString(*path, Sym(context));
  if (!path_text) return path_text.error();
  if (http_api && *path_text == "$default") {
    event.path = "$default";
  } else {
    if (s = CheckRoutePath(*path_text, *path); !s.ok()) return s;
    event.path = *path_text;
  }
  auto method_text = ResolveString(*method, Sym(context));
  if (!method_text) return method_text.error();
  std::string upper = *method_text;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  static const std::vector<std::string> kMethods = {"GET",    "POST", "PUT",     "PATCH",
                                                    "DELETE", "HEAD", "OPTIONS", "ANY"};
  if (std::find(kMethods.begin(), kMethods.end(), upper) == kMethods.end()) {
    return method->Error("'" + *method_text + "' is not an HTTP method (or ANY)");
  }
  event.method = upper;
  return Status::Ok();
}

}  // namespace

Result<std::vector<EventSpec>, Status> LoadEvents(const Node& events, EventOwner owner,
                                                  const LoadContext& context) {
  if (!events.is_object() || events.is_intrinsic()) {
    return Unexpected(events.Error("expected a mapping of event names to {Type, Properties}"));
  }
  std::vector<EventSpec> out;
  for (const auto& [id, node] : events.Members()) {
    if (Status s = CheckKeys(node, {"Type", "Properties"}, {}); !s.ok()) return Unexpected(s);
    auto type_node = node.Get("Type");
    if (!type_node || !type_node->is_string()) {
      return Unexpected(node.Error("an event needs a Type"));
    }
    const std::string type = type_node->value().get<std::string>();
    EventSpec event;
    event.logical_id = id;
    event.line = node.line();
    bool schedule = type == "Schedule" || type == "ScheduleV2";
    bool for_functions = type == "Kinesis" || type == "S3" || type == "HttpApi";
    // SAM gives state machines Api events (a StepFunctions-StartExecution integration), not
    // HttpApi ones.
    bool for_both = schedule || type == "Api";
    if (!for_both && !(for_functions && owner == EventOwner::kFunction)) {
      return Unexpected(
          type_node->Error("event type '" + type + "' is not supported by tern " +
                           (owner == EventOwner::kFunction
                                ? "(functions: Schedule, ScheduleV2, Kinesis, S3, HttpApi, Api)"
                                : "(state machines: Schedule, ScheduleV2, Api)")));
    }
    auto props = node.Get("Properties");
    if (!props && type != "HttpApi") {
      return Unexpected(node.Error("Properties are required for a " + type + " event"));
    }
    Status s;
    if (schedule) {
      s = ReadSchedule(*props, type == "ScheduleV2", event, context);
    } else if (type == "Kinesis") {
      s = ReadKinesis(*props, event, context);
    } else if (type == "S3") {
      s = ReadS3(*props, event, context);
    } else {
      s = ReadHttp(props, type == "HttpApi", owner, event, context);
    }
    if (!s.ok()) return Unexpected(s);
    out.push_back(std::move(event));
  }
  return out;
}

}  // namespace tern::project
