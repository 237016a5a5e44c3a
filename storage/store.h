// The durable store the engine, the CLI's audit commands and the server talk to. No SQLite
// type appears here: a PostgreSQL backend for multi-node deployments goes behind the same
// interface. storage/sqlite/ holds the SQLite implementation; OpenStore() picks one.
//
// Write path: everything an execution does between two checkpoints is one Transition (its new
// history events, its latest checkpoint, and its status when it ended). Transitions are handed
// to Submit() and committed by one writer thread, several per SQLite transaction (group
// commit); each transition's callback runs once it is durable under the store's Durability.
// A transition is all or nothing: its events and its checkpoint are committed together.
//
// Thread safety: every member may be called from any thread. Reads run in parallel with the
// writer (WAL). Callbacks run on the writer thread and must be quick (post elsewhere).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "common/telemetry.h"

namespace tern::storage {

using TimeMs = int64_t;  // milliseconds since the Unix epoch, UTC

// strict: fsync on every commit. batched (default): group commit, WAL with synchronous=NORMAL:
// a process crash loses nothing acknowledged; a power failure may lose the last commits.
// memory: no file at all (tests, throw-away runs).
enum class Durability { kStrict, kBatched, kMemory };
std::string_view DurabilityName(Durability d);
Result<Durability, Status> ParseDurability(std::string_view text);

struct StoreOptions {
  std::string path;  // database file; ignored for kMemory
  Durability durability = Durability::kBatched;
  // How long a writer or reader waits on another process's lock before failing.
  int busy_timeout_ms = 10000;
  // Group commit: the writer commits when this many transitions are waiting, or when the
  // oldest has waited this long. 0 (the default): commit as soon as the previous commit is
  // done, so transitions that arrive during a commit share the next one; measured as fast or
  // faster than any delay (bench/README.md), and an execution that waits for each commit is
  // not held back by the delay.
  size_t max_batch = 4096;
  int max_batch_delay_ms = 0;
  // Hears of every group commit (tern serve's /metrics); null: nobody. Must outlive the store.
  Telemetry* telemetry = nullptr;
};

// ---- records -------------------------------------------------------------------------------

struct StateMachineRecord {
  std::string arn;
  std::string name;
  std::string type = "STANDARD";  // STANDARD | EXPRESS
  std::string definition;         // the text as given (JSON or YAML)
  std::string role_arn;
  int64_t revision = 0;     // 1 on create, +1 on every update (assigned by the store)
  std::string revision_id;  // opaque, changes with every update (assigned by the store)
  TimeMs created = 0;
  TimeMs updated = 0;
};

enum class ExecutionStatus { kRunning, kSucceeded, kFailed, kTimedOut, kAborted };
std::string_view ExecutionStatusName(ExecutionStatus s);  // "RUNNING", ...
std::optional<ExecutionStatus> ParseExecutionStatus(std::string_view name);

struct ExecutionRecord {
  std::string arn;
  std::string name;
  std::string state_machine_arn;
  int64_t state_machine_revision = 0;  // the revision it started with (resume runs that one)
  ExecutionStatus status = ExecutionStatus::kRunning;
  std::string input;                   // JSON text
  std::optional<std::string> output;   // JSON text, SUCCEEDED only
  std::string error;
  std::string cause;
  TimeMs start = 0;
  std::optional<TimeMs> stop;
  int64_t event_count = 0;  // id of the last committed history event
  // X-Amzn-Trace-Id of what started it (recursion Lineage for the tasks it invokes).
  std::string trace_id;
  // RedriveExecution: how many times it was redriven, and when last.
  int64_t redrive_count = 0;
  std::optional<TimeMs> redrive_date;
  // Read from the store: whether it keeps engine state for the execution: its checkpoint while
  // it runs; once it ended FAILED, TIMED_OUT or ABORTED, its redrive point (without one it
  // cannot be redriven: it ended before entering a state, or on a tern without redrive).
  bool has_checkpoint = false;
};

// One history event as committed. `details` is the AWS details object as JSON text ("" when
// the type has none), `details_field` its field name ("stateEnteredEventDetails", ...).
struct EventRecord {
  int64_t id = 0;
  int64_t previous_id = 0;
  TimeMs timestamp = 0;
  std::string type;
  std::string details_field;
  std::string details;
  std::string hash;  // hex SHA-256 chain value, assigned by the store on commit
};

// When an execution has ended.
struct ExecutionEnd {
  ExecutionStatus status = ExecutionStatus::kSucceeded;
  std::optional<std::string> output;
  std::string error;
  std::string cause;
  TimeMs stop = 0;
};

// How a waiting task was completed (SendTaskSuccess / SendTaskFailure), recorded by whichever
// process received it and delivered by the process that runs the execution.
struct TaskTokenCompletion {
  bool success = true;
  std::string output;  // JSON text, success only
  std::string error;
  std::string cause;
  TimeMs completed = 0;
};

// A task token waiting for SendTaskSuccess/Failure/Heartbeat (.waitForTaskToken, activities).
struct TaskTokenRecord {
  std::string token;
  std::string execution_arn;
  std::string state_name;
  std::string activity_arn;  // empty unless the task is an activity
  TimeMs created = 0;
  std::optional<TaskTokenCompletion> completion;  // set once completed, until delivered
  TimeMs last_heartbeat = 0;                      // SendTaskHeartbeat; 0: none yet
};

// Everything one execution did since its previous transition.
struct Transition {
  std::string execution_arn;
  // Only on an execution's first transition: the row to create (ExecutionStarted is in events).
  std::optional<ExecutionRecord> create;
  std::vector<EventRecord> events;        // dense ids continuing the committed ones
  std::optional<std::string> checkpoint;  // opaque engine state; replaces the previous one
  std::optional<ExecutionEnd> end;        // the execution ended: checkpoint is dropped
  // With a FAILED / TIMED_OUT / ABORTED end: the engine's redrive point (opaque, like a
  // checkpoint), kept in the checkpoint's place until the execution is redriven
  // (Store::RedriveExecution) or purged.
  std::optional<std::string> redrive_point;
  std::vector<TaskTokenRecord> tokens_added;
  std::vector<std::string> tokens_removed;
};

struct ExecutionFilter {
  std::optional<ExecutionStatus> status;
  std::string state_machine_arn;  // empty: any
  std::optional<TimeMs> since;    // started at or after
  std::optional<bool> redriven;   // ListExecutions' redriveFilter: REDRIVEN (true) or not
  size_t limit = 100;             // page size, 1..1000
  std::string page_token;         // from the previous page; empty: first page
};

struct ExecutionPage {
  std::vector<ExecutionRecord> executions;  // newest first
  std::string next_page_token;              // empty: no more
};

struct HistoryQuery {
  bool reverse = false;
  size_t limit = 0;          // 0: all
  int64_t after_id = 0;      // forward: events with id > after_id; reverse: id < after_id
};

// The result of recomputing an execution's hash chain.
struct VerifyReport {
  std::string execution_arn;
  bool ok = true;
  int64_t events_checked = 0;
  int64_t first_bad_event = 0;  // 0 when ok
  std::string problem;          // "event 7 was altered", "event 12 is missing", ...
};

// An unfinished execution claimed for resuming, with what it needs to go on.
struct ClaimedExecution {
  ExecutionRecord execution;
  StateMachineRecord machine;             // at the revision the execution started with
  std::optional<std::string> checkpoint;  // null: it never got past ExecutionStarted
};

// RedriveExecution as the store sees it (runtime/runner.h decides what may be redriven).
struct RedriveRequest {
  std::string execution_arn;
  // The execution as the caller read it: `event` (its ExecutionRedriven, with id
  // expected_event_count + 1) must follow that history, or nothing is written.
  int64_t expected_event_count = 0;
  EventRecord event;
  TimeMs now = 0;
  std::string client_token;  // idempotency; empty: none
};

// ---- asynchronous invocations (docs/async.md) --------------------------------------------

// An Event invocation accepted by the bus and not yet delivered. Durable from the moment
// EnqueueAsyncEvent's callback says so until CompleteAsyncEvent deletes it.
struct AsyncEventRecord {
  int64_t id = 0;            // assigned by the store
  std::string request_id;    // the Invoke's request id (a UUID); kept across retries
  std::string function_arn;  // the function to invoke
  std::string payload;       // the event, JSON text
  std::string trace_id;      // X-Amzn-Trace-Id, its recursion Lineage already counted
  TimeMs accepted = 0;       // when it was accepted (its age counts from here)
  int attempts = 0;          // function invocations that failed so far
  int throttles = 0;         // deliveries refused by throttling so far (retried with backoff)
  TimeMs next_attempt = 0;   // not delivered before this time
  // Non-empty: never invoke the function, go straight to the failure path with this
  // condition (tern uses "RecursiveInvocationDetected" for a chain stopped by loop detection).
  std::string stop_condition;
  // The last failed attempt's response (JSON {statusCode, functionError, payload}); "" if none.
  std::string last_response;
};

// Undelivered async events of one function.
struct AsyncQueueDepth {
  std::string function_arn;
  int64_t events = 0;
  TimeMs oldest_accepted = 0;
};

// An event that could not be delivered and had no OnFailure destination (`tern dlq`).
struct DeadLetterRecord {
  int64_t id = 0;  // assigned by the store
  std::string request_id;
  std::string function_arn;
  std::string payload;  // the original event
  std::string trace_id;
  std::string condition;  // RetriesExhausted | EventAgeExceeded | RecursiveInvocationDetected |
                          // DestinationDeliveryFailed
  std::string reason;     // one readable line: the last error, or why delivery was refused
  std::string record;     // Lambda's invocation record (JSON), as a destination would get it
  int attempts = 0;
  TimeMs accepted = 0;
  TimeMs failed = 0;
};

// A message in one of tern's built-in queues (the arn:aws:sqs:REGION:ACCOUNT:NAME a
// destination names).
struct QueueMessageRecord {
  int64_t id = 0;  // assigned by the store, increasing
  std::string queue_arn;
  std::string body;  // JSON text
  std::string trace_id;
  TimeMs sent = 0;
};

// What becomes of a delivered (or given up) async event, in one transaction: the event is
// deleted and its follow-ups are written. When the event is already gone (another dispatcher
// finished it after a lease expired) nothing is written and the result is NotFound.
struct AsyncCompletion {
  int64_t event_id = 0;
  std::vector<AsyncEventRecord> enqueue;     // function destinations
  std::vector<QueueMessageRecord> messages;  // queue destinations
  std::optional<DeadLetterRecord> dead_letter;
};

class Store {
 public:
  virtual ~Store() = default;

