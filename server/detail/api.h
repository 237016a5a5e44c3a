// What the API handlers share (server-internal; other modules include server/server.h only).
//
// Every Step Functions action is a function from the request's JSON body to a JSON result or an
// ApiError; sfn_actions.cc maps X-Amz-Target names to them. Lambda routes take the whole
// HttpRequest (REST: the path, query and headers carry arguments).
//
// Thread safety: handlers run concurrently on the server's worker pool; everything reachable
// from ApiContext is thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "common/status.h"
#include "project/project.h"
#include "runtime/definitions.h"
#include "server/event_source_backend.h"
#include "server/http_message.h"
#include "server/server.h"
#include "storage/store.h"

namespace tern::server {

class Metrics;

// An error as the API answers it: Step Functions puts `type` in the body's __type (HTTP 400 unless
// said otherwise); Lambda in x-amzn-ErrorType with its own status.
struct ApiError {
  int status = 400;
  std::string type;
  std::string message;
};

using ApiResult = Result<Json, ApiError>;
using MaybeError = std::optional<ApiError>;  // nullopt: fine

inline ApiError SfnError(std::string type, std::string message) {
  return ApiError{400, std::move(type), std::move(message)};
}

// Tags of state machines and activities (TagResource, ...); tags given to CreateStateMachine
// land here too. In memory, and written through to the store's API settings once Persist() has
// loaded them from there (tern serve), so they survive a restart. Thread-safe.
class TagStore {
 public:
  // Loads the stored tags and keeps every later change in `settings` (outlives this).
  Status Persist(storage::LambdaSettings* settings);
  // A failed write leaves memory and database as they were.
  Status Put(const std::string& arn, const std::vector<std::pair<std::string, std::string>>& tags);
  Status Remove(const std::string& arn, const std::vector<std::string>& keys);
  Status Drop(const std::string& arn);
  std::vector<std::pair<std::string, std::string>> Get(const std::string& arn) const;
  size_t Count(const std::string& arn) const;

 private:
  // Writes `arn`'s tags as they would become (`next`; empty: none) to the settings, if any.
  Status Write(const std::string& arn, const std::map<std::string, std::string>& next);

  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, std::string>> tags_;  // guarded by mu_
  storage::LambdaSettings* settings_ = nullptr;                     // guarded by mu_
};

// What the Lambda API knows about a function beyond the pool's FunctionSpec (CreateFunction's
// Role, Description and code digest). Thread-safe; in memory (a created function's is also in
// its stored document: lambda_function_store.cc).
struct FunctionMeta {
  std::string role;
  std::string description;
  std::string code_sha256;  // base64 SHA-256 of the uploaded zip ("" for project functions)
  int64_t code_size = 0;
  std::string last_modified;  // "2024-01-01T12:00:00.000+0000"
  std::string revision_id;
  bool created = false;  // made by CreateFunction (kept across restarts), not by the project
};

class FunctionCatalog {
 public:
  void Put(const std::string& name, FunctionMeta meta);
  std::optional<FunctionMeta> Get(const std::string& name) const;
  void Remove(const std::string& name);
  // Loads the metadata of the functions CreateFunction made before a restart, for those
  // RestoreLambdaSettings put back in `pool` (same code folder).
  void Restore(storage::LambdaSettings* settings, const workers::Pool* pool);

 private:
  mutable std::mutex mu_;
  std::map<std::string, FunctionMeta> meta_;  // guarded by mu_
};

// Activities (CreateActivity, ...): in memory, written through to the store's API settings once
// Persist() has loaded them (tern serve), so they survive a restart. Thread-safe.
struct ActivityRecord {
  std::string arn;
  std::string name;
  storage::TimeMs created = 0;
};

class ActivityRegistry {
 public:
  // Loads the stored activities and keeps every later change in `settings` (outlives this).
  Status Persist(storage::LambdaSettings* settings);
  // The existing record when the name is taken (CreateActivity is idempotent).
  Result<ActivityRecord, Status> Create(ActivityRecord record);
  std::optional<ActivityRecord> Get(const std::string& arn) const;
  Status Remove(const std::string& arn);
  std::vector<ActivityRecord> List() const;  // by name

