#include "cli/store_flags.h"

namespace tern::cli {

void AddStoreFlags(CLI::App& command, StoreFlags& flags) {
  command.add_option("--db", flags.db, "Database file (default: $TERN_DB, else ./.tern/tern.db)");
  command
      .add_option("--durability", flags.durability,
                  "strict (fsync every commit), batched (group commit) or memory")
      ->check(CLI::IsMember({"strict", "batched", "memory"}));
}

Result<storage::StoreOptions, std::string> StoreOptionsFromFlags(const StoreFlags& flags) {
  storage::StoreOptions options;
  options.path = flags.db.empty() ? storage::DefaultDatabasePath() : flags.db;
  auto durability = storage::ParseDurability(flags.durability);
  if (!durability) return Unexpected(durability.error().message());
  options.durability = *durability;
  return options;
}

Result<std::unique_ptr<storage::Store>, std::string> OpenStoreFromFlags(const StoreFlags& flags,
                                                                      Telemetry* telemetry) {
  auto options = StoreOptionsFromFlags(flags);
  if (!options) return Unexpected(options.error());
  options->telemetry = telemetry;
  auto store = storage::OpenStore(*options);
  if (!store) return Unexpected(store.error().message());
  return std::move(store).value();
}

}  // namespace tern::cli
