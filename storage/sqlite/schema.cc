#include "storage/sqlite/schema.h"

#include "storage/sqlite/async_schema.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/lambda_settings_schema.h"
#include "storage/sqlite/stream_schema.h"

namespace tern::storage::sqlite {
namespace {

// Version 1: the records. Events are clustered by (execution_id, id) in a WITHOUT ROWID table
// so one execution's history is a contiguous range of pages (GetHistory reads few pages even
// among millions of events). Payloads and checkpoints live beside the executions row so the
// row every transition rewrites (event_count) stays small.
constexpr std::string_view kSchema1 = R"sql(
CREATE TABLE state_machines (
  id INTEGER PRIMARY KEY,
  arn TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  revision INTEGER NOT NULL,         -- the latest revision
  created INTEGER NOT NULL           -- ms since the epoch
);
CREATE TABLE state_machine_revisions (
  machine_id INTEGER NOT NULL,
  revision INTEGER NOT NULL,         -- 1, 2, ... (executions keep the one they started with)
  revision_id TEXT NOT NULL,
  definition TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  created INTEGER NOT NULL,
  PRIMARY KEY (machine_id, revision)
) WITHOUT ROWID;
CREATE TABLE executions (
  id INTEGER PRIMARY KEY,
  arn TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  state_machine_arn TEXT NOT NULL,
  state_machine_revision INTEGER NOT NULL,
  status TEXT NOT NULL,              -- RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED
  start INTEGER NOT NULL,
  stop INTEGER,
  error TEXT NOT NULL DEFAULT '',
  cause TEXT NOT NULL DEFAULT '',
  event_count INTEGER NOT NULL DEFAULT 0   -- id of the last committed event
);
CREATE INDEX executions_by_start ON executions (start, id);
CREATE INDEX executions_by_status ON executions (status, start, id);
CREATE INDEX executions_by_machine ON executions (state_machine_arn, start, id);
CREATE INDEX executions_by_name ON executions (name);
CREATE INDEX executions_by_stop ON executions (stop) WHERE stop IS NOT NULL;
CREATE TABLE execution_payloads (
  execution_id INTEGER PRIMARY KEY,
  input TEXT NOT NULL,
  output TEXT
);
CREATE TABLE checkpoints (
  execution_id INTEGER PRIMARY KEY,
  data BLOB NOT NULL
);
CREATE TABLE events (
  execution_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  previous_id INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  type TEXT NOT NULL,
  details_field TEXT NOT NULL,
  details TEXT NOT NULL,
  hash BLOB NOT NULL,                -- 32 bytes, see hash_chain.h
  PRIMARY KEY (execution_id, id)
) WITHOUT ROWID;
CREATE TABLE task_tokens (
  token TEXT PRIMARY KEY,
  execution_id INTEGER NOT NULL,
  state_name TEXT NOT NULL,
  activity_arn TEXT NOT NULL,
  created INTEGER NOT NULL
);
CREATE INDEX task_tokens_by_execution ON task_tokens (execution_id);
)sql";

// Version 2: claims, so several tern processes can share one database and resume what a dead
// process left (docs/storage.md, "Claims").
constexpr std::string_view kSchema2 = R"sql(
CREATE TABLE owners (
  id TEXT PRIMARY KEY,               -- "<pid>-<start_time>-<nonce>"
  pid INTEGER NOT NULL,
  start_time INTEGER NOT NULL,       -- /proc/<pid>/stat field 22
  host TEXT NOT NULL,
  lease_until INTEGER NOT NULL       -- ms since the epoch
);
ALTER TABLE executions ADD COLUMN owner TEXT;
CREATE INDEX executions_running ON executions (owner) WHERE status = 'RUNNING';
)sql";

// Version 3: the X-Amzn-Trace-Id an execution was started with (its recursion lineage), kept
// so that a resumed execution's tasks carry it on. Beside the input: written once.
constexpr std::string_view kSchema3 = R"sql(
ALTER TABLE execution_payloads ADD COLUMN trace_id TEXT NOT NULL DEFAULT '';
)sql";

