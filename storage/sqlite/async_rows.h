// The async invocation tables as records (docs/async.md): the column lists the queries select
// and the readers that turn such a row into a record, plus the inserts shared by the writer,
// completions and redrives.
#pragma once

#include <string_view>

#include "common/result.h"
#include "common/status.h"
#include "storage/sqlite/statement.h"
#include "storage/store.h"

namespace tern::storage::sqlite {

class Connection;

// Columns of `async_events`.
inline constexpr std::string_view kAsyncEventColumns =
    "id, request_id, function_arn, payload, trace_id, accepted, attempts, throttles, "
    "next_attempt, stop_condition, last_response";
AsyncEventRecord ReadAsyncEvent(const Statement& row);

// Columns of `dead_letters`.
inline constexpr std::string_view kDeadLetterColumns =
    "id, request_id, function_arn, payload, trace_id, condition, reason, record, attempts, "
    "accepted, failed";
DeadLetterRecord ReadDeadLetter(const Statement& row);

// Columns of `queue_messages`.
inline constexpr std::string_view kQueueMessageColumns = "id, queue_arn, body, trace_id, sent";
QueueMessageRecord ReadQueueMessage(const Statement& row);

// Inserts (inside the caller's transaction); each returns the new row's id.
Result<int64_t, Status> InsertAsyncEvent(Connection& c, const AsyncEventRecord& event);
Result<int64_t, Status> InsertDeadLetter(Connection& c, const DeadLetterRecord& letter);
Result<int64_t, Status> InsertQueueMessage(Connection& c, const QueueMessageRecord& message);

}  // namespace tern::storage::sqlite
