#include "storage/sqlite/async_rows.h"

#include <sqlite3.h>

#include "storage/sqlite/connection.h"

namespace tern::storage::sqlite {

AsyncEventRecord ReadAsyncEvent(const Statement& row) {
  AsyncEventRecord e;
  e.id = row.Int(0);
  e.request_id = row.Text(1);
  e.function_arn = row.Text(2);
  e.payload = row.Text(3);
  e.trace_id = row.Text(4);
  e.accepted = row.Int(5);
  e.attempts = static_cast<int>(row.Int(6));
  e.throttles = static_cast<int>(row.Int(7));
  e.next_attempt = row.Int(8);
  e.stop_condition = row.Text(9);
  e.last_response = row.Text(10);
  return e;
}

DeadLetterRecord ReadDeadLetter(const Statement& row) {
  DeadLetterRecord d;
  d.id = row.Int(0);
  d.request_id = row.Text(1);
  d.function_arn = row.Text(2);
  d.payload = row.Text(3);
  d.trace_id = row.Text(4);
  d.condition = row.Text(5);
  d.reason = row.Text(6);
  d.record = row.Text(7);
  d.attempts = static_cast<int>(row.Int(8));
  d.accepted = row.Int(9);
  d.failed = row.Int(10);
  return d;
}

QueueMessageRecord ReadQueueMessage(const Statement& row) {
  QueueMessageRecord m;
  m.id = row.Int(0);
  m.queue_arn = row.Text(1);
  m.body = row.Text(2);
  m.trace_id = row.Text(3);
  m.sent = row.Int(4);
  return m;
}

Result<int64_t, Status> InsertAsyncEvent(Connection& c, const AsyncEventRecord& e) {
  constexpr std::string_view kWhat = "store an async event";
  auto stmt = c.Prepare(
      "INSERT INTO async_events (request_id, function_arn, payload, trace_id, accepted, "
      "attempts, throttles, next_attempt, lease_until, stop_condition, last_response) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9, ?10)",
      kWhat);
  if (!stmt) return Unexpected(stmt.error());
  stmt->Bind(1, e.request_id).Bind(2, e.function_arn).Bind(3, e.payload).Bind(4, e.trace_id);
  stmt->Bind(5, e.accepted).Bind(6, static_cast<int64_t>(e.attempts));
  stmt->Bind(7, static_cast<int64_t>(e.throttles)).Bind(8, e.next_attempt);
  stmt->Bind(9, e.stop_condition).Bind(10, e.last_response);
  if (Status s = stmt->Run(kWhat); !s.ok()) return Unexpected(s);
  return static_cast<int64_t>(sqlite3_last_insert_rowid(c.handle()));
}

Result<int64_t, Status> InsertDeadLetter(Connection& c, const DeadLetterRecord& d) {
  constexpr std::string_view kWhat = "store a dead letter";
  auto stmt = c.Prepare(
      "INSERT INTO dead_letters (request_id, function_arn, payload, trace_id, condition, reason, "
      "record, attempts, accepted, failed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
      kWhat);
  if (!stmt) return Unexpected(stmt.error());
  stmt->Bind(1, d.request_id).Bind(2, d.function_arn).Bind(3, d.payload).Bind(4, d.trace_id);
  stmt->Bind(5, d.condition).Bind(6, d.reason).Bind(7, d.record);
  stmt->Bind(8, static_cast<int64_t>(d.attempts)).Bind(9, d.accepted).Bind(10, d.failed);
  if (Status s = stmt->Run(kWhat); !s.ok()) return Unexpected(s);
  return static_cast<int64_t>(sqlite3_last_insert_rowid(c.handle()));
}

Result<int64_t, Status> InsertQueueMessage(Connection& c, const QueueMessageRecord& m) {
  constexpr std::string_view kWhat = "append a queue message";
  auto stmt = c.Prepare(
      "INSERT INTO queue_messages (queue_arn, body, trace_id, sent) VALUES (?1, ?2, ?3, ?4)",
      kWhat);
  if (!stmt) return Unexpected(stmt.error());
  stmt->Bind(1, m.queue_arn).Bind(2, m.body).Bind(3, m.trace_id).Bind(4, m.sent);
  if (Status s = stmt->Run(kWhat); !s.ok()) return Unexpected(s);
  return static_cast<int64_t>(sqlite3_last_insert_rowid(c.handle()));
}

}  // namespace tern::storage::sqlite
