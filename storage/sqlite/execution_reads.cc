// SqliteStore: reading executions, histories and task tokens (on the reader pool).
#include <charconv>
#include <limits>

#include "storage/sqlite/rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace tern::storage::sqlite {
namespace {

constexpr size_t kMaxPageSize = 1000;

std::string ExecutionSelect(std::string_view where) {
  return "SELECT " + std::string(kExecutionColumns) +
         " FROM executions e JOIN execution_payloads p ON p.execution_id = e.id " +
         std::string(where);
}

// Page tokens are "<start>.<id>" of the last execution of the previous page (the listing is
// ordered by start, then id, newest first).
std::string PageToken(const ExecutionRecord& r, int64_t id) {
  return std::to_string(r.start) + "." + std::to_string(id);
}

bool ParsePageToken(std::string_view token, int64_t& start, int64_t& id) {
  size_t dot = token.find('.');
  if (dot == std::string_view::npos) return false;
  auto a = std::from_chars(token.data(), token.data() + dot, start);
  auto b = std::from_chars(token.data() + dot + 1, token.data() + token.size(), id);
  return a.ec == std::errc() && a.ptr == token.data() + dot && b.ec == std::errc() &&
         b.ptr == token.data() + token.size();
}

}  // namespace

Result<ExecutionRecord, Status> SqliteStore::GetExecution(const std::string& arn_or_name) {
  constexpr std::string_view kWhat = "read an execution";
  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  bool by_arn = arn_or_name.rfind("arn:", 0) == 0;
  auto stmt = (*reader)->Prepare(
      ExecutionSelect(by_arn ? "WHERE e.arn = ?1"
                             : "WHERE e.name = ?1 ORDER BY e.start DESC LIMIT 2"),
      kWhat);
  if (!stmt) return Unexpected(stmt.error());
  stmt->Bind(1, arn_or_name);
  auto row = stmt->Step(kWhat);
  if (!row) return Unexpected(row.error());
  if (!*row) {
    return Unexpected(Status::NotFound("Execution Does Not Exist: '" + arn_or_name + "'"));
  }
  ExecutionRecord record = ReadExecution(*stmt);
  auto second = stmt->Step(kWhat);
  if (!second) return Unexpected(second.error());
  if (*second) {
    return Unexpected(Status::InvalidArgument("more than one execution is named '" + arn_or_name +
                                              "' (" + record.arn + ", " + stmt->Text(0) +
                                              ", ...); give its ARN"));
  }
  return record;
}

Result<ExecutionPage, Status> SqliteStore::ListExecutions(const ExecutionFilter& filter) {
  constexpr std::string_view kWhat = "list executions";
  size_t limit = filter.limit == 0 ? 100 : filter.limit;
  if (limit > kMaxPageSize) {
    return Unexpected(Status::InvalidArgument("page size " + std::to_string(limit) +
                                              " is above the limit of 1000"));
  }
  int64_t after_start = 0, after_id = 0;
  bool paged = !filter.page_token.empty();
  if (paged && !ParsePageToken(filter.page_token, after_start, after_id)) {
    return Unexpected(Status::InvalidArgument("invalid page token '" + filter.page_token + "'"));
  }
  // One statement text per combination of filters, each cached by the connection.
  std::string where = "WHERE 1";
  if (filter.status) where += " AND e.status = ?1";
  if (!filter.state_machine_arn.empty()) where += " AND e.state_machine_arn = ?2";
  if (filter.since) where += " AND e.start >= ?3";
  if (filter.redriven) where += *filter.redriven ? " AND e.redrive_count > 0" : " AND e.redrive_count = 0";
  if (paged) where += " AND (e.start < ?4 OR (e.start = ?4 AND e.id < ?5))";
  where += " ORDER BY e.start DESC, e.id DESC LIMIT ?6";
  std::string sql = "SELECT " + std::string(kExecutionColumns) +
                    ", e.id FROM executions e JOIN execution_payloads p ON p.execution_id = e.id " +
                    where;

  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  auto stmt = (*reader)->Prepare(sql, kWhat);
  if (!stmt) return Unexpected(stmt.error());
  if (filter.status) stmt->Bind(1, ExecutionStatusName(*filter.status));
  if (!filter.state_machine_arn.empty()) stmt->Bind(2, filter.state_machine_arn);
  if (filter.since) stmt->Bind(3, *filter.since);
  if (paged) stmt->Bind(4, after_start).Bind(5, after_id);
  stmt->Bind(6, static_cast<int64_t>(limit + 1));
  ExecutionPage page;
  int64_t last_id = 0;
  for (;;) {
    auto row = stmt->Step(kWhat);
    if (!row) return Unexpected(row.error());
    if (!*row) break;
    if (page.executions.size() == limit) {
      page.next_page_token = PageToken(page.executions.back(), last_id);
      break;
    }
    page.executions.push_back(ReadExecution(*stmt));
    last_id = stmt->Int(kExecutionColumnCount);
  }
  return page;
}

