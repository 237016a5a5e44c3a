// `tern purge --before T`: deletes ended executions that stopped before T, with their history.
// Running executions are never purged.
#include <iostream>

#include "cli/audit_support.h"
#include "cli/commands.h"

namespace tern::cli {
namespace {

struct PurgeArgs {
  std::string db;
  std::string before;
};

int RunPurge(const PurgeArgs& args) {
  auto before = ParseTimeArgument(args.before, NowMs());
  if (!before) {
    std::cerr << "tern purge: --before: " << before.error() << "\n";
    return kExitUsage;
  }
  auto store = OpenForAudit("purge", args.db);
  if (!store) return kExitUsage;
  auto purged = store->Purge(*before);
  if (!purged) {
    std::cerr << "tern purge: " << purged.error().message() << "\n";
    return kExitUsage;
  }
  std::cout << "purged " << *purged << " execution" << (*purged == 1 ? "" : "s")
            << " that ended before " << FormatTime(*before) << "\n";
  return kExitOk;
}

}  // namespace

CommandRunner AddPurgeCommand(CLI::App& app);
const CommandRegistration kRegistration{44, &AddPurgeCommand};

CommandRunner AddPurgeCommand(CLI::App& app) {
  auto args = std::make_shared<PurgeArgs>();
  CLI::App* cmd = app.add_subcommand("purge", "Delete ended executions and their history");
  AddDbOption(cmd, args->db);
  cmd->add_option("--before", args->before,
                  "Executions that stopped before this time (RFC 3339, or an age: 30d)")
      ->required();
  return [args] { return RunPurge(*args); };
}

}  // namespace tern::cli
