// Records to rows and back: the column lists every query selects, and the readers that turn
// a row of such a query into a record. Keeping the list next to its reader means a column
// added to one cannot be forgotten in the other.
#pragma once

#include <string_view>

#include "storage/sqlite/statement.h"
#include "storage/store.h"

namespace tern::storage::sqlite {

// Columns of `executions e JOIN execution_payloads p ON p.execution_id = e.id`.
inline constexpr std::string_view kExecutionColumns =
    "e.arn, e.name, e.state_machine_arn, e.state_machine_revision, e.status, p.input, p.output, "
    "e.error, e.cause, e.start, e.stop, e.event_count, p.trace_id, e.redrive_count, "
    "e.redrive_date, EXISTS (SELECT 1 FROM checkpoints kp WHERE kp.execution_id = e.id)";
inline constexpr int kExecutionColumnCount = 16;
ExecutionRecord ReadExecution(const Statement& row, int first_column = 0);

// Columns of `events`.
inline constexpr std::string_view kEventColumns =
    "id, previous_id, timestamp, type, details_field, details, hash";
EventRecord ReadEvent(const Statement& row, int first_column = 0);

// Columns of `state_machines m JOIN state_machine_revisions r ON r.machine_id = m.id`.
inline constexpr std::string_view kStateMachineColumns =
    "m.arn, m.name, m.type, r.definition, r.role_arn, r.revision, r.revision_id, m.created, "
    "r.created";
StateMachineRecord ReadStateMachine(const Statement& row, int first_column = 0);

}  // namespace tern::storage::sqlite
