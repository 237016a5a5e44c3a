// The flags every command that uses the database shares: --db PATH (default $TERN_DB, else
// ./.tern/tern.db) and --durability strict|batched|memory.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "common/result.h"
#include "storage/store.h"

namespace tern::cli {

struct StoreFlags {
  std::string db;  // empty: storage::DefaultDatabasePath()
  std::string durability = "batched";
};

void AddStoreFlags(CLI::App& command, StoreFlags& flags);

// The options the flags describe (path, durability), for stores that share the database.
Result<storage::StoreOptions, std::string> StoreOptionsFromFlags(const StoreFlags& flags);

// Opens the store; the error is ready to print ("tern <command>: ..."). `telemetry` (may be
// null) hears of its commits.
Result<std::unique_ptr<storage::Store>, std::string> OpenStoreFromFlags(
    const StoreFlags& flags, Telemetry* telemetry = nullptr);

}  // namespace tern::cli