 private:
  mutable std::mutex mu_;
  std::map<std::string, ActivityRecord> by_arn_;  // guarded by mu_
  storage::LambdaSettings* settings_ = nullptr;   // guarded by mu_
};

struct ApiContext {
  ServerOptions options;
  ServerDeps deps;
  std::shared_ptr<Metrics> metrics;  // shared: Runner::OnEnded callbacks may outlive a request
  TagStore tags;
  FunctionCatalog functions;
  ActivityRegistry activities;
  // Read-modify-write of Lambda settings (event invoke configs, mappings) is serialised here.
  std::mutex lambda_settings_mu;
  std::atomic<int> activity_pollers{0};
  std::atomic<bool> stopping{false};     // set by Server::Stop: long polls return early
  runtime::DefinitionCache definitions;  // EXPRESS machines run in memory (StartSyncExecution)
  // Runs work after the response (EXPRESS StartExecution, Event invokes) on the worker pool.
  std::function<void(std::function<void()>)> post_background;
};

// ---- shared helpers (sfn_common.cc) ----
double EpochSeconds(storage::TimeMs ms);
storage::TimeMs NowMs();
// Reads an optional string member; ValidationException when present with another type.
Result<std::optional<std::string>, ApiError> OptionalString(const Json& body, const char* key);
// Reads a required string member: MissingRequiredParameter-like ValidationException when absent.
Result<std::string, ApiError> RequiredString(const Json& body, const char* key);
Result<std::optional<int64_t>, ApiError> OptionalInt(const Json& body, const char* key);
Result<bool, ApiError> OptionalBool(const Json& body, const char* key, bool fallback);
// maxResults: 0 or absent -> `fallback`; > 1000 -> AWS's ValidationException.
Result<size_t, ApiError> MaxResults(const Json& body, size_t fallback);

// ARN shape checks: InvalidArn "Invalid Arn: '<arn>'" when not an ARN of that resource type.
MaybeError CheckStateMachineArn(const std::string& arn);
MaybeError CheckExecutionArn(const std::string& arn);
std::string StateMachineArn(const ApiContext& ctx, const std::string& name);
// arn:...:stateMachine:M + name -> arn:...:execution:M:name
std::string ExecutionArnFor(const std::string& machine_arn, const std::string& name);

Result<storage::StateMachineRecord, ApiError> LoadStateMachine(ApiContext& ctx,
                                                               const std::string& arn);
Result<storage::ExecutionRecord, ApiError> LoadExecution(ApiContext& ctx, const std::string& arn);
// A store failure nobody expects: 500 InternalServerError (the message is kept).
ApiError InternalError(const Status& status);
// Validates an ASL definition as AWS's InvalidDefinition: "Invalid State Machine Definition:
// 'CODE: message at /pointer'".
MaybeError CheckDefinition(const std::string& definition, bool express);
// Execution input: InvalidExecutionInput for "", non-JSON, > 256 KiB. Returns compact JSON text.
Result<std::string, ApiError> CheckExecutionInput(const std::optional<std::string>& input);

// ---- Step Functions actions (one file per family) ----
ApiResult CreateStateMachine(ApiContext& ctx, const Json& body);
ApiResult DescribeStateMachine(ApiContext& ctx, const Json& body);
ApiResult UpdateStateMachine(ApiContext& ctx, const Json& body);
ApiResult DeleteStateMachine(ApiContext& ctx, const Json& body);
ApiResult ListStateMachines(ApiContext& ctx, const Json& body);
ApiResult ValidateStateMachineDefinition(ApiContext& ctx, const Json& body);
ApiResult DescribeStateMachineForExecution(ApiContext& ctx, const Json& body);
// The starts also read the request's X-Amzn-Trace-Id: an execution started from inside a function
// (the SDKs send the function's _X_AMZN_TRACE_ID) continues that chain's recursion lineage
// (docs/recursion.md).
ApiResult StartExecution(ApiContext& ctx, const Json& body, const HttpRequest& request);
ApiResult DescribeExecution(ApiContext& ctx, const Json& body);
ApiResult StopExecution(ApiContext& ctx, const Json& body);
ApiResult ListExecutions(ApiContext& ctx, const Json& body);
ApiResult GetExecutionHistory(ApiContext& ctx, const Json& body);
ApiResult RedriveExecution(ApiContext& ctx, const Json& body);
// TestState: one state run on its own (engine/test_state.h).
ApiResult TestState(ApiContext& ctx, const Json& body);
ApiResult StartSyncExecution(ApiContext& ctx, const Json& body, const HttpRequest& request);
// EXPRESS machines started with StartExecution: run in the background, not recorded.
// `trace_id`: the starter's X-Amzn-Trace-Id.
ApiResult StartExpressExecution(ApiContext& ctx, const storage::StateMachineRecord& machine,
                                const std::optional<std::string>& name, const std::string& input,
                                const std::string& trace_id);
ApiResult SendTaskSuccess(ApiContext& ctx, const Json& body);
ApiResult SendTaskFailure(ApiContext& ctx, const Json& body);
ApiResult SendTaskHeartbeat(ApiContext& ctx, const Json& body);
ApiResult CreateActivity(ApiContext& ctx, const Json& body);
ApiResult DescribeActivity(ApiContext& ctx, const Json& body);
ApiResult DeleteActivity(ApiContext& ctx, const Json& body);
ApiResult ListActivities(ApiContext& ctx, const Json& body);
ApiResult GetActivityTask(ApiContext& ctx, const Json& body);
ApiResult TagResource(ApiContext& ctx, const Json& body);
ApiResult UntagResource(ApiContext& ctx, const Json& body);
ApiResult ListTagsForResource(ApiContext& ctx, const Json& body);

// ---- Lambda (lambda_*.cc) ----
HttpResponse LambdaInvoke(ApiContext& ctx, const HttpRequest& request, const std::string& function);
HttpResponse LambdaCreateFunction(ApiContext& ctx, const HttpRequest& request);
HttpResponse LambdaGetFunction(ApiContext& ctx, const HttpRequest& request,
                               const std::string& function, bool configuration_only);
HttpResponse LambdaListFunctions(ApiContext& ctx, const HttpRequest& request);
HttpResponse LambdaDeleteFunction(ApiContext& ctx, const HttpRequest& request,
                                  const std::string& function);
HttpResponse LambdaPutConcurrency(ApiContext& ctx, const HttpRequest& request,
                                  const std::string& function);
HttpResponse LambdaGetConcurrency(ApiContext& ctx, const HttpRequest& request,
                                  const std::string& function);
HttpResponse LambdaDeleteConcurrency(ApiContext& ctx, const HttpRequest& request,
                                     const std::string& function);
// UpdateFunctionCode / UpdateFunctionConfiguration (lambda_function_updates.cc): the pool gets
// the new definition, so new invocations use it and warm environments of the old one retire.
HttpResponse LambdaUpdateFunctionCode(ApiContext& ctx, const HttpRequest& request,
                                      const std::string& function);
HttpResponse LambdaUpdateFunctionConfiguration(ApiContext& ctx, const HttpRequest& request,
                                               const std::string& function);
// Put (`merge` false: replace) / Update (`merge` true), Get, Delete, List of the async
// invocation settings (lambda_event_invoke_config.cc): applied to the pool's function, which the
// async dispatcher reads at each attempt, and kept in deps.settings.
HttpResponse LambdaPutEventInvokeConfig(ApiContext& ctx, const HttpRequest& request,
                                        const std::string& function, bool merge);
HttpResponse LambdaGetEventInvokeConfig(ApiContext& ctx, const HttpRequest& request,
                                        const std::string& function);
HttpResponse LambdaDeleteEventInvokeConfig(ApiContext& ctx, const HttpRequest& request,
                                           const std::string& function);
HttpResponse LambdaListEventInvokeConfigs(ApiContext& ctx, const HttpRequest& request,
                                          const std::string& function);
// Put/GetFunctionRecursionConfig (lambda_recursion_config.cc): the bus's recursion stop.
HttpResponse LambdaPutRecursionConfig(ApiContext& ctx, const HttpRequest& request,
                                      const std::string& function);
HttpResponse LambdaGetRecursionConfig(ApiContext& ctx, const HttpRequest& request,
                                      const std::string& function);
// Event source mappings on tern streams (lambda_event_source_mappings.cc).
HttpResponse LambdaCreateEventSourceMapping(ApiContext& ctx, const HttpRequest& request);
HttpResponse LambdaGetEventSourceMapping(ApiContext& ctx, const HttpRequest& request,
                                         const std::string& uuid);
HttpResponse LambdaListEventSourceMappings(ApiContext& ctx, const HttpRequest& request);
HttpResponse LambdaUpdateEventSourceMapping(ApiContext& ctx, const HttpRequest& request,
                                            const std::string& uuid);
HttpResponse LambdaDeleteEventSourceMapping(ApiContext& ctx, const HttpRequest& request,
                                            const std::string& uuid);
// Splits "name:qualifier", "ACCOUNT:function:name[:q]", a full ARN; the name is returned and
// `qualifier` set when one was given (the ?Qualifier= parameter wins).
std::string FunctionNameOf(const std::string& name_or_arn, std::string& qualifier);
std::string FunctionArn(const ApiContext& ctx, const std::string& name);
// The error answer of a Lambda route, tagged with its action for metrics.
HttpResponse LambdaError(int status, const char* type, std::string message, const char* action);
HttpResponse LambdaJson(int status, const Json& body, const char* action);
// 404 ResourceNotFoundException for the function `name` (and `qualifier`), as Lambda words it.
HttpResponse FunctionNotFoundError(const ApiContext& ctx, const std::string& name,
                                   const std::string& qualifier, const char* action);
// The request's body as a JSON object ("" counts as {} when `empty_is_object`); otherwise the
// 400 InvalidRequestContentException Lambda answers.
Result<Json, HttpResponse> JsonObjectBody(const HttpRequest& request, const char* action,
                                          bool empty_is_object = false);
// The function named in a path (name, ARN, name:qualifier, ?Qualifier=); `name` and `qualifier`
// are set either way. nullopt when the pool has no such function (or version).
std::optional<project::FunctionSpec> FindFunction(ApiContext& ctx, const std::string& function,
                                                  const HttpRequest& request, std::string& name,
                                                  std::string& qualifier);
// The FunctionConfiguration AWS answers for the pool's `spec` (GetFunctionConfiguration, ...).
Json FunctionConfiguration(ApiContext& ctx, const project::FunctionSpec& spec);
// lambda_code.cc: what CreateFunction and UpdateFunctionCode share.
std::string LastModifiedNow();  // "2024-01-01T12:00:00.000+0000"
std::string Sha256Base64(const std::string& data);
// python3.x, nodejs*.x, provided*; nullopt for anything else.
std::optional<project::RuntimeFamily> RuntimeFamilyOf(const std::string& runtime);
// Decodes Code.ZipFile and unpacks it into a new folder <data_dir>/functions/<name>[.<tag>]
// with `unzip`; returns the folder. `zip` receives the decoded archive.
Result<std::string, ApiError> UnpackZipFile(const ApiContext& ctx, const std::string& name,
                                            const std::string& tag, const Json& zip_file,
                                            std::string& zip);
// An event source mapping as stored in deps.settings and back (RestoreLambdaSettings).
Json EventSourceMappingDocument(const EventSourceMappingSpec& mapping);
std::optional<EventSourceMappingSpec> EventSourceMappingFromDocument(const Json& document);
// Persists (kind, key) in deps.settings when there is one; ServiceException when that fails.
MaybeError PutLambdaSetting(ApiContext& ctx, const char* kind, const std::string& key,
                            const Json& value);
MaybeError DeleteLambdaSetting(ApiContext& ctx, const char* kind, const std::string& key);

// Keeps `spec` and `meta` of a function CreateFunction made (no-op for a project's function) in
// deps.settings, so RestoreCreatedFunctions brings it back. Written before the pool is changed
// (with lambda_settings_mu held): when the write fails (ServiceException), nothing has changed.
MaybeError SaveFunctionDocument(ApiContext& ctx, const project::FunctionSpec& spec,
                                const FunctionMeta& meta);
// A stored function document back as the pool's definition and the API's metadata; nullopt
// when it is not one this tern wrote. `arn_prefix` is "arn:aws:lambda:<region>:<account>:".
std::optional<std::pair<project::FunctionSpec, FunctionMeta>> CreatedFunctionFromDocument(
    const std::string& name, const Json& document, const std::string& arn_prefix);
ApiError FunctionNotFound(const ApiContext& ctx, const std::string& name,
                          const std::string& qualifier);

std::string Base64Encode(std::string_view data);
// nullopt when `text` is not base64.
std::optional<std::string> Base64Decode(std::string_view text);

// ---- HTTP triggers (http_trigger*.cc, docs/http.md) ----
// True when `path` belongs to the project's routes: under options.http_prefix, or (prefix "")
// anything but the APIs' paths.
bool IsHttpTriggerPath(const ServerOptions& options, std::string_view path, bool has_amz_target);
// A request for a route (invoke the function / start the execution and map the answer as API
// Gateway does); nullopt when the path is not the routes'.
std::optional<HttpResponse> HandleHttpTrigger(ApiContext& ctx, const HttpRequest& request);

// ---- dispatch ----
// POST / with X-Amz-Target: AWSStepFunctions.<Action>.
HttpResponse HandleSfn(ApiContext& ctx, const HttpRequest& request);
// /2015-03-31/... and the other dated Lambda paths; nullopt when the path is not Lambda's.
std::optional<HttpResponse> HandleLambda(ApiContext& ctx, const HttpRequest& request);
// Every request: auth, then Step Functions, Lambda, /metrics, /health or 404.
HttpResponse Route(ApiContext& ctx, const HttpRequest& request);

// The error responses of both protocols (errors.cc).
HttpResponse SfnErrorResponse(const ApiError& error);
HttpResponse LambdaErrorResponse(const ApiError& error);
HttpResponse JsonResponse(int status, const Json& body, const char* content_type);

}  // namespace tern::server
