// Answers to tasks waiting on a token (SendTaskSuccess/Failure/Heartbeat), recorded by whichever
// process received them, read back by the process that runs the execution (schema 5).
#include <functional>

#include "storage/sqlite/claims.h"
#include "storage/sqlite/sqlite_store.h"

namespace tern::storage::sqlite {
namespace {

// Updates the token's row; NotFound when no task waits for it.
Status UpdateToken(Connection& c, std::string_view sql, std::string_view what,
                   const std::function<void(Statement&)>& bind, const std::string& token) {
  WriteTransaction tx(c);
  if (Status s = tx.Begin(what); !s.ok()) return s;
  auto exists = c.Prepare("SELECT completed FROM task_tokens WHERE token = ?1", what);
  if (!exists) return exists.error();
  exists->Bind(1, token);
  auto row = exists->Step(what);
  if (!row) return row.error();
  if (!*row) return Status::NotFound("Task Timed Out: '" + token + "'");
  if (!exists->IsNull(0)) {
    return Status(StatusCode::kFailedPrecondition,
                  "the task waiting for this token was already answered");
  }
  auto update = c.Prepare(sql, what);
  if (!update) return update.error();
  update->Bind(1, token);
  bind(*update);
  if (Status s = update->Run(what); !s.ok()) return s;
  return tx.Commit(what);
}

}  // namespace

Status SqliteStore::CompleteTaskToken(const std::string& token,
                                      const TaskTokenCompletion& completion) {
  std::lock_guard lock(writer_->mutex());
  return UpdateToken(
      *writer_,
      "UPDATE task_tokens SET completed = ?2, success = ?3, output = ?4, error = ?5, cause = ?6 "
      "WHERE token = ?1",
      "record a task token answer",
      [&](Statement& s) {
        s.Bind(2, completion.completed)
            .Bind(3, int64_t{completion.success ? 1 : 0})
            .Bind(4, completion.output)
            .Bind(5, completion.error)
            .Bind(6, completion.cause);
      },
      token);
}

Status SqliteStore::HeartbeatTaskToken(const std::string& token, TimeMs now) {
  std::lock_guard lock(writer_->mutex());
  return UpdateToken(
      *writer_, "UPDATE task_tokens SET last_heartbeat = ?2 WHERE token = ?1",
      "record a task heartbeat", [&](Statement& s) { s.Bind(2, now); }, token);
}

Result<std::vector<TaskTokenRecord>, Status> SqliteStore::TaskTokenUpdates(
    const std::vector<std::string>& tokens) {
  constexpr std::string_view kWhat = "read task token answers";
  std::vector<TaskTokenRecord> updates;
  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  for (const std::string& token : tokens) {
    // Prepared once per connection (cached); each use starts clean.
    auto stmt = (*reader)->Prepare(
        "SELECT t.token, e.arn, t.state_name, t.activity_arn, t.created, t.completed, t.success, "
        "t.output, t.error, t.cause, t.last_heartbeat FROM task_tokens t "
        "JOIN executions e ON e.id = t.execution_id "
        "WHERE t.token = ?1 AND (t.completed IS NOT NULL OR t.last_heartbeat > 0)",
        kWhat);
    if (!stmt) return Unexpected(stmt.error());
    stmt->Bind(1, token);
    auto row = stmt->Step(kWhat);
    if (!row) return Unexpected(row.error());
    if (!*row) continue;
    TaskTokenRecord r{stmt->Text(0), stmt->Text(1), stmt->Text(2), stmt->Text(3), stmt->Int(4),
                      std::nullopt, stmt->Int(10)};
    if (!stmt->IsNull(5)) {
      r.completion = TaskTokenCompletion{stmt->Int(6) != 0, stmt->Text(7), stmt->Text(8),
                                         stmt->Text(9), stmt->Int(5)};
    }
    updates.push_back(std::move(r));
  }
  return updates;
}

Result<std::optional<ClaimedExecution>, Status> SqliteStore::ClaimExecution(
    const std::string& arn) {
  if (auto exists = GetExecution(arn); !exists) return Unexpected(exists.error());
  std::lock_guard lock(writer_->mutex());
  auto claimed = sqlite::ClaimUnfinished(*writer_, owner_, NowMs(), arn);
  if (!claimed) return Unexpected(claimed.error());
  if (claimed->empty()) return std::optional<ClaimedExecution>();
  return std::optional<ClaimedExecution>(std::move(claimed->front()));
}

}  // namespace tern::storage::sqlite