// Version 5: answers to waiting tasks (SendTaskSuccess/Failure/Heartbeat) recorded by any
// process, beside the token, until the process running the execution delivers them.
constexpr std::string_view kSchema5 = R"sql(
ALTER TABLE task_tokens ADD COLUMN completed INTEGER;  -- ms; NULL until SendTaskSuccess/Failure
ALTER TABLE task_tokens ADD COLUMN success INTEGER NOT NULL DEFAULT 0;
ALTER TABLE task_tokens ADD COLUMN output TEXT NOT NULL DEFAULT '';
ALTER TABLE task_tokens ADD COLUMN error TEXT NOT NULL DEFAULT '';
ALTER TABLE task_tokens ADD COLUMN cause TEXT NOT NULL DEFAULT '';
ALTER TABLE task_tokens ADD COLUMN last_heartbeat INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 8: RedriveExecution. A FAILED/TIMED_OUT/ABORTED execution keeps its redrive point in
// `checkpoints` (only RUNNING executions are ever resumed, so the table can hold both).
constexpr std::string_view kSchema8 = R"sql(
ALTER TABLE executions ADD COLUMN redrive_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE executions ADD COLUMN redrive_date INTEGER;            -- ms; NULL: never redriven
ALTER TABLE executions ADD COLUMN redrive_token TEXT NOT NULL DEFAULT '';  -- last clientToken
)sql";

Result<int64_t, Status> ReadInt(Connection& c, std::string_view sql, std::string_view what) {
  auto stmt = c.Prepare(sql, what);
  if (!stmt) return Unexpected(stmt.error());
  auto row = stmt->Step(what);
  if (!row) return Unexpected(row.error());
  return *row ? stmt->Int(0) : 0;
}

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "executions, history events, checkpoints, state machines, task tokens", kSchema1},
      {2, "claims: owners and executions.owner", kSchema2},
      {3, "the trace header an execution started with", kSchema3},
      {4, "streams: shards, records, mapping checkpoints, failure records", kStreamSchemaSql},
      {5, "task token answers from any process", kSchema5},
      {6, "async invocations, dead letters, built-in queues", kAsyncSchemaSql},
      {7, "Lambda API settings: event invoke configs, recursion configs, mappings",
       kLambdaSettingsSchemaSql},
      {8, "RedriveExecution: redrive count, date and client token", kSchema8},
  };
  return kMigrations;
}

int CurrentSchemaVersion() { return Migrations().back().version; }

Status Migrate(Connection& c) {
  const std::string& path = c.context().path;
  auto version = ReadInt(c, "PRAGMA user_version", "read the schema version");
  if (!version) return version.error();
  const int current = CurrentSchemaVersion();
  if (*version > current) {
    return Status(StatusCode::kFailedPrecondition,
                  "database " + path + " was written by a newer tern (schema " +
                      std::to_string(*version) + "; this tern knows up to " +
                      std::to_string(current) + ")");
  }
  if (*version == current) return Status::Ok();

  WriteTransaction tx(c);
  if (Status s = tx.Begin("migrate the schema"); !s.ok()) return s;
  // Another process may have migrated between our read and our lock.
  version = ReadInt(c, "PRAGMA user_version", "read the schema version");
  if (!version) return version.error();
  if (*version == current) return Status::Ok();
  if (*version == 0) {
    auto tables = ReadInt(c, "SELECT count(*) FROM sqlite_schema", "read the schema");
    if (!tables) return tables.error();
    auto app = ReadInt(c, "PRAGMA application_id", "read the application id");
    if (!app) return app.error();
    if (*tables > 0 || (*app != 0 && *app != kApplicationId)) {
      return Status::IoError("database " + path + " is corrupt or not a tern database: it holds " +
                             std::to_string(*tables) + " tables but no tern schema version");
    }
  }
  for (const Migration& m : Migrations()) {
    if (m.version <= *version) continue;
    if (Status s = c.Exec(m.sql, "migrate to schema " + std::to_string(m.version)); !s.ok()) {
      return s;
    }
  }
  std::string stamp = "PRAGMA user_version=" + std::to_string(current) +
                      "; PRAGMA application_id=" + std::to_string(kApplicationId) + ";";
  if (Status s = c.Exec(stamp, "record the schema version"); !s.ok()) return s;
  return tx.Commit("migrate the schema");
}

}  // namespace tern::storage::sqlite
