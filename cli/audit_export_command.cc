// `tern export [--since T] > file.jsonl`: every stored history event, one JSON object per line,
// oldest execution first (the schema is in docs/audit.md, "Export format"; it carries what is
// needed to recompute the hash chain outside tern).
#include <iostream>

#include "cli/audit_support.h"
#include "cli/commands.h"
#include "common/json_text.h"

namespace tern::cli {
namespace {

// Bump when a field changes meaning or goes away; adding a field keeps the version.
constexpr int kExportFormatVersion = 1;

struct ExportArgs {
  std::string db;
  std::string since;
};

int RunExport(const ExportArgs& args) {
  std::optional<storage::TimeMs> since;
  if (!args.since.empty()) {
    auto t = ParseTimeArgument(args.since, NowMs());
    if (!t) {
      std::cerr << "tern export: --since: " << t.error() << "\n";
      return kExitUsage;
    }
    since = *t;
  }
  auto store = OpenForAudit("export", args.db);
  if (!store) return kExitUsage;
  int64_t lines = 0;
  Status s =
      store->Export(since, [&](const storage::ExecutionRecord& x, const storage::EventRecord& e) {
        Json j = Json::object();
        j["v"] = kExportFormatVersion;
        j["executionArn"] = x.arn;
        j["stateMachineArn"] = x.state_machine_arn;
        j["id"] = e.id;
        j["previousEventId"] = e.previous_id;
        j["timestamp"] = FormatTime(e.timestamp);
        j["timestampMillis"] = e.timestamp;
        j["type"] = e.type;
        j["detailsField"] = e.details_field;
        j["details"] = e.details;  // the exact text the hash covers
        j["hash"] = e.hash;
        std::cout << DumpCompact(j) << "\n";
        ++lines;
        return static_cast<bool>(std::cout);
      });
  std::cout.flush();
  if (!s.ok()) {
    std::cerr << "tern export: " << s.message() << "\n";
    return kExitUsage;
  }
  if (!std::cout) {
    std::cerr << "tern export: writing the output failed after " << lines << " events\n";
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace

CommandRunner AddExportCommand(CLI::App& app);
const CommandRegistration kRegistration{43, &AddExportCommand};

CommandRunner AddExportCommand(CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd =
      app.add_subcommand("export", "Write every stored history event as JSON lines to stdout");
  AddDbOption(cmd, args->db);
  cmd->add_option("--since", args->since,
                  "Only executions started at or after (RFC 3339 or 2h, 7d)");
  return [args] { return RunExport(*args); };
}

}  // namespace tern::cli