Result<std::vector<EventRecord>, Status> SqliteStore::GetHistory(const std::string& execution_arn,
                                                                 const HistoryQuery& query) {
  constexpr std::string_view kWhat = "read a history";
  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  Connection& c = **reader;
  // One snapshot for both statements: the execution cannot be purged in between.
  ReadTransaction snapshot(c);
  if (Status s = snapshot.Begin(kWhat); !s.ok()) return Unexpected(s);
  auto find = c.Prepare("SELECT id FROM executions WHERE arn = ?1", kWhat);
  if (!find) return Unexpected(find.error());
  find->Bind(1, execution_arn);
  auto found = find->Step(kWhat);
  if (!found) return Unexpected(found.error());
  if (!*found) {
    return Unexpected(Status::NotFound("Execution Does Not Exist: '" + execution_arn + "'"));
  }
  int64_t id = find->Int(0);
  std::string sql = "SELECT " + std::string(kEventColumns) +
                    " FROM events WHERE execution_id = ?1" +
                    (query.reverse ? " AND id < ?2 ORDER BY id DESC LIMIT ?3"
                                   : " AND id > ?2 ORDER BY id LIMIT ?3");
  auto stmt = c.Prepare(sql, kWhat);
  if (!stmt) return Unexpected(stmt.error());
  int64_t bound = query.after_id;
  if (query.reverse && bound == 0) bound = std::numeric_limits<int64_t>::max();
  stmt->Bind(1, id).Bind(2, bound).Bind(3,
                                        query.limit == 0 ? -1 : static_cast<int64_t>(query.limit));
  std::vector<EventRecord> events;
  for (;;) {
    auto row = stmt->Step(kWhat);
    if (!row) return Unexpected(row.error());
    if (!*row) break;
    events.push_back(ReadEvent(*stmt));
  }
  return events;
}

Result<TaskTokenRecord, Status> SqliteStore::GetTaskToken(const std::string& token) {
  constexpr std::string_view kWhat = "read a task token";
  auto reader = readers_->Acquire();
  if (!reader) return Unexpected(reader.error());
  auto stmt = (*reader)->Prepare(
      "SELECT t.token, e.arn, t.state_name, t.activity_arn, t.created FROM task_tokens t "
      "JOIN executions e ON e.id = t.execution_id WHERE t.token = ?1",
      kWhat);
  if (!stmt) return Unexpected(stmt.error());
  stmt->Bind(1, token);
  auto row = stmt->Step(kWhat);
  if (!row) return Unexpected(row.error());
  if (!*row) return Unexpected(Status::NotFound("Task Token Does Not Exist: '" + token + "'"));
  TaskTokenRecord r;
  r.token = stmt->Text(0);
  r.execution_arn = stmt->Text(1);
  r.state_name = stmt->Text(2);
  r.activity_arn = stmt->Text(3);
  r.created = stmt->Int(4);
  return r;
}

}  // namespace tern::storage::sqlite
