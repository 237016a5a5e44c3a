// `tern history EXECUTION [--reverse] [--json]`: an execution's history events, oldest first
// (GetExecutionHistory's JSON shape with --json).
#include <iostream>

#include "cli/audit_support.h"
#include "cli/commands.h"

namespace tern::cli {
namespace {

struct HistoryArgs {
  std::string db;
  std::string execution;
  bool reverse = false;
  bool json = false;
};

// The state (or Map) name from the details, when there is one, for the table view.
std::string NameOf(const storage::EventRecord& e) {
  if (e.details.empty()) return "";
  Json d = Json::parse(e.details, nullptr, false);
  if (d.is_object() && d.contains("name") && d["name"].is_string()) {
    return d["name"].get<std::string>();
  }
  return "";
}

int RunHistory(const HistoryArgs& args) {
  auto store = OpenForAudit("history", args.db);
  if (!store) return kExitUsage;
  auto e = store->GetExecution(args.execution);
  if (!e) {
    std::cerr << "tern history: " << e.error().message() << "\n";
    return kExitUsage;
  }
  storage::HistoryQuery query;
  query.reverse = args.reverse;
  auto events = store->GetHistory(e->arn, query);
  if (!events) {
    std::cerr << "tern history: " << events.error().message() << "\n";
    return kExitUsage;
  }
  if (args.json) {
    Json list = Json::array();
    for (const auto& event : *events) list.push_back(HistoryEventJson(event));
    std::cout << Json{{"events", std::move(list)}}.dump(2) << "\n";
    return kExitOk;
  }
  for (const auto& event : *events) {
    std::string id = std::to_string(event.id);
    std::string line = std::string(id.size() < 4 ? 4 - id.size() : 0, ' ') + id + "  " +
                       FormatTime(event.timestamp) + "  " + event.type;
    std::string name = NameOf(event);
    if (!name.empty())
      line += std::string(event.type.size() < 28 ? 28 - event.type.size() : 1, ' ') + name;
    std::cout << line << "\n";
  }
  return kExitOk;
}

}  // namespace

CommandRunner AddHistoryCommand(CLI::App& app);
const CommandRegistration kRegistration{42, &AddHistoryCommand};

CommandRunner AddHistoryCommand(CLI::App& app) {
  auto args = std::make_shared<HistoryArgs>();
  CLI::App* cmd = app.add_subcommand("history", "Show a stored execution's history events");
  cmd->add_option("execution", args->execution, "Execution ARN or name")->required();
  AddDbOption(cmd, args->db);
  cmd->add_flag("--reverse", args->reverse, "Newest event first");
  cmd->add_flag("--json", args->json, "Print GetExecutionHistory's JSON shape");
  return [args] { return RunHistory(*args); };
}

}  // namespace tern::cli
