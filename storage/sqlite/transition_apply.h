// Writes one Transition inside the writer's open transaction (the caller wraps it in a
// SAVEPOINT so a failed transition leaves no trace and the rest of the batch goes on).
//
// Invariants it enforces before writing anything:
//   - event ids continue densely from executions.event_count (a gap or a duplicate is an
//     Internal error: it means an engine bug, and writing it would break the chain);
//   - only RUNNING executions change; an execution claimed by another Store is not written
//     (the fence that keeps two processes from running one execution);
//   - each event's hash chains to the previous one (hash_chain.h).
#pragma once

#include <string>

#include "common/status.h"
#include "storage/store.h"

namespace tern::storage::sqlite {

class Connection;

// `owner_id`: this Store's identity; a created execution is owned by it, and an execution
// owned by nobody becomes its own on its next transition.
Status ApplyTransition(Connection& connection, const std::string& owner_id, Transition& t);

// True when `s` means the whole transaction is in doubt (I/O, disk full, lock), not just
// this transition's own content.
bool IsBatchFatal(const Status& s);

}  // namespace tern::storage::sqlite
