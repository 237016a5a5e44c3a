// Claims: which Store (process) may run an unfinished execution (docs/storage.md, "Claims").
// Each Store registers an owner row with a lease that its maintenance thread renews; an
// execution's `owner` column names the Store running it. ClaimUnfinished() takes, in one
// BEGIN IMMEDIATE transaction (so two processes serialise), every RUNNING execution whose
// owner is null, unknown, past its lease, or a process on this machine that is gone.
#pragma once

#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "storage/sqlite/owner_identity.h"
#include "storage/store.h"

namespace tern::storage::sqlite {

class Connection;

inline constexpr TimeMs kLeaseMs = 30000;      // an owner silent this long loses its claims
inline constexpr TimeMs kLeaseRenewMs = 5000;  // how often a live owner renews

TimeMs NowMs();

Status RegisterOwner(Connection& c, const OwnerIdentity& owner, TimeMs now);
Status RenewLease(Connection& c, const std::string& owner_id, TimeMs now);
// Gives back every claim of `owner_id` (on close) and removes its owner row.
Status ReleaseOwner(Connection& c, const std::string& owner_id);

// Every claimable unfinished execution, or (with `only_arn`) that one if it is claimable.
Result<std::vector<ClaimedExecution>, Status> ClaimUnfinished(
    Connection& c, const OwnerIdentity& self, TimeMs now,
    const std::optional<std::string>& only_arn = std::nullopt);

// Execution `execution_id` with its machine revision and checkpoint (nullopt: no such row),
// inside the caller's transaction.
Result<std::optional<ClaimedExecution>, Status> ReadClaimed(Connection& c, int64_t execution_id);

}  // namespace tern::storage::sqlite
