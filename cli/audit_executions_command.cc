// `tern executions [--status S] [--machine M] [--since T] [--json]`: lists the executions in
// the database, newest first (docs/audit.md).
#include <algorithm>
#include <iostream>

#include "cli/audit_support.h"
#include "cli/commands.h"

namespace tern::cli {
namespace {

struct ExecutionsArgs {
  std::string db;
  std::string status;
  std::string machine;
  std::string since;
  bool json = false;
};

void PrintTable(const std::vector<storage::ExecutionRecord>& executions) {
  std::vector<std::array<std::string, 5>> rows;
  rows.push_back({"NAME", "STATUS", "MACHINE", "START", "STOP"});
  for (const auto& e : executions) {
    rows.push_back({e.name, std::string(storage::ExecutionStatusName(e.status)),
                    NameFromArn(e.state_machine_arn), FormatTime(e.start),
                    e.stop ? FormatTime(*e.stop) : "-"});
  }
  std::array<size_t, 5> width{};
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    std::cout << line << "\n";
  }
}

int RunExecutions(const ExecutionsArgs& args) {
  storage::ExecutionFilter filter;
  if (!args.status.empty()) {
    filter.status = storage::ParseExecutionStatus(args.status);
    if (!filter.status) {
      std::cerr << "tern executions: unknown status '" << args.status
                << "' (RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED)\n";
      return kExitUsage;
    }
  }
  if (!args.since.empty()) {
    auto since = ParseTimeArgument(args.since, NowMs());
    if (!since) {
      std::cerr << "tern executions: --since: " << since.error() << "\n";
      return kExitUsage;
    }
    filter.since = *since;
  }
  auto store = OpenForAudit("executions", args.db);
  if (!store) return kExitUsage;
  if (!args.machine.empty()) {
    // A machine name or ARN: a name is looked up among the stored machines.
    filter.state_machine_arn = args.machine;
    if (args.machine.rfind("arn:", 0) != 0) {
      auto machines = store->ListStateMachines();
      if (!machines) {
        std::cerr << "tern executions: " << machines.error().message() << "\n";
        return kExitUsage;
      }
      auto it = std::find_if(machines->begin(), machines->end(),
                             [&](const auto& m) { return m.name == args.machine; });
      if (it == machines->end()) {
        std::cerr << "tern executions: no state machine named '" << args.machine << "'\n";
        return kExitUsage;
      }
      filter.state_machine_arn = it->arn;
    }
  }
  filter.limit = 1000;
  std::vector<storage::ExecutionRecord> all;
  for (;;) {
    auto page = store->ListExecutions(filter);
    if (!page) {
      std::cerr << "tern executions: " << page.error().message() << "\n";
      return kExitUsage;
    }
    for (auto& e : page->executions) all.push_back(std::move(e));
    if (page->next_page_token.empty()) break;
    filter.page_token = page->next_page_token;
  }
  if (args.json) {
    Json list = Json::array();
    for (const auto& e : all) list.push_back(ExecutionListItemJson(e));
    std::cout << Json{{"executions", std::move(list)}}.dump(2) << "\n";
  } else {
    PrintTable(all);
  }
  return kExitOk;
}

}  // namespace

CommandRunner AddExecutionsCommand(CLI::App& app);
const CommandRegistration kRegistration{40, &AddExecutionsCommand};

CommandRunner AddExecutionsCommand(CLI::App& app) {
  auto args = std::make_shared<ExecutionsArgs>();
  CLI::App* cmd = app.add_subcommand("executions", "List stored executions, newest first");
  AddDbOption(cmd, args->db);
  cmd->add_option("--status", args->status, "Only this status (RUNNING, SUCCEEDED, FAILED, ...)");
  cmd->add_option("--machine", args->machine, "Only this state machine (name or ARN)");
  cmd->add_option("--since", args->since,
                  "Only executions started at or after (RFC 3339 or 2h, 7d)");
  cmd->add_flag("--json", args->json, "Print ListExecutions' JSON shape");
  return [args] { return RunExecutions(*args); };
}

}  // namespace tern::cli
