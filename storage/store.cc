// The parts of store.h that do not depend on a backend: names of enums, the default path, and
// OpenStore(), which picks the SQLite backend (the only one so far).
#include "storage/store.h"

#include <cstdlib>

#include "storage/sqlite/sqlite_store.h"

namespace tern::storage {

std::string_view DurabilityName(Durability d) {
  switch (d) {
    case Durability::kStrict:
      return "strict";
    case Durability::kBatched:
      return "batched";
    case Durability::kMemory:
      return "memory";
  }
  return "batched";
}

Result<Durability, Status> ParseDurability(std::string_view text) {
  if (text == "strict") return Durability::kStrict;
  if (text == "batched") return Durability::kBatched;
  if (text == "memory") return Durability::kMemory;
  return Unexpected(Status::InvalidArgument("unknown durability '" + std::string(text) +
                                            "' (strict, batched or memory)"));
}

std::string_view ExecutionStatusName(ExecutionStatus s) {
  switch (s) {
    case ExecutionStatus::kRunning:
      return "RUNNING";
    case ExecutionStatus::kSucceeded:
      return "SUCCEEDED";
    case ExecutionStatus::kFailed:
      return "FAILED";
    case ExecutionStatus::kTimedOut:
      return "TIMED_OUT";
    case ExecutionStatus::kAborted:
      return "ABORTED";
  }
  return "RUNNING";
}

std::optional<ExecutionStatus> ParseExecutionStatus(std::string_view name) {
  for (ExecutionStatus s :
       {ExecutionStatus::kRunning, ExecutionStatus::kSucceeded, ExecutionStatus::kFailed,
        ExecutionStatus::kTimedOut, ExecutionStatus::kAborted}) {
    if (ExecutionStatusName(s) == name) return s;
  }
  return std::nullopt;
}

Result<std::unique_ptr<Store>, Status> OpenStore(const StoreOptions& options) {
  return sqlite::SqliteStore::Open(options);
}

std::string DefaultDatabasePath() {
  const char* env = std::getenv("TERN_DB");
  if (env != nullptr && *env != '\0') return env;
  return "./.tern/tern.db";
}

}  // namespace tern::storage
