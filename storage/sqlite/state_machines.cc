// SqliteStore: state machines and their revisions. Every update adds a revision row; rows are
// kept so that an execution resumes with the definition it started with.
#include <cstdio>
#include <random>

#include <sqlite3.h>

#include "storage/names.h"
#include "storage/sqlite/claims.h"
#include "storage/sqlite/rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace tern::storage::sqlite {
namespace {

std::string NewRevisionId() {
  std::random_device random;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%08x%04x", random(), random() & 0xffff,
                random() & 0xfff, (random() & 0x3fff) | 0x8000, random(), random() & 0xffff);
  return buf;
}

std::string MachineSelect(std::string_view where) {
  return "SELECT " + std::string(kStateMachineColumns) +
         " FROM state_machines m JOIN state_machine_revisions r ON r.machine_id = m.id " +
         std::string(where);
}

Result<std::optional<StateMachineRecord>, Status> FindMachine(Connection& c, const std::string& arn,
                                                              int64_t revision) {
  constexpr std::string_view kWhat = "read a state machine";
  auto stmt = c.Prepare(
      MachineSelect("WHERE m.arn = ?1 AND r.revision = CASE ?2 WHEN 0 THEN m.revision ELSE ?2 END"),
      kWhat);
  if (!stmt) return Unexpected(stmt.error());
  stmt->Bind(1, arn).Bind(2, revision);
  auto row = stmt->Step(kWhat);
  if (!row) return Unexpected(row.error());
  if (!*row) return std::optional<StateMachineRecord>();
  return std::optional<StateMachineRecord>(ReadStateMachine(*stmt));
}

Status InsertRevision(Connection& c, int64_t machine_id, const StateMachineRecord& r) {
  auto stmt = c.Prepare(
      "INSERT INTO state_machine_revisions (machine_id, revision, revision_id, definition, "
      "role_arn, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      "store a state machine revision");
  if (!stmt) return stmt.error();
  stmt->Bind(1, machine_id).Bind(2, r.revision).Bind(3, r.revision_id).Bind(4, r.definition);
  stmt->Bind(5, r.role_arn).Bind(6, r.updated);
  return stmt->Run("store a state machine revision");
}

Status NoSuchMachine(const std::string& arn) {
  return Status::NotFound("State Machine Does Not Exist: '" + arn + "'");
}

}  // namespace

Result<StateMachineRecord, Status> SqliteStore::CreateStateMachine(StateMachineRecord record) {
  if (Status s = ValidateName(record.name); !s.ok()) return Unexpected(s);
  if (Status s = ValidateArn(record.arn, "stateMachine", record.name); !s.ok()) {
    return Unexpected(s);
  }
  if (record.type != "STANDARD" && record.type != "EXPRESS") {
    return Unexpected(
        Status::InvalidArgument("state machine type must be STANDARD or EXPRESS, "
                                "not '" +
                                record.type + "'"));
  }
  std::lock_guard lock(writer_->mutex());
  WriteTransaction tx(*writer_);
  if (Status s = tx.Begin("create a state machine"); !s.ok()) return Unexpected(s);
  auto existing = FindMachine(*writer_, record.arn, 0);
  if (!existing) return Unexpected(existing.error());
  if (*existing) {
    const StateMachineRecord& e = **existing;
    // AWS: creating the same machine again returns it; a different one under the name fails.
    if (e.definition == record.definition && e.type == record.type &&
        e.role_arn == record.role_arn) {
      return e;
    }
    return Unexpected(Status::AlreadyExists("State Machine Already Exists: '" + record.arn + "'"));
  }
  if (record.created == 0) record.created = NowMs();
  record.updated = record.created;
  record.revision = 1;
  record.revision_id = NewRevisionId();
  auto insert = writer_->Prepare(
      "INSERT INTO state_machines (arn, name, type, revision, created) VALUES (?1, ?2, ?3, 1, ?4)",
      "create a state machine");
  if (!insert) return Unexpected(insert.error());
  insert->Bind(1, record.arn).Bind(2, record.name).Bind(3, record.type).Bind(4, record.created);
  if (Status s = insert->Run("create a state machine"); !s.ok()) return Unexpected(s);
  int64_t id = sqlite3_last_insert_rowid(writer_->handle());
  if (Status s = InsertRevision(*writer_, id, record); !s.ok()) return Unexpected(s);
  if (Status s = tx.Commit("create a state machine"); !s.ok()) return Unexpected(s);
  return record;
}