  // ---- state machines (revisions are kept: executions resume with the one they started) --
  // Creates (revision 1) or fails with AlreadyExists when the name is taken by a different
  // definition/type/role; creating the same thing again returns the existing record (AWS).
  virtual Result<StateMachineRecord, Status> CreateStateMachine(StateMachineRecord record) = 0;
  // Stores a new revision of an existing machine (definition and/or role changed).
  virtual Result<StateMachineRecord, Status> UpdateStateMachine(StateMachineRecord record) = 0;
  virtual Result<StateMachineRecord, Status> GetStateMachine(const std::string& arn,
                                                             int64_t revision = 0) = 0;
  virtual Result<std::vector<StateMachineRecord>, Status> ListStateMachines() = 0;
  virtual Status DeleteStateMachine(const std::string& arn) = 0;

  // ---- the write path ----
  // Queues `t`; `done` runs (on the writer thread) once it is durable, or with the error that
  // stopped it (then nothing of `t` was committed). Creating an execution whose ARN exists
  // fails with AlreadyExists.
  virtual void Submit(Transition t, std::function<void(Status)> done) = 0;
  // Blocks until everything submitted before the call is committed (or failed).
  virtual Status Flush() = 0;

  // ---- executions ----
  // `arn_or_name`: a full execution ARN, or a name when exactly one execution has it.
  virtual Result<ExecutionRecord, Status> GetExecution(const std::string& arn_or_name) = 0;
  virtual Result<ExecutionPage, Status> ListExecutions(const ExecutionFilter& filter) = 0;
  virtual Result<std::vector<EventRecord>, Status> GetHistory(const std::string& execution_arn,
                                                              const HistoryQuery& query) = 0;

