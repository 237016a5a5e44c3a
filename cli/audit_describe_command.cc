// `tern describe EXECUTION [--json]`: one execution's status, input, output, error and cause
// (DescribeExecution's shape with --json). EXECUTION is an ARN or a unique name.
#include <iostream>

#include "cli/audit_support.h"
#include "cli/commands.h"

namespace tern::cli {
namespace {

struct DescribeArgs {
  std::string db;
  std::string execution;
  bool json = false;
};

int RunDescribe(const DescribeArgs& args) {
  auto store = OpenForAudit("describe", args.db);
  if (!store) return kExitUsage;
  auto e = store->GetExecution(args.execution);
  if (!e) {
    std::cerr << "tern describe: " << e.error().message() << "\n";
    return kExitUsage;
  }
  if (args.json) {
    std::cout << DescribeExecutionJson(*e).dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "execution:  " << e->arn << "\n"
            << "machine:    " << e->state_machine_arn << " (revision " << e->state_machine_revision
            << ")\n"
            << "status:     " << storage::ExecutionStatusName(e->status) << "\n"
            << "start:      " << FormatTime(e->start) << "\n"
            << "stop:       " << (e->stop ? FormatTime(*e->stop) : "-") << "\n"
            << "events:     " << e->event_count << "\n"
            << "input:      " << e->input << "\n";
  if (e->output) std::cout << "output:     " << *e->output << "\n";
  if (!e->error.empty()) std::cout << "error:      " << e->error << "\n";
  if (!e->cause.empty()) std::cout << "cause:      " << e->cause << "\n";
  return kExitOk;
}

}  // namespace

CommandRunner AddDescribeCommand(CLI::App& app);
const CommandRegistration kRegistration{41, &AddDescribeCommand};

CommandRunner AddDescribeCommand(CLI::App& app) {
  auto args = std::make_shared<DescribeArgs>();
  CLI::App* cmd = app.add_subcommand("describe", "Show one stored execution");
  cmd->add_option("execution", args->execution, "Execution ARN or name")->required();
  AddDbOption(cmd, args->db);
  cmd->add_flag("--json", args->json, "Print DescribeExecution's JSON shape");
  return [args] { return RunDescribe(*args); };
}

}  // namespace tern::cli
