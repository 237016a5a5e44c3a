// SqliteStore: the audit operations, export, purge and verify (docs/audit.md).
#include <sqlite3.h>

#include "storage/sqlite/hash_chain.h"
#include "storage/sqlite/rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace tern::storage::sqlite {

Status SqliteStore::Export(
    std::optional<TimeMs> since,
    const std::function<bool(const ExecutionRecord&, const EventRecord&)>& sink) {
  constexpr std::string_view kWhat = "export histories";
  auto reader = readers_->Acquire();
  if (!reader) return reader.error();
  Connection& c = **reader;
  ReadTransaction snapshot(c);  // one consistent view of every execution exported
  if (Status s = snapshot.Begin(kWhat); !s.ok()) return s;
  auto executions =
      c.Prepare("SELECT " + std::string(kExecutionColumns) +
                    ", e.id FROM executions e JOIN execution_payloads p ON p.execution_id = e.id "
                    "WHERE e.start >= ?1 ORDER BY e.start, e.id",
                kWhat);
  if (!executions) return executions.error();
  executions->Bind(1, since.value_or(std::numeric_limits<int64_t>::min()));
  for (;;) {
    auto row = executions->Step(kWhat);
    if (!row) return row.error();
    if (!*row) return Status::Ok();
    ExecutionRecord record = ReadExecution(*executions);
    auto events = c.Prepare(
        "SELECT " + std::string(kEventColumns) + " FROM events WHERE execution_id = ?1 ORDER BY id",
        kWhat);
    if (!events) return events.error();
    events->Bind(1, executions->Int(kExecutionColumnCount));
    for (;;) {
      auto event = events->Step(kWhat);
      if (!event) return event.error();
      if (!*event) break;
      if (!sink(record, ReadEvent(*events))) return Status::Ok();
    }
  }
}

Result<int64_t, Status> SqliteStore::Purge(TimeMs before) {
  constexpr std::string_view kWhat = "purge executions";
  std::lock_guard lock(writer_->mutex());
  WriteTransaction tx(*writer_);
  if (Status s = tx.Begin(kWhat); !s.ok()) return Unexpected(s);
  constexpr std::string_view kEnded =
      "SELECT id FROM executions WHERE status <> 'RUNNING' AND stop < ?1";
  for (std::string_view table : {"events", "checkpoints", "execution_payloads", "task_tokens"}) {
    std::string sql = "DELETE FROM " + std::string(table) + " WHERE execution_id IN (" +
                      std::string(kEnded) + ")";
    auto stmt = writer_->Prepare(sql, kWhat);
    if (!stmt) return Unexpected(stmt.error());
    stmt->Bind(1, before);
    if (Status s = stmt->Run(kWhat); !s.ok()) return Unexpected(s);
  }
  auto stmt =
      writer_->Prepare("DELETE FROM executions WHERE status <> 'RUNNING' AND stop < ?1", kWhat);
  if (!stmt) return Unexpected(stmt.error());
  stmt->Bind(1, before);
  if (Status s = stmt->Run(kWhat); !s.ok()) return Unexpected(s);
  int64_t purged = sqlite3_changes64(writer_->handle());
  if (Status s = tx.Commit(kWhat); !s.ok()) return Unexpected(s);
  return purged;
}

Result<VerifyReport, Status> SqliteStore::Verify(const std::string& execution_arn) {
  constexpr std::string_view kWhat = "verify a history";
  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  Connection& c = **reader;
  ReadTransaction snapshot(c);
  if (Status s = snapshot.Begin(kWhat); !s.ok()) return Unexpected(s);
  auto find = c.Prepare("SELECT id, event_count FROM executions WHERE arn = ?1", kWhat);
  if (!find) return Unexpected(find.error());
  find->Bind(1, execution_arn);
  auto found = find->Step(kWhat);
  if (!found) return Unexpected(found.error());
  if (!*found) {
    return Unexpected(Status::NotFound("Execution Does Not Exist: '" + execution_arn + "'"));
  }
  const int64_t id = find->Int(0);
  const int64_t event_count = find->Int(1);

  VerifyReport report;
  report.execution_arn = execution_arn;
  auto bad = [&](int64_t event, std::string problem) {
    report.ok = false;
    report.first_bad_event = event;
    report.problem = std::move(problem);
    return report;
  };
  auto events = c.Prepare(
      "SELECT " + std::string(kEventColumns) + " FROM events WHERE execution_id = ?1 ORDER BY id",
      kWhat);
  if (!events) return Unexpected(events.error());
  events->Bind(1, id);
  std::string seed = execution_arn;
  int64_t expected = 1;
  for (;;) {
    auto row = events->Step(kWhat);
    if (!row) return Unexpected(row.error());
    if (!*row) break;
    EventRecord e = ReadEvent(*events);
    if (e.id != expected) {
      return bad(expected, "event " + std::to_string(expected) + " is missing");
    }
    if (ChainHash(seed, e) != e.hash) {
      return bad(e.id, "event " + std::to_string(e.id) + " (" + e.type +
                           ") was altered: its hash does not match its content and the chain");
    }
    ++report.events_checked;
    seed = e.hash;
    ++expected;
  }
  int64_t last = expected - 1;
  if (last != event_count) {
    int64_t first = last < event_count ? last + 1 : event_count + 1;
    return bad(first, "the execution records " + std::to_string(event_count) +
                          " events but the history holds " + std::to_string(last) +
                          (last < event_count ? " (the last events are missing)"
                                              : " (events beyond the recorded count)"));
  }
  return report;
}

}  // namespace tern::storage::sqlite
