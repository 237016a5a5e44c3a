// The project file: a SAM template (tern.yaml / template.yaml) read into plain values. Every
// name here is resolved: intrinsics (Ref, GetAtt, Sub, Join) are evaluated, Globals.Function is
// merged into each function, relative paths are made absolute against the template's folder.
// Nothing in this module starts anything; workers/, triggers/ and server/ consume it.
//
// Unsupported resources or properties are errors with the template's line (see LoadProject).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "asl/parse/document.h"
#include "common/result.h"
#include "common/status.h"

namespace tern::project {

// Where an async invocation's outcome goes (EventInvokeConfig.DestinationConfig.OnSuccess /
// OnFailure, and a mapping's OnFailure). `arn` is a function, state machine or tern queue ARN.
struct Destination {
  std::string arn;
};

struct EventInvokeConfig {
  int maximum_retry_attempts = 2;         // 0..2
  int maximum_event_age_seconds = 21600;  // 60..21600
  std::optional<Destination> on_success;
  std::optional<Destination> on_failure;
};

// A stream (AWS::Kinesis::Stream, or tern's own).
struct StreamSpec {
  std::string logical_id;
  std::string name;
  std::string arn;  // arn:aws:kinesis:REGION:ACCOUNT:stream/NAME
  int shard_count = 1;
  int retention_hours = 24;
  int line = 0;
};

// An AWS::S3::Bucket: tern watches a directory in its place (docs/project.md): by default
// <project dir>/.tern/buckets/<name>, or Metadata.tern.Directory (relative to the project).
struct BucketSpec {
  std::string logical_id;
  std::string name;       // BucketName, or the logical id in lower case
  std::string arn;        // arn:aws:s3:::NAME
  std::string directory;  // absolute
  int line = 0;
};

// One entry of a function's (or state machine's) Events.
struct EventSpec {
  enum class Kind { kSchedule, kStream, kFile, kHttp };
  std::string logical_id;  // the key under Events
  Kind kind = Kind::kSchedule;
  bool enabled = true;
  // kSchedule (Schedule, ScheduleV2): "rate(5 minutes)" / "cron(...)"; Input is JSON text.
  std::string schedule_expression;
  std::string schedule_timezone;  // ScheduleV2 ScheduleExpressionTimezone; empty: UTC
  std::optional<std::string> input;
  // kStream (Kinesis): the stream's ARN and the mapping's settings.
  std::string stream_arn;
  std::string starting_position = "LATEST";            // TRIM_HORIZON | LATEST | AT_TIMESTAMP
  std::optional<int64_t> starting_position_timestamp;  // epoch seconds, AT_TIMESTAMP
  int batch_size = 100;
  int maximum_batching_window_seconds = 0;
  int parallelization_factor = 1;
  bool bisect_batch_on_function_error = false;
  int maximum_retry_attempts = -1;      // -1: infinite (until the record expires)
  int maximum_record_age_seconds = -1;  // -1: infinite
  bool report_batch_item_failures = false;
  std::optional<Destination> on_failure;
  // kFile (S3): a watched directory acting as the bucket.
  std::string bucket;                    // the bucket name the events carry
  std::string directory;                 // absolute path watched
  std::vector<std::string> file_events;  // "s3:ObjectCreated:*", "s3:ObjectRemoved:*"
  std::string key_prefix;                // Filter.S3Key.Rules prefix; empty: any
  std::string key_suffix;                // Filter.S3Key.Rules suffix; empty: any
  // kHttp (HttpApi, Api): a route served by `tern serve` (docs/http.md).
  std::string method;  // GET, POST, ... or ANY
  std::string path;    // "/orders/{id}", "/files/{proxy+}"; HttpApi without Path/Method: "$default"
  bool rest_api = false;  // an Api (REST) event: API Gateway REST's stage, errors and timeout
  // The event the function receives: "2.0" (HttpApi's default) or "1.0" (Api events, and
  // HttpApi with PayloadFormatVersion: "1.0").
  std::string payload_format = "2.0";
  int timeout_ms = 0;  // TimeoutInMillis; 0: API Gateway's default (HTTP 30000, REST 29000)
  int line = 0;        // where the event's key is written
};

// How a function's Runtime runs: python3.x with the machine's python3, nodejs*.x with node,
// provided* as an executable `bootstrap` in the code folder.
enum class RuntimeFamily { kPython, kNode, kProvided };

struct FunctionSpec {
  std::string logical_id;
  std::string name;     // FunctionName, or the logical id
  std::string arn;      // arn:aws:lambda:REGION:ACCOUNT:function:NAME
  std::string runtime;  // as written: python3.12, nodejs20.x, provided.al2023, ...
  RuntimeFamily runtime_family = RuntimeFamily::kPython;
  std::string handler;      // app.handler (ignored for provided)
  std::string code_dir;     // absolute
  int timeout_seconds = 3;  // 1..900
  int memory_mb = 128;      // 128..10240
  std::map<std::string, std::string> environment;
  std::optional<int> reserved_concurrency;
  int provisioned_concurrency = 0;
  std::optional<EventInvokeConfig> event_invoke_config;
  bool recursive_loop_allow = false;  // RecursiveLoop: Allow (default Terminate)
  std::vector<EventSpec> events;
  int line = 0;  // where the resource starts in the template
};

struct StateMachineSpec {
  std::string logical_id;
  std::string name;
  std::string arn;  // arn:aws:states:REGION:ACCOUNT:stateMachine:NAME
  std::string type = "STANDARD";
  std::string definition;       // JSON text after DefinitionSubstitutions
  std::string definition_path;  // DefinitionUri made absolute; empty when inline
  // The definition after substitutions, with where each value was written: lines in
  // definition_path, or in the template for an inline Definition (pointers are relative to
  // the definition either way). What `tern validate` reports diagnostics against.
  asl::Document document;
  std::string role_arn;
  std::vector<EventSpec> events;  // Schedule, ScheduleV2, Api
  int line = 0;
};

struct Project {
  std::string path;  // the template file, absolute
  std::string dir;   // its folder
  std::string region = "us-east-1";
  std::string account = "123456789012";
  std::string stack_name;  // AWS::StackName: LoadOptions::stack_name, else the folder's name
  std::vector<FunctionSpec> functions;
  std::vector<StateMachineSpec> state_machines;
  std::vector<StreamSpec> streams;
  std::vector<BucketSpec> buckets;