  // ---- resuming ----
  // Claims every unfinished execution not owned by a live process (an owner whose process
  // has died, or whose lease expired, loses its claim) for this process and returns them.
  // A claimed execution is renewed automatically while this Store is open and released when
  // it ends or the Store closes.
  virtual Result<std::vector<ClaimedExecution>, Status> ClaimUnfinished() = 0;

  // Claims one unfinished execution the way ClaimUnfinished does: nullopt when it has ended or
  // a live process owns it; NotFound when there is no such execution.
  virtual Result<std::optional<ClaimedExecution>, Status> ClaimExecution(
      const std::string& arn) = 0;

  // Makes a FAILED, TIMED_OUT or ABORTED execution RUNNING again in one transaction: appends
  // the request's ExecutionRedriven event, counts the redrive (redrive_count, redrive_date),
  // claims it for this process and returns it with its redrive point as the checkpoint to
  // resume from. nullopt: the same client token already redrove it (nothing written).
  // NotFound: no such execution; FailedPrecondition: it cannot be redriven (the message says
  // why) or its history moved on since the caller read it.
  virtual Result<std::optional<ClaimedExecution>, Status> RedriveExecution(
      const RedriveRequest& request) = 0;

  // ---- task tokens ----
  virtual Result<TaskTokenRecord, Status> GetTaskToken(const std::string& token) = 0;
  // Records the completion of the task waiting for `token`. NotFound when no task waits for it
  // (unknown, or the task ended); FailedPrecondition when it was already completed.
  virtual Status CompleteTaskToken(const std::string& token,
                                   const TaskTokenCompletion& completion) = 0;
  // Records a heartbeat of the task waiting for `token` (NotFound as above).
  virtual Status HeartbeatTaskToken(const std::string& token, TimeMs now) = 0;
  // Those of `tokens` with a completion or a heartbeat recorded (a runner polls for the tokens
  // its executions wait for, so SendTask* from any process reaches them).
  virtual Result<std::vector<TaskTokenRecord>, Status> TaskTokenUpdates(
      const std::vector<std::string>& tokens) = 0;

