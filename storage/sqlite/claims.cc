#include "storage/sqlite/claims.h"

#include <chrono>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/rows.h"

namespace tern::storage::sqlite {
namespace {

struct Candidate {
  int64_t id;
  std::optional<std::string> owner;
  std::optional<int64_t> pid, start_time, lease_until;
  std::optional<std::string> host;
};

bool Claimable(const Candidate& c, const OwnerIdentity& self, TimeMs now) {
  if (!c.owner) return true;
  if (*c.owner == self.id) return false;  // already ours: the caller is running it
  if (!c.pid) return true;                // the owner row is gone (it closed)
  if (*c.lease_until < now) return true;  // silent for longer than the lease
  // On this machine we need not wait for the lease: a dead (or reused) pid is proof.
  return *c.host == self.host && !ProcessAlive(*c.pid, *c.start_time);
}

}  // namespace

TimeMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status RegisterOwner(Connection& c, const OwnerIdentity& owner, TimeMs now) {
  auto stmt = c.Prepare(
      "INSERT OR REPLACE INTO owners (id, pid, start_time, host, lease_until) "
      "VALUES (?1, ?2, ?3, ?4, ?5)",
      "register this process as an owner");
  if (!stmt) return stmt.error();
  stmt->Bind(1, owner.id).Bind(2, owner.pid).Bind(3, owner.start_time).Bind(4, owner.host);
  stmt->Bind(5, now + kLeaseMs);
  return stmt->Run("register this process as an owner");
}

Status RenewLease(Connection& c, const std::string& owner_id, TimeMs now) {
  auto stmt = c.Prepare("UPDATE owners SET lease_until = ?2 WHERE id = ?1", "renew the lease");
  if (!stmt) return stmt.error();
  stmt->Bind(1, owner_id).Bind(2, now + kLeaseMs);
  return stmt->Run("renew the lease");
}

Status ReleaseOwner(Connection& c, const std::string& owner_id) {
  WriteTransaction tx(c);
  if (Status s = tx.Begin("release claims"); !s.ok()) return s;
  for (std::string_view sql : {"UPDATE executions SET owner = NULL WHERE owner = ?1",
                               "DELETE FROM owners WHERE id = ?1"}) {
    auto stmt = c.Prepare(sql, "release claims");
    if (!stmt) return stmt.error();
    stmt->Bind(1, owner_id);
    if (Status s = stmt->Run("release claims"); !s.ok()) return s;
  }
  return tx.Commit("release claims");
}

Result<std::optional<ClaimedExecution>, Status> ReadClaimed(Connection& c, int64_t id) {
  constexpr std::string_view kWhat = "read a claimed execution";
  std::string sql = "SELECT " + std::string(kExecutionColumns) + ", " +
                    std::string(kStateMachineColumns) +
                    ", k.data FROM executions e JOIN execution_payloads p ON p.execution_id = "
                    "e.id LEFT JOIN state_machines m ON m.arn = e.state_machine_arn LEFT JOIN "
                    "state_machine_revisions r ON r.machine_id = m.id AND r.revision = "
                    "e.state_machine_revision LEFT JOIN checkpoints k ON k.execution_id = e.id "
                    "WHERE e.id = ?1";
  auto read = c.Prepare(sql, kWhat);
  if (!read) return Unexpected(read.error());
  read->Bind(1, id);
  auto row = read->Step(kWhat);
  if (!row) return Unexpected(row.error());
  if (!*row) return std::optional<ClaimedExecution>();
  ClaimedExecution ce;
  ce.execution = ReadExecution(*read, 0);
  if (read->IsNull(kExecutionColumnCount + 3)) {
    return Unexpected(Status::NotFound(
        "execution " + ce.execution.arn + " started with revision " +
        std::to_string(ce.execution.state_machine_revision) + " of " +
        ce.execution.state_machine_arn + ", which is no longer in the database"));
  }
  ce.machine = ReadStateMachine(*read, kExecutionColumnCount);
  constexpr int kCheckpointColumn = kExecutionColumnCount + 9;
  if (!read->IsNull(kCheckpointColumn)) ce.checkpoint = read->Blob(kCheckpointColumn);
  return std::optional<ClaimedExecution>(std::move(ce));
}

Result<std::vector<ClaimedExecution>, Status> ClaimUnfinished(
    Connection& c, const OwnerIdentity& self, TimeMs now,
    const std::optional<std::string>& only_arn) {
  constexpr std::string_view kWhat = "claim unfinished executions";
  WriteTransaction tx(c);
  if (Status s = tx.Begin(kWhat); !s.ok()) return Unexpected(s);

  std::vector<int64_t> claimed;
  {
    auto scan = c.Prepare(
        "SELECT e.id, e.owner, o.pid, o.start_time, o.lease_until, o.host FROM executions e "
        "LEFT JOIN owners o ON o.id = e.owner WHERE e.status = 'RUNNING' "
        "AND (?1 IS NULL OR e.arn = ?1) ORDER BY e.start, e.id",
        kWhat);
    if (!scan) return Unexpected(scan.error());
    scan->Bind(1, only_arn);
    for (;;) {
      auto row = scan->Step(kWhat);
      if (!row) return Unexpected(row.error());
      if (!*row) break;
      Candidate cand{scan->Int(0), scan->OptionalText(1), std::nullopt,
                     std::nullopt, std::nullopt,          scan->OptionalText(5)};
      if (!scan->IsNull(2)) {
        cand.pid = scan->Int(2);
        cand.start_time = scan->Int(3);
        cand.lease_until = scan->Int(4);
      }
      if (Claimable(cand, self, now)) claimed.push_back(cand.id);
    }
  }
  std::vector<ClaimedExecution> result;
  for (int64_t id : claimed) {
    auto take = c.Prepare("UPDATE executions SET owner = ?2 WHERE id = ?1", kWhat);
    if (!take) return Unexpected(take.error());
    take->Bind(1, id).Bind(2, self.id);
    if (Status s = take->Run(kWhat); !s.ok()) return Unexpected(s);

    auto ce = ReadClaimed(c, id);
    if (!ce) return Unexpected(ce.error());
    if (!*ce) continue;
    result.push_back(std::move(**ce));
  }
  if (Status s = tx.Commit(kWhat); !s.ok()) return Unexpected(s);
  return result;
}

}  // namespace tern::storage::sqlite
