// SqliteStore::RedriveExecution: an ended execution becomes RUNNING again, in one write
// transaction with its ExecutionRedriven event (so a crash leaves it either not redriven, or
// redriven and resumable from its redrive point like any running execution).
#include "storage/sqlite/claims.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/transition_apply.h"

namespace tern::storage::sqlite {

Result<std::optional<ClaimedExecution>, Status> SqliteStore::RedriveExecution(
    const RedriveRequest& request) {
  constexpr std::string_view kWhat = "redrive an execution";
  const std::string& arn = request.execution_arn;
  std::lock_guard lock(writer_->mutex());
  Connection& c = *writer_;
  WriteTransaction tx(c);
  if (Status s = tx.Begin(kWhat); !s.ok()) return Unexpected(s);

  int64_t id = 0, event_count = 0;
  std::string status, last_token;
  bool has_point = false;
  {
    auto find = c.Prepare(
        "SELECT e.id, e.status, e.event_count, e.redrive_token, k.execution_id IS NOT NULL "
        "FROM executions e LEFT JOIN checkpoints k ON k.execution_id = e.id WHERE e.arn = ?1",
        kWhat);
    if (!find) return Unexpected(find.error());
    find->Bind(1, arn);
    auto row = find->Step(kWhat);
    if (!row) return Unexpected(row.error());
    if (!*row) return Unexpected(Status::NotFound("Execution Does Not Exist: '" + arn + "'"));
    id = find->Int(0);
    status = find->Text(1);
    event_count = find->Int(2);
    last_token = find->Text(3);
    has_point = find->Int(4) != 0;
  }

  if (!request.client_token.empty() && request.client_token == last_token) {
    return std::optional<ClaimedExecution>();  // this redrive already happened
  }
  if (status != "FAILED" && status != "TIMED_OUT" && status != "ABORTED") {
    return Unexpected(Status(StatusCode::kFailedPrecondition,
                             "Execution is " + status + " and cannot be redriven"));
  }
  if (!has_point) {
    return Unexpected(Status(StatusCode::kFailedPrecondition,
                             "Execution cannot be redriven: it ended before entering a state "
                             "(or ran on a tern without RedriveExecution)"));
  }
  if (event_count != request.expected_event_count ||
      request.event.id != request.expected_event_count + 1) {
    return Unexpected(Status(StatusCode::kFailedPrecondition,
                             "execution " + arn + " changed while it was being redriven; retry"));
  }

  auto reopen = c.Prepare(
      "UPDATE executions SET status = 'RUNNING', stop = NULL, error = '', cause = '', owner = ?2, "
      "redrive_count = redrive_count + 1, redrive_date = ?3, redrive_token = ?4 WHERE id = ?1",
      kWhat);
  if (!reopen) return Unexpected(reopen.error());
  reopen->Bind(1, id).Bind(2, owner_.id).Bind(3, request.now).Bind(4, request.client_token);
  if (Status s = reopen->Run(kWhat); !s.ok()) return Unexpected(s);
  auto output =
      c.Prepare("UPDATE execution_payloads SET output = NULL WHERE execution_id = ?1", kWhat);
  if (!output) return Unexpected(output.error());
  output->Bind(1, id);
  if (Status s = output->Run(kWhat); !s.ok()) return Unexpected(s);

  // The event goes through the ordinary write path: dense ids, the hash chain.
  Transition t;
  t.execution_arn = arn;
  t.events.push_back(request.event);
  if (Status s = ApplyTransition(c, owner_.id, t); !s.ok()) return Unexpected(s);

  auto claimed = ReadClaimed(c, id);
  if (!claimed) return Unexpected(claimed.error());
  if (Status s = tx.Commit(kWhat); !s.ok()) return Unexpected(s);
  return claimed;
}

}  // namespace tern::storage::sqlite
