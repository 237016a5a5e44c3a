// Turns SQLite result codes into tern Statuses whose messages name the database file and the
// operation, so a user reading "tern: ..." knows which file to look at and what tern was doing.
// The mapping (documented in docs/storage.md, "Faults"):
//   SQLITE_CORRUPT, SQLITE_NOTADB        -> IoError  "database X is corrupt or not a tern database"
//   SQLITE_READONLY, SQLITE_CANTOPEN     -> IoError  naming the path
//   SQLITE_FULL, I/O errors with ENOSPC
//     or EFBIG (RLIMIT_FSIZE)            -> ResourceExhausted "disk full writing X"
//   SQLITE_BUSY, SQLITE_LOCKED           -> IoError  "database X is locked by another process"
//   anything else                        -> Internal
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

struct sqlite3;

namespace tern::storage::sqlite {

struct ErrorContext {
  std::string path;         // the database file as the user named it
  int busy_timeout_ms = 0;  // quoted in "locked" messages
};

// `rc` is the (extended) result code, `system_errno` sqlite3_system_errno() at the time,
// `detail` sqlite3_errmsg().
Status SqliteError(const ErrorContext& context, int rc, int system_errno,
                   std::string_view operation, std::string_view detail);

// The errno behind result code `rc` on `db` (0 when unknown).
int SystemErrno(sqlite3* db, int rc);

// Same, reading errno and the message from `db`.
Status SqliteError(const ErrorContext& context, sqlite3* db, int rc, std::string_view operation);

}  // namespace tern::storage::sqlite