  // ---- audit ----
  // Every event of executions started at or after `since`, oldest execution first, events in
  // order; `sink` returns false to stop early.
  virtual Status Export(std::optional<TimeMs> since,
                        const std::function<bool(const ExecutionRecord&, const EventRecord&)>&
                            sink) = 0;
  // Deletes ended executions that stopped before `before`, with their events. Returns how many.
  virtual Result<int64_t, Status> Purge(TimeMs before) = 0;
  virtual Result<VerifyReport, Status> Verify(const std::string& execution_arn) = 0;

  // ---- asynchronous invocations (triggers/async_dispatcher.h, docs/async.md) ----
  // Queues `event` for the async writer; `done` runs (on that writer's thread) with the
  // event's id once it is durable, or with the error that stopped it (then it is not stored).
  // Events are group-committed like Submit's transitions.
  virtual void EnqueueAsyncEvent(AsyncEventRecord event,
                                 std::function<void(Result<int64_t, Status>)> done) = 0;
  // Leases up to `limit` events due at `now` (next_attempt <= now) that nobody holds a lease
  // on, only for `function_arns` (empty: any function): they are not handed out again until
  // `lease_until`, unless the lease is renewed. A process that dies holding leases loses them
  // when they expire: at-least-once delivery.
  virtual Result<std::vector<AsyncEventRecord>, Status> LeaseDueAsyncEvents(
      TimeMs now, size_t limit, TimeMs lease_until,
      const std::vector<std::string>& function_arns = {}) = 0;
  virtual Status RenewAsyncEventLeases(const std::vector<int64_t>& ids, TimeMs lease_until) = 0;
  // Records a failed or throttled attempt: attempts, throttles, next_attempt and last_response
  // are taken from `event`, and the lease is released.
  virtual Status RescheduleAsyncEvent(const AsyncEventRecord& event) = 0;
  virtual Status CompleteAsyncEvent(const AsyncCompletion& completion) = 0;
  // Events not yet delivered (leased or not).
  virtual Result<int64_t, Status> CountAsyncEvents() = 0;
  // The same per function, with the oldest one's acceptance time (tern serve's /metrics).
  virtual Result<std::vector<AsyncQueueDepth>, Status> AsyncQueueDepths() = 0;
  // The earliest time an event (of `function_arns`; empty: any) becomes deliverable (its next
  // attempt, or the end of its lease); nullopt when there are none.
  virtual Result<std::optional<TimeMs>, Status> NextAsyncEventDue(
      const std::vector<std::string>& function_arns = {}) = 0;

  // ---- dead letters (`tern dlq`) ----
  virtual Result<std::vector<DeadLetterRecord>, Status> ListDeadLetters(size_t limit) = 0;
  virtual Result<DeadLetterRecord, Status> GetDeadLetter(int64_t id) = 0;
  // Moves the dead letter back to the async queue, due at `now`, with a fresh age and attempt
  // count (and the same request id and trace header). Returns the new event's id.
  virtual Result<int64_t, Status> RedriveDeadLetter(int64_t id, TimeMs now) = 0;

  // ---- built-in queues (destinations named arn:aws:sqs:...) ----
  virtual Result<int64_t, Status> AppendQueueMessage(QueueMessageRecord message) = 0;
  // Oldest first, at most `limit` (0: all).
  virtual Result<std::vector<QueueMessageRecord>, Status> ListQueueMessages(
      const std::string& queue_arn, size_t limit) = 0;
  virtual Result<int64_t, Status> CountQueueMessages(const std::string& queue_arn) = 0;
};

// Opens (creating and migrating as needed) the store described by `options`. A database
// written by a newer tern is refused with a message naming both schema versions.
Result<std::unique_ptr<Store>, Status> OpenStore(const StoreOptions& options);

// The database path when none is given: $TERN_DB, else ./.tern/tern.db.
std::string DefaultDatabasePath();

}  // namespace tern::storage