  // Functions: a name, an ARN (a :qualifier suffix is ignored) or ACCOUNT:function:NAME.
  const FunctionSpec* FindFunction(const std::string& name_or_arn) const;
  const StateMachineSpec* FindStateMachine(const std::string& name_or_arn) const;
  const StreamSpec* FindStream(const std::string& name_or_arn) const;
  const BucketSpec* FindBucket(const std::string& name_or_arn) const;
};

struct LoadOptions {
  std::map<std::string, std::string> parameter_overrides;  // --parameter-overrides K=V
  std::string region = "us-east-1";
  std::string account = "123456789012";
  std::string stack_name;  // empty: the template folder's name
};

// Reads and resolves a template. Errors name the file, line and the offending key, e.g.
// "tern.yaml:14: Resources.Orders.Properties.Runtime: unsupported runtime 'java21'".
Result<Project, Status> LoadProject(const std::string& path, const LoadOptions& options = {});

// True when the file is a template rather than a state machine definition: a mapping with
// `Resources` or a `Transform`, and no `States`. Unreadable or unparsable files: false (the
// definition reader then reports them).
bool LooksLikeProjectFile(const std::string& path);

// The project file in `dir` when none is given: tern.yaml, else template.yaml, else
// template.yml. NotFound names the candidates.
Result<std::string, Status> FindProjectFile(const std::string& dir);

}  // namespace tern::project
