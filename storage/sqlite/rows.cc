#include "storage/sqlite/rows.h"

#include "storage/sqlite/hash_chain.h"

namespace tern::storage::sqlite {

ExecutionRecord ReadExecution(const Statement& row, int c) {
  ExecutionRecord r;
  r.arn = row.Text(c + 0);
  r.name = row.Text(c + 1);
  r.state_machine_arn = row.Text(c + 2);
  r.state_machine_revision = row.Int(c + 3);
  // A status this build does not know can only come from a hand-edited row; show it as
  // ABORTED rather than pretend it is running.
  r.status = ParseExecutionStatus(row.Text(c + 4)).value_or(ExecutionStatus::kAborted);
  r.input = row.Text(c + 5);
  r.output = row.OptionalText(c + 6);
  r.error = row.Text(c + 7);
  r.cause = row.Text(c + 8);
  r.start = row.Int(c + 9);
  if (!row.IsNull(c + 10)) r.stop = row.Int(c + 10);
  r.event_count = row.Int(c + 11);
  r.trace_id = row.Text(c + 12);
  r.redrive_count = row.Int(c + 13);
  if (!row.IsNull(c + 14)) r.redrive_date = row.Int(c + 14);
  r.has_checkpoint = row.Int(c + 15) != 0;
  return r;
}

EventRecord ReadEvent(const Statement& row, int c) {
  EventRecord e;
  e.id = row.Int(c + 0);
  e.previous_id = row.Int(c + 1);
  e.timestamp = row.Int(c + 2);
  e.type = row.Text(c + 3);
  e.details_field = row.Text(c + 4);
  e.details = row.Text(c + 5);
  e.hash = BytesToHex(row.Blob(c + 6));
  return e;
}

StateMachineRecord ReadStateMachine(const Statement& row, int c) {
  StateMachineRecord m;
  m.arn = row.Text(c + 0);
  m.name = row.Text(c + 1);
  m.type = row.Text(c + 2);
  m.definition = row.Text(c + 3);
  m.role_arn = row.Text(c + 4);
  m.revision = row.Int(c + 5);
  m.revision_id = row.Text(c + 6);
  m.created = row.Int(c + 7);
  m.updated = row.Int(c + 8);
  return m;
}

}  // namespace tern::storage::sqlite
