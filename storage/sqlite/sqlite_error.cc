#include "storage/sqlite/sqlite_error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <sqlite3.h>

namespace tern::storage::sqlite {
namespace {

std::string Seconds(int ms) {
  char buf[32];
  if (ms % 1000 == 0) {
    std::snprintf(buf, sizeof buf, "%d s", ms / 1000);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f s", ms / 1000.0);
  }
  return buf;
}

std::string Suffix(std::string_view operation, std::string_view detail) {
  std::string s = ": ";
  s += operation;
  if (!detail.empty()) {
    s += ": ";
    s += detail;
  }
  return s;
}

// sqlite3_system_errno() reads errno when the error reaches the API, after SQLite has rolled
// back, so a failed write's EFBIG (RLIMIT_FSIZE) is usually gone by then. The unix VFS keeps
// each file's last errno: ask the database file and the WAL (the journal pointer) for theirs.
int LastFileErrno(sqlite3* db) {
  int last = 0;
  sqlite3_file* journal = nullptr;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &journal) == SQLITE_OK &&
      journal != nullptr && journal->pMethods != nullptr) {
    journal->pMethods->xFileControl(journal, SQLITE_FCNTL_LAST_ERRNO, &last);
  }
  if (last == 0) sqlite3_file_control(db, "main", SQLITE_FCNTL_LAST_ERRNO, &last);
  return last;
}

}  // namespace

Status SqliteError(const ErrorContext& context, int rc, int system_errno,
                   std::string_view operation, std::string_view detail) {
  const std::string& path = context.path;
  int primary = rc & 0xff;
  bool no_space = system_errno == ENOSPC || system_errno == EFBIG;
  if (primary == SQLITE_FULL || (primary == SQLITE_IOERR && no_space)) {
    std::string msg = "disk full writing " + path + Suffix(operation, detail);
    if (system_errno != 0) msg += std::string(" (") + std::strerror(system_errno) + ")";
    return Status::ResourceExhausted(std::move(msg));
  }
  switch (primary) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::IoError("database " + path + " is corrupt or not a tern database" +
                             Suffix(operation, detail));
    case SQLITE_READONLY:
      return Status::IoError("database " + path + " is read-only" + Suffix(operation, detail));
    case SQLITE_CANTOPEN: {
      std::string msg = "cannot open database " + path + Suffix(operation, detail);
      if (system_errno != 0) msg += std::string(" (") + std::strerror(system_errno) + ")";
      return Status::IoError(std::move(msg));
    }
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::IoError("database " + path + " is locked by another process (waited " +
                             Seconds(context.busy_timeout_ms) + ")" + Suffix(operation, ""));
    case SQLITE_IOERR: {
      std::string msg = "I/O error on database " + path + Suffix(operation, detail);
      if (system_errno != 0) msg += std::string(" (") + std::strerror(system_errno) + ")";
      return Status::IoError(std::move(msg));
    }
    default:
      return Status::Internal("database " + path + Suffix(operation, detail) + " (SQLite code " +
                              std::to_string(rc) + ")");
  }
}

int SystemErrno(sqlite3* db, int rc) {
  if (db == nullptr) return 0;
  int system_errno = sqlite3_system_errno(db);
  if ((rc & 0xff) == SQLITE_IOERR && system_errno == 0) system_errno = LastFileErrno(db);
  return system_errno;
}

Status SqliteError(const ErrorContext& context, sqlite3* db, int rc, std::string_view operation) {
  int system_errno = SystemErrno(db, rc);
  const char* detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return SqliteError(context, rc, system_errno, operation, detail ? detail : "");
}

}  // namespace tern::storage::sqlite