Result<StateMachineRecord, Status> SqliteStore::UpdateStateMachine(StateMachineRecord record) {
  std::lock_guard lock(writer_->mutex());
  WriteTransaction tx(*writer_);
  if (Status s = tx.Begin("update a state machine"); !s.ok()) return Unexpected(s);
  auto existing = FindMachine(*writer_, record.arn, 0);
  if (!existing) return Unexpected(existing.error());
  if (!*existing) return Unexpected(NoSuchMachine(record.arn));
  StateMachineRecord next = **existing;
  if (!record.definition.empty()) next.definition = record.definition;
  if (!record.role_arn.empty()) next.role_arn = record.role_arn;
  next.revision += 1;
  next.revision_id = NewRevisionId();
  next.updated = record.updated != 0 ? record.updated : NowMs();
  auto id =
      writer_->Prepare("SELECT id FROM state_machines WHERE arn = ?1", "update a state machine");
  if (!id) return Unexpected(id.error());
  id->Bind(1, record.arn);
  auto row = id->Step("update a state machine");
  if (!row) return Unexpected(row.error());
  int64_t machine_id = id->Int(0);
  if (Status s = InsertRevision(*writer_, machine_id, next); !s.ok()) return Unexpected(s);
  auto bump = writer_->Prepare("UPDATE state_machines SET revision = ?2 WHERE id = ?1",
                               "update a state machine");
  if (!bump) return Unexpected(bump.error());
  bump->Bind(1, machine_id).Bind(2, next.revision);
  if (Status s = bump->Run("update a state machine"); !s.ok()) return Unexpected(s);
  if (Status s = tx.Commit("update a state machine"); !s.ok()) return Unexpected(s);
  return next;
}

Result<StateMachineRecord, Status> SqliteStore::GetStateMachine(const std::string& arn,
                                                                int64_t revision) {
  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  auto found = FindMachine(**reader, arn, revision);
  if (!found) return Unexpected(found.error());
  if (!*found) {
    if (revision == 0) return Unexpected(NoSuchMachine(arn));
    return Unexpected(
        Status::NotFound("state machine " + arn + " has no revision " + std::to_string(revision)));
  }
  return std::move(**found);
}

Result<std::vector<StateMachineRecord>, Status> SqliteStore::ListStateMachines() {
  constexpr std::string_view kWhat = "list state machines";
  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  auto stmt =
      (*reader)->Prepare(MachineSelect("WHERE r.revision = m.revision ORDER BY m.name"), kWhat);
  if (!stmt) return Unexpected(stmt.error());
  std::vector<StateMachineRecord> out;
  for (;;) {
    auto row = stmt->Step(kWhat);
    if (!row) return Unexpected(row.error());
    if (!*row) break;
    out.push_back(ReadStateMachine(*stmt));
  }
  return out;
}

Status SqliteStore::DeleteStateMachine(const std::string& arn) {
  constexpr std::string_view kWhat = "delete a state machine";
  std::lock_guard lock(writer_->mutex());
  WriteTransaction tx(*writer_);
  if (Status s = tx.Begin(kWhat); !s.ok()) return s;
  auto running = writer_->Prepare(
      "SELECT count(*) FROM executions WHERE state_machine_arn = ?1 AND status = 'RUNNING'", kWhat);
  if (!running) return running.error();
  running->Bind(1, arn);
  auto row = running->Step(kWhat);
  if (!row) return row.error();
  if (int64_t n = running->Int(0); n > 0) {
    // Their resume needs the revision they started with.
    return Status(StatusCode::kFailedPrecondition,
                  "state machine " + arn + " has " + std::to_string(n) +
                      " running executions; it can be deleted once they have ended");
  }
  for (std::string_view sql : {"DELETE FROM state_machine_revisions WHERE machine_id IN "
                               "(SELECT id FROM state_machines WHERE arn = ?1)",
                               "DELETE FROM state_machines WHERE arn = ?1"}) {
    auto stmt = writer_->Prepare(sql, kWhat);
    if (!stmt) return stmt.error();
    stmt->Bind(1, arn);
    if (Status s = stmt->Run(kWhat); !s.ok()) return s;
  }
  return tx.Commit(kWhat);
}

}  // namespace tern::storage::sqlite
