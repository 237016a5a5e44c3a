// SqliteStore: the async invocation queue (docs/async.md). Enqueues go through the
// AsyncEventWriter (group commit); leases, reschedules and completions are small transactions
// on the write connection.
#include <sqlite3.h>

#include "storage/sqlite/async_event_writer.h"
#include "storage/sqlite/async_rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace tern::storage::sqlite {
namespace {

// Parameter ?3: a JSON array of function ARNs, or null for any function.
constexpr std::string_view kFunctionFilter =
    "(?3 IS NULL OR function_arn IN (SELECT value FROM json_each(?3)))";

std::optional<std::string> ArnList(const std::vector<std::string>& arns) {
  if (arns.empty()) return std::nullopt;
  std::string out = "[";
  for (const std::string& arn : arns) {
    if (out.size() > 1) out += ",";
    out += '"';
    for (char c : arn) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "]";
}

}  // namespace

AsyncEventWriter& SqliteStore::async_writer() {
  std::call_once(async_writer_once_, [this] {
    async_writer_ = std::make_unique<AsyncEventWriter>(*writer_, options_.max_batch,
                                                       options_.max_batch_delay_ms);
  });
  return *async_writer_;
}

void SqliteStore::EnqueueAsyncEvent(AsyncEventRecord event,
                                    std::function<void(Result<int64_t, Status>)> done) {
  async_writer().Submit(std::move(event), std::move(done));
}

Result<std::vector<AsyncEventRecord>, Status> SqliteStore::LeaseDueAsyncEvents(
    TimeMs now, size_t limit, TimeMs lease_until, const std::vector<std::string>& function_arns) {
  constexpr std::string_view kWhat = "lease async events";
  std::vector<AsyncEventRecord> leased;
  if (limit == 0) return leased;
  std::lock_guard lock(writer_->mutex());
  WriteTransaction tx(*writer_);
  if (Status s = tx.Begin(kWhat); !s.ok()) return Unexpected(s);
  {
    auto select = writer_->Prepare(
        "SELECT " + std::string(kAsyncEventColumns) +
            " FROM async_events WHERE next_attempt <= ?1 AND lease_until <= ?1 AND " +
            std::string(kFunctionFilter) + " ORDER BY next_attempt, id LIMIT ?2",
        kWhat);
    if (!select) return Unexpected(select.error());
    select->Bind(1, now).Bind(2, static_cast<int64_t>(limit)).Bind(3, ArnList(function_arns));
    for (;;) {
      auto row = select->Step(kWhat);
      if (!row) return Unexpected(row.error());
      if (!*row) break;
      leased.push_back(ReadAsyncEvent(*select));
    }
  }
  auto update = writer_->Prepare("UPDATE async_events SET lease_until = ?2 WHERE id = ?1", kWhat);
  if (!update) return Unexpected(update.error());
  for (const AsyncEventRecord& e : leased) {
    update->Bind(1, e.id).Bind(2, lease_until);
    if (Status s = update->Run(kWhat); !s.ok()) return Unexpected(s);
  }
  if (Status s = tx.Commit(kWhat); !s.ok()) return Unexpected(s);
  return leased;
}

Status SqliteStore::RenewAsyncEventLeases(const std::vector<int64_t>& ids, TimeMs lease_until) {
  constexpr std::string_view kWhat = "renew async event leases";
  if (ids.empty()) return Status::Ok();
  std::lock_guard lock(writer_->mutex());
  WriteTransaction tx(*writer_);
  if (Status s = tx.Begin(kWhat); !s.ok()) return s;
  auto update = writer_->Prepare("UPDATE async_events SET lease_until = ?2 WHERE id = ?1", kWhat);
  if (!update) return update.error();
  for (int64_t id : ids) {
    update->Bind(1, id).Bind(2, lease_until);
    if (Status s = update->Run(kWhat); !s.ok()) return s;
  }
  return tx.Commit(kWhat);
}

Status SqliteStore::RescheduleAsyncEvent(const AsyncEventRecord& e) {
  constexpr std::string_view kWhat = "reschedule an async event";
  std::lock_guard lock(writer_->mutex());
  auto update = writer_->Prepare(
      "UPDATE async_events SET attempts = ?2, throttles = ?3, next_attempt = ?4, "
      "last_response = ?5, lease_until = 0 WHERE id = ?1",
      kWhat);
  if (!update) return update.error();
  update->Bind(1, e.id).Bind(2, static_cast<int64_t>(e.attempts));
  update->Bind(3, static_cast<int64_t>(e.throttles)).Bind(4, e.next_attempt);
  update->Bind(5, e.last_response);
  if (Status s = update->Run(kWhat); !s.ok()) return s;
  if (sqlite3_changes(writer_->handle()) == 0) {
    return Status::NotFound("async event " + std::to_string(e.id) + " is no longer queued");
  }
  return Status::Ok();
}

Status SqliteStore::CompleteAsyncEvent(const AsyncCompletion& c) {
  constexpr std::string_view kWhat = "complete an async event";
  std::lock_guard lock(writer_->mutex());
  WriteTransaction tx(*writer_);
  if (Status s = tx.Begin(kWhat); !s.ok()) return s;
  auto remove = writer_->Prepare("DELETE FROM async_events WHERE id = ?1", kWhat);
  if (!remove) return remove.error();
  remove->Bind(1, c.event_id);
  if (Status s = remove->Run(kWhat); !s.ok()) return s;
  if (sqlite3_changes(writer_->handle()) == 0) {
    // Someone else finished it (its lease had expired): its follow-ups are written already.
    return Status::NotFound("async event " + std::to_string(c.event_id) + " is no longer queued");
  }
  for (const AsyncEventRecord& e : c.enqueue) {
    if (auto id = InsertAsyncEvent(*writer_, e); !id) return id.error();
  }
  for (const QueueMessageRecord& m : c.messages) {
    if (auto id = InsertQueueMessage(*writer_, m); !id) return id.error();
  }
  if (c.dead_letter) {
    if (auto id = InsertDeadLetter(*writer_, *c.dead_letter); !id) return id.error();
  }
  return tx.Commit(kWhat);
}

Result<int64_t, Status> SqliteStore::CountAsyncEvents() {
  constexpr std::string_view kWhat = "count async events";
  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  auto stmt = (*reader)->Prepare("SELECT count(*) FROM async_events", kWhat);
  if (!stmt) return Unexpected(stmt.error());
  auto row = stmt->Step(kWhat);
  if (!row) return Unexpected(row.error());
  return *row ? stmt->Int(0) : 0;
}

Result<std::vector<AsyncQueueDepth>, Status> SqliteStore::AsyncQueueDepths() {
  constexpr std::string_view kWhat = "count async events per function";
  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  auto stmt = (*reader)->Prepare(
      "SELECT function_arn, count(*), min(accepted) FROM async_events GROUP BY function_arn "
      "ORDER BY function_arn",
      kWhat);
  if (!stmt) return Unexpected(stmt.error());
  std::vector<AsyncQueueDepth> out;
  for (;;) {
    auto row = stmt->Step(kWhat);
    if (!row) return Unexpected(row.error());
    if (!*row) break;
    out.push_back(AsyncQueueDepth{stmt->Text(0), stmt->Int(1), stmt->Int(2)});
  }
  return out;
}

Result<std::optional<TimeMs>, Status> SqliteStore::NextAsyncEventDue(
    const std::vector<std::string>& function_arns) {
  constexpr std::string_view kWhat = "read when the next async event is due";
  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  auto stmt =
      (*reader)->Prepare("SELECT min(max(next_attempt, lease_until)) FROM async_events WHERE " +
                             std::string(kFunctionFilter),
                         kWhat);
  if (!stmt) return Unexpected(stmt.error());
  stmt->Bind(3, ArnList(function_arns));
  auto row = stmt->Step(kWhat);
  if (!row) return Unexpected(row.error());
  if (!*row || stmt->IsNull(0)) return std::optional<TimeMs>();
  return std::optional<TimeMs>(stmt->Int(0));
}

}  // namespace tern::storage::sqlite
