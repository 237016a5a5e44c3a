// The async invocation tables (docs/async.md), schema version 6 (see schema.cc):
//   async_events: accepted Event invocations not yet delivered. An event is deliverable when
//     next_attempt and lease_until have both passed; a dispatcher leases it (lease_until in the
//     future) while it delivers, renews the lease while the function runs, and deletes the
//     row in the transaction that writes what follows (destination event, queue message or
//     dead letter). A lease left by a dead process expires: at-least-once delivery.
//   dead_letters: events given up with no OnFailure destination (`tern dlq`).
//   queue_messages: tern's built-in queues, the arn:aws:sqs:... destinations name.
#pragma once

#include <string_view>

namespace tern::storage::sqlite {

inline constexpr std::string_view kAsyncSchemaSql = R"sql(
CREATE TABLE async_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a stale holder cannot hit a new row
  request_id TEXT NOT NULL,
  function_arn TEXT NOT NULL,
  payload TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  accepted INTEGER NOT NULL,            -- ms since the epoch; the event's age counts from here
  attempts INTEGER NOT NULL DEFAULT 0,  -- failed invocations so far
  throttles INTEGER NOT NULL DEFAULT 0,
  next_attempt INTEGER NOT NULL,        -- ms; not delivered before
  lease_until INTEGER NOT NULL DEFAULT 0,  -- ms; held by a dispatcher until then
  stop_condition TEXT NOT NULL DEFAULT '', -- non-empty: straight to the failure path
  last_response TEXT NOT NULL DEFAULT ''   -- JSON of the last failed attempt
);
CREATE INDEX async_events_due ON async_events (next_attempt, id);
CREATE TABLE dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL,
  function_arn TEXT NOT NULL,
  payload TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  condition TEXT NOT NULL,
  reason TEXT NOT NULL,
  record TEXT NOT NULL,                 -- Lambda's invocation record, JSON
  attempts INTEGER NOT NULL,
  accepted INTEGER NOT NULL,
  failed INTEGER NOT NULL
);
CREATE TABLE queue_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  queue_arn TEXT NOT NULL,
  body TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  sent INTEGER NOT NULL
);
CREATE INDEX queue_messages_by_queue ON queue_messages (queue_arn, id);
)sql";

}  // namespace tern::storage::sqlite
