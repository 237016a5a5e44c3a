// `tern verify [EXECUTION...]`: recomputes the hash chain of each execution's history (all of
// them when none is named) and reports the first altered or missing event. Exit 0 all intact,
// 1 a problem was found, 2 usage or I/O.
#include <iostream>

#include "cli/audit_support.h"
#include "cli/commands.h"

namespace tern::cli {
namespace {

struct VerifyArgs {
  std::string db;
  std::vector<std::string> executions;
};

int RunVerify(const VerifyArgs& args) {
  auto store = OpenForAudit("verify", args.db);
  if (!store) return kExitUsage;
  std::vector<std::string> arns;
  for (const std::string& arg : args.executions) {
    auto e = store->GetExecution(arg);
    if (!e) {
      std::cerr << "tern verify: " << e.error().message() << "\n";
      return kExitUsage;
    }
    arns.push_back(e->arn);
  }
  if (args.executions.empty()) {
    storage::ExecutionFilter filter;
    filter.limit = 1000;
    for (;;) {
      auto page = store->ListExecutions(filter);
      if (!page) {
        std::cerr << "tern verify: " << page.error().message() << "\n";
        return kExitUsage;
      }
      for (const auto& e : page->executions) arns.push_back(e.arn);
      if (page->next_page_token.empty()) break;
      filter.page_token = page->next_page_token;
    }
  }
  int64_t events = 0, bad = 0;
  for (const std::string& arn : arns) {
    auto report = store->Verify(arn);
    if (!report) {
      std::cerr << "tern verify: " << report.error().message() << "\n";
      return kExitUsage;
    }
    events += report->events_checked;
    if (!report->ok) {
      ++bad;
      std::cout << "FAILED " << arn << ": " << report->problem << "\n";
    }
  }
  std::cout << "verified " << arns.size() << " execution" << (arns.size() == 1 ? "" : "s") << " ("
            << events
            << " events): " << (bad == 0 ? "all intact" : std::to_string(bad) + " with problems")
            << "\n";
  return bad == 0 ? kExitOk : kExitFailed;
}

}  // namespace

CommandRunner AddVerifyCommand(CLI::App& app);
const CommandRegistration kRegistration{45, &AddVerifyCommand};

CommandRunner AddVerifyCommand(CLI::App& app) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "Check stored histories against their hash chain (tamper evidence)");
  cmd->add_option("executions", args->executions, "Execution ARNs or names (default: all)");
  AddDbOption(cmd, args->db);
  return [args] { return RunVerify(*args); };
}

}  // namespace tern::cli
