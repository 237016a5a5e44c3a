#include "storage/sqlite/connection.h"

#include <sqlite3.h>

namespace tern::storage::sqlite {

Result<std::unique_ptr<Connection>, Status> Connection::Open(const ConnectionOptions& options) {
  ErrorContext context{options.display_path.empty() ? options.path : options.display_path,
                       options.busy_timeout_ms};
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (options.create) flags |= SQLITE_OPEN_CREATE;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(options.path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status error = SqliteError(context, db, rc, "open");
    sqlite3_close_v2(db);
    return Unexpected(std::move(error));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  std::unique_ptr<Connection> connection(new Connection(db, std::move(context)));

  // The first read of the file happens here: a file that is not SQLite fails with NOTADB.
  std::string pragmas;
  if (options.wal && options.path != ":memory:") pragmas += "PRAGMA journal_mode=WAL;";
  pragmas += "PRAGMA synchronous=" + options.synchronous + ";";
  // Events are small and many: keep temp data in memory, let the page cache grow to 16 MiB.
  pragmas += "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384;";
  if (options.query_only) pragmas += "PRAGMA query_only=1;";
  if (Status s = connection->Exec(pragmas, "set up the connection"); !s.ok()) {
    return Unexpected(std::move(s));
  }
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status Connection::Exec(std::string_view sql, std::string_view operation) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string detail = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return SqliteError(context_, rc, SystemErrno(db_, rc), operation, detail);
}

Result<Statement, Status> Connection::Prepare(std::string_view sql, std::string_view operation) {
  auto it = cache_.find(std::string(sql));
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Unexpected(Error(rc, operation));
    it = cache_.emplace(std::string(sql), stmt).first;
  }
  return Statement(this, it->second);
}

Status Connection::Error(int rc, std::string_view operation) const {
  return SqliteError(context_, db_, rc, operation);
}

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

WriteTransaction::~WriteTransaction() { Rollback(); }

Status WriteTransaction::Begin(std::string_view operation) {
  Status s = connection_.Exec("BEGIN IMMEDIATE", operation);
  open_ = s.ok();
  return s;
}

Status WriteTransaction::Commit(std::string_view operation) {
  Status s = connection_.Exec("COMMIT", operation);
  if (!s.ok()) {
    Rollback();
    return s;
  }
  open_ = false;
  return s;
}

void WriteTransaction::Rollback() {
  if (!open_) return;
  open_ = false;
  // SQLite may already have rolled back by itself (I/O error, disk full); then there is
  // nothing left to undo.
  if (connection_.InTransaction()) connection_.Exec("ROLLBACK", "roll back");
}

ReadTransaction::~ReadTransaction() {
  if (open_ && connection_.InTransaction()) connection_.Exec("COMMIT", "end a read");
}

Status ReadTransaction::Begin(std::string_view operation) {
  Status s = connection_.Exec("BEGIN", operation);
  open_ = s.ok();
  return s;
}

}  // namespace tern::storage::sqlite
