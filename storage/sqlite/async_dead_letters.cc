// SqliteStore: the dead-letter list (`tern dlq`) and the built-in queues that destinations
// named arn:aws:sqs:... write to (docs/async.md).
#include "storage/sqlite/async_rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace tern::storage::sqlite {
namespace {

Status NoSuchDeadLetter(int64_t id) {
  return Status::NotFound("no dead letter " + std::to_string(id));
}

}  // namespace

Result<std::vector<DeadLetterRecord>, Status> SqliteStore::ListDeadLetters(size_t limit) {
  constexpr std::string_view kWhat = "list dead letters";
  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  auto stmt = (*reader)->Prepare(
      "SELECT " + std::string(kDeadLetterColumns) + " FROM dead_letters ORDER BY id LIMIT ?1",
      kWhat);
  if (!stmt) return Unexpected(stmt.error());
  stmt->Bind(1, limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit));
  std::vector<DeadLetterRecord> out;
  for (;;) {
    auto row = stmt->Step(kWhat);
    if (!row) return Unexpected(row.error());
    if (!*row) return out;
    out.push_back(ReadDeadLetter(*stmt));
  }
}

Result<DeadLetterRecord, Status> SqliteStore::GetDeadLetter(int64_t id) {
  constexpr std::string_view kWhat = "read a dead letter";
  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  auto stmt = (*reader)->Prepare(
      "SELECT " + std::string(kDeadLetterColumns) + " FROM dead_letters WHERE id = ?1", kWhat);
  if (!stmt) return Unexpected(stmt.error());
  stmt->Bind(1, id);
  auto row = stmt->Step(kWhat);
  if (!row) return Unexpected(row.error());
  if (!*row) return Unexpected(NoSuchDeadLetter(id));
  return ReadDeadLetter(*stmt);
}

Result<int64_t, Status> SqliteStore::RedriveDeadLetter(int64_t id, TimeMs now) {
  constexpr std::string_view kWhat = "redrive a dead letter";
  std::lock_guard lock(writer_->mutex());
  WriteTransaction tx(*writer_);
  if (Status s = tx.Begin(kWhat); !s.ok()) return Unexpected(s);
  DeadLetterRecord letter;
  {
    auto stmt = writer_->Prepare(
        "SELECT " + std::string(kDeadLetterColumns) + " FROM dead_letters WHERE id = ?1", kWhat);
    if (!stmt) return Unexpected(stmt.error());
    stmt->Bind(1, id);
    auto row = stmt->Step(kWhat);
    if (!row) return Unexpected(row.error());
    if (!*row) return Unexpected(NoSuchDeadLetter(id));
    letter = ReadDeadLetter(*stmt);
  }
  AsyncEventRecord event;
  event.request_id = letter.request_id;
  event.function_arn = letter.function_arn;
  event.payload = letter.payload;
  event.trace_id = letter.trace_id;
  event.accepted = now;
  event.next_attempt = now;
  auto event_id = InsertAsyncEvent(*writer_, event);
  if (!event_id) return Unexpected(event_id.error());
  auto remove = writer_->Prepare("DELETE FROM dead_letters WHERE id = ?1", kWhat);
  if (!remove) return Unexpected(remove.error());
  remove->Bind(1, id);
  if (Status s = remove->Run(kWhat); !s.ok()) return Unexpected(s);
  if (Status s = tx.Commit(kWhat); !s.ok()) return Unexpected(s);
  return *event_id;
}

Result<int64_t, Status> SqliteStore::AppendQueueMessage(QueueMessageRecord message) {
  std::lock_guard lock(writer_->mutex());
  return InsertQueueMessage(*writer_, message);  // one statement: its own transaction
}

Result<std::vector<QueueMessageRecord>, Status> SqliteStore::ListQueueMessages(
    const std::string& queue_arn, size_t limit) {
  constexpr std::string_view kWhat = "list queue messages";
  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  auto stmt = (*reader)->Prepare("SELECT " + std::string(kQueueMessageColumns) +
                                     " FROM queue_messages WHERE queue_arn = ?1 ORDER BY id "
                                     "LIMIT ?2",
                                 kWhat);
  if (!stmt) return Unexpected(stmt.error());
  stmt->Bind(1, queue_arn).Bind(2, limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit));
  std::vector<QueueMessageRecord> out;
  for (;;) {
    auto row = stmt->Step(kWhat);
    if (!row) return Unexpected(row.error());
    if (!*row) return out;
    out.push_back(ReadQueueMessage(*stmt));
  }
}

Result<int64_t, Status> SqliteStore::CountQueueMessages(const std::string& queue_arn) {
  constexpr std::string_view kWhat = "count queue messages";
  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  auto stmt = (*reader)->Prepare("SELECT count(*) FROM queue_messages WHERE queue_arn = ?1", kWhat);
  if (!stmt) return Unexpected(stmt.error());
  stmt->Bind(1, queue_arn);
  auto row = stmt->Step(kWhat);
  if (!row) return Unexpected(row.error());
  return *row ? stmt->Int(0) : 0;
}

}  // namespace tern::storage::sqlite
