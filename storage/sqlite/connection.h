// Connection: one sqlite3 handle with its prepared-statement cache and the context its error
// messages need (the path as the user named it, the busy timeout).
//
// Thread safety: a Connection is used by one thread at a time. Whoever uses it holds mutex()
// for the whole unit of work (a batch, a read): the store shares one connection between the
// writer thread and API calls in memory mode, and between the writer and the claim/heartbeat
// paths in every mode.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"
#include "common/status.h"
#include "storage/sqlite/sqlite_error.h"
#include "storage/sqlite/statement.h"

struct sqlite3;
struct sqlite3_stmt;

namespace tern::storage::sqlite {

struct ConnectionOptions {
  std::string path;          // a file, or ":memory:"
  std::string display_path;  // named in error messages
  bool create = true;        // create the file when missing
  int busy_timeout_ms = 10000;
  // PRAGMA synchronous for this connection: "FULL" (strict), "NORMAL" (batched), "OFF".
  std::string synchronous = "NORMAL";
  bool wal = true;          // journal_mode=WAL (files only)
  bool query_only = false;  // readers: refuse writes
};

class Connection {
 public:
  static Result<std::unique_ptr<Connection>, Status> Open(const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return nothing of interest.
  Status Exec(std::string_view sql, std::string_view operation);
  // A cached prepared statement for `sql` (prepared on first use).
  Result<Statement, Status> Prepare(std::string_view sql, std::string_view operation);
  // The Status for result code `rc` of `operation` on this connection.
  Status Error(int rc, std::string_view operation) const;

  sqlite3* handle() const { return db_; }
  const ErrorContext& context() const { return context_; }
  std::mutex& mutex() { return mutex_; }
  // True while a transaction is open (SQLite may roll one back by itself on I/O errors).
  bool InTransaction() const;

 private:
  Connection(sqlite3* db, ErrorContext context) : db_(db), context_(std::move(context)) {}

  sqlite3* db_;
  ErrorContext context_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  std::mutex mutex_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed uncommitted. IMMEDIATE takes the write
// lock up front, so a busy database fails here (after the busy timeout) rather than halfway.
class WriteTransaction {
 public:
  explicit WriteTransaction(Connection& connection) : connection_(connection) {}
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  Status Begin(std::string_view operation);
  Status Commit(std::string_view operation);
  void Rollback();

 private:
  Connection& connection_;
  bool open_ = false;
};

// BEGIN (deferred) ... COMMIT for several reads that must see one snapshot.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& connection) : connection_(connection) {}
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  Status Begin(std::string_view operation);

 private:
  Connection& connection_;
  bool open_ = false;
};

}  // namespace tern::storage::sqlite
