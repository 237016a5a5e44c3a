#include "storage/sqlite/transition_apply.h"

#include <sqlite3.h>

#include "storage/names.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/hash_chain.h"

namespace tern::storage::sqlite {
namespace {

Status CreateExecution(Connection& c, const std::string& owner_id, const ExecutionRecord& r,
                       const std::string& arn) {
  if (r.arn != arn) {
    return Status::InvalidArgument("transition for " + arn + " creates a different execution " +
                                   r.arn);
  }
  if (Status s = ValidateName(r.name); !s.ok()) return s;
  if (Status s = ValidateArn(r.arn, "execution", r.name); !s.ok()) return s;
  {
    auto exists = c.Prepare("SELECT 1 FROM executions WHERE arn = ?1", "look up an execution");
    if (!exists) return exists.error();
    exists->Bind(1, r.arn);
    auto row = exists->Step("look up an execution");
    if (!row) return row.error();
    if (*row) return Status::AlreadyExists("Execution Already Exists: '" + r.arn + "'");
  }
  int64_t revision = r.state_machine_revision;
  {
    auto machine = c.Prepare(
        "SELECT m.revision, r.revision FROM state_machines m LEFT JOIN state_machine_revisions r "
        "ON r.machine_id = m.id AND r.revision = ?2 WHERE m.arn = ?1",
        "look up a state machine");
    if (!machine) return machine.error();
    machine->Bind(1, r.state_machine_arn).Bind(2, revision);
    auto row = machine->Step("look up a state machine");
    if (!row) return row.error();
    if (!*row) {
      return Status::NotFound("State Machine Does Not Exist: '" + r.state_machine_arn + "'");
    }
    if (revision == 0) {
      revision = machine->Int(0);
    } else if (machine->IsNull(1)) {
      return Status::NotFound("state machine " + r.state_machine_arn + " has no revision " +
                              std::to_string(revision));
    }
  }
  auto insert = c.Prepare(
      "INSERT INTO executions (arn, name, state_machine_arn, state_machine_revision, status, "
      "start, event_count, owner) VALUES (?1, ?2, ?3, ?4, 'RUNNING', ?5, 0, ?6)",
      "create an execution");
  if (!insert) return insert.error();
  insert->Bind(1, r.arn).Bind(2, r.name).Bind(3, r.state_machine_arn).Bind(4, revision);
  insert->Bind(5, r.start).Bind(6, owner_id);
  if (Status s = insert->Run("create an execution"); !s.ok()) return s;
  int64_t id = sqlite3_last_insert_rowid(c.handle());
  auto payload = c.Prepare(
      "INSERT INTO execution_payloads (execution_id, input, trace_id) VALUES (?1, ?2, ?3)",
      "store an execution's input");
  if (!payload) return payload.error();
  payload->Bind(1, id).Bind(2, r.input).Bind(3, r.trace_id);
  return payload->Run("store an execution's input");
}

struct ExecutionState {
  int64_t id = 0;
  int64_t event_count = 0;
};

Result<ExecutionState, Status> LoadForWrite(Connection& c, const std::string& owner_id,
                                            const std::string& arn) {
  auto stmt = c.Prepare("SELECT id, status, event_count, owner FROM executions WHERE arn = ?1",
                        "look up an execution");
  if (!stmt) return Unexpected(stmt.error());
  stmt->Bind(1, arn);
  auto row = stmt->Step("look up an execution");
  if (!row) return Unexpected(row.error());
  if (!*row) return Unexpected(Status::NotFound("Execution Does Not Exist: '" + arn + "'"));
  std::string status = stmt->Text(1);
  if (status != "RUNNING") {
    return Unexpected(Status(StatusCode::kFailedPrecondition,
                             "execution " + arn + " has already ended (" + status + ")"));
  }
  std::optional<std::string> owner = stmt->OptionalText(3);
  if (owner && *owner != owner_id) {
    return Unexpected(Status(StatusCode::kFailedPrecondition,
                             "execution " + arn + " is claimed by another tern process (" + *owner +
                                 "); not writing to it"));
  }
  return ExecutionState{stmt->Int(0), stmt->Int(2)};
}

Result<std::string, Status> LastHash(Connection& c, const std::string& arn,
                                     const ExecutionState& state) {
  if (state.event_count == 0) return arn;
  auto stmt = c.Prepare("SELECT hash FROM events WHERE execution_id = ?1 AND id = ?2",
                        "read the last event's hash");
  if (!stmt) return Unexpected(stmt.error());
  stmt->Bind(1, state.id).Bind(2, state.event_count);
  auto row = stmt->Step("read the last event's hash");
  if (!row) return Unexpected(row.error());
  if (!*row) {
    return Unexpected(Status::Internal("execution " + arn + ": event " +
                                       std::to_string(state.event_count) +
                                       " is missing from the database (run tern verify)"));
  }
  return BytesToHex(stmt->Blob(0));
}

Status InsertEvents(Connection& c, const std::string& arn, const ExecutionState& state,
                    std::vector<EventRecord>& events) {
  for (size_t i = 0; i < events.size(); ++i) {
    int64_t expected = state.event_count + 1 + static_cast<int64_t>(i);
    if (events[i].id != expected) {
      return Status::Internal("execution " + arn + ": event id " + std::to_string(events[i].id) +
                              " does not continue its history (" +
                              (events[i].id < expected ? "a duplicate" : "a gap") + "; expected " +
                              std::to_string(expected) + "); nothing written");
    }
  }
  if (events.empty()) return Status::Ok();
  auto seed = LastHash(c, arn, state);
  if (!seed) return seed.error();
  std::string previous = std::move(seed).value();
  auto insert = c.Prepare(
      "INSERT INTO events (execution_id, id, previous_id, timestamp, type, details_field, "
      "details, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      "append history events");
  if (!insert) return insert.error();
  for (EventRecord& e : events) {
    const ChainDigest digest = ChainHashBytes(previous, e);
    const std::string_view raw(reinterpret_cast<const char*>(digest.data()), digest.size());
    e.hash = BytesToHex(raw);
    insert->Bind(1, state.id).Bind(2, e.id).Bind(3, e.previous_id).Bind(4, e.timestamp);
    insert->Bind(5, e.type).Bind(6, e.details_field).Bind(7, e.details);
    insert->BindBlob(8, raw);
    if (Status s = insert->Run("append history events"); !s.ok()) return s;
    previous = e.hash;
  }
  return Status::Ok();
}

Status ApplyEnd(Connection& c, const std::string& arn, int64_t id, const ExecutionEnd& end,
                const std::optional<std::string>& redrive_point) {
  if (end.status == ExecutionStatus::kRunning) {
    return Status::InvalidArgument("execution " + arn + ": an end must not be RUNNING");
  }
  auto update = c.Prepare(
      "UPDATE executions SET status = ?2, stop = ?3, error = ?4, cause = ?5, owner = NULL "
      "WHERE id = ?1",
      "end an execution");
  if (!update) return update.error();
  update->Bind(1, id).Bind(2, ExecutionStatusName(end.status)).Bind(3, end.stop);
  update->Bind(4, end.error).Bind(5, end.cause);
  if (Status s = update->Run("end an execution"); !s.ok()) return s;
  auto output = c.Prepare("UPDATE execution_payloads SET output = ?2 WHERE execution_id = ?1",
                          "store an execution's output");
  if (!output) return output.error();
  output->Bind(1, id).Bind(2, end.output);
  if (Status s = output->Run("store an execution's output"); !s.ok()) return s;
  // A redrive point (RedriveExecution, redrive.cc) takes the place of the last checkpoint.
  auto checkpoint = c.Prepare(redrive_point
                                  ? "INSERT INTO checkpoints (execution_id, data) VALUES (?1, ?2) "
                                    "ON CONFLICT (execution_id) DO UPDATE SET data = excluded.data"
                                  : "DELETE FROM checkpoints WHERE execution_id = ?1",
                              "replace an ended execution's checkpoint");
  if (!checkpoint) return checkpoint.error();
  checkpoint->Bind(1, id);
  if (redrive_point) checkpoint->BindBlob(2, *redrive_point);
  if (Status s = checkpoint->Run("replace an ended execution's checkpoint"); !s.ok()) return s;
  auto tokens = c.Prepare("DELETE FROM task_tokens WHERE execution_id = ?1",
                          "drop an ended execution's task tokens");
  if (!tokens) return tokens.error();
  tokens->Bind(1, id);
  if (Status s = tokens->Run("drop an ended execution's task tokens"); !s.ok()) return s;
  return Status::Ok();
}

Status ApplyTokens(Connection& c, int64_t id, const Transition& t) {
  for (const TaskTokenRecord& token : t.tokens_added) {
    auto insert = c.Prepare(
        "INSERT INTO task_tokens (token, execution_id, state_name, activity_arn, created) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (token) DO NOTHING",
        "store a task token");
    if (!insert) return insert.error();
    insert->Bind(1, token.token).Bind(2, id).Bind(3, token.state_name);
    insert->Bind(4, token.activity_arn).Bind(5, token.created);
    if (Status s = insert->Run("store a task token"); !s.ok()) return s;
    if (sqlite3_changes(c.handle()) == 0) {
      // Already stored for this execution: a resumed runner lists the tokens it restored from
      // the checkpoint as new. Refused only when another execution holds it.
      auto owner = c.Prepare("SELECT execution_id FROM task_tokens WHERE token = ?1",
                             "look a task token up");
      if (!owner) return owner.error();
      owner->Bind(1, token.token);
      auto row = owner->Step("look a task token up");
      if (!row) return row.error();
      if (!*row || owner->Int(0) != id) {
        return Status::AlreadyExists("task token already exists: " + token.token);
      }
    }
  }
  for (const std::string& token : t.tokens_removed) {
    auto remove = c.Prepare("DELETE FROM task_tokens WHERE token = ?1", "remove a task token");
    if (!remove) return remove.error();
    remove->Bind(1, token);
    if (Status s = remove->Run("remove a task token"); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

bool IsBatchFatal(const Status& s) {
  return s.code() == StatusCode::kIoError || s.code() == StatusCode::kResourceExhausted;
}

Status ApplyTransition(Connection& c, const std::string& owner_id, Transition& t) {
  if (t.create) {
    if (Status s = CreateExecution(c, owner_id, *t.create, t.execution_arn); !s.ok()) return s;
  }
  auto state = LoadForWrite(c, owner_id, t.execution_arn);
  if (!state) return state.error();
  if (Status s = InsertEvents(c, t.execution_arn, *state, t.events); !s.ok()) return s;

  int64_t event_count = state->event_count + static_cast<int64_t>(t.events.size());
  auto update = c.Prepare("UPDATE executions SET event_count = ?2, owner = ?3 WHERE id = ?1",
                          "advance an execution");
  if (!update) return update.error();
  update->Bind(1, state->id).Bind(2, event_count).Bind(3, owner_id);
  if (Status s = update->Run("advance an execution"); !s.ok()) return s;

  if (t.checkpoint && !t.end) {
    auto put = c.Prepare(
        "INSERT INTO checkpoints (execution_id, data) VALUES (?1, ?2) "
        "ON CONFLICT (execution_id) DO UPDATE SET data = excluded.data",
        "store a checkpoint");
    if (!put) return put.error();
    put->Bind(1, state->id).BindBlob(2, *t.checkpoint);
    if (Status s = put->Run("store a checkpoint"); !s.ok()) return s;
  }
  if (Status s = ApplyTokens(c, state->id, t); !s.ok()) return s;
  if (t.end) return ApplyEnd(c, t.execution_arn, state->id, *t.end, t.redrive_point);
  return Status::Ok();
}

}  // namespace tern::storage::sqlite
