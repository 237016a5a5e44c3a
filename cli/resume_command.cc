// `tern resume`: runs every unfinished execution in the database to its end (those of a
// process that crashed or was killed, and those recorded by `tern start`), then exits. An
// execution paused on a task token stays paused in the database: no process waits for it.
// Executions owned by another live tern process are left to it.
#include <iostream>

#include "cli/commands.h"
#include "cli/invoker_flags.h"
#include "cli/services.h"
#include "cli/store_flags.h"
#include "engine/clock.h"
#include "runtime/runner.h"

namespace tern::cli {
namespace {

struct ResumeArgs {
  StoreFlags store;
  InvokerFlags invoker;
  std::string machine_name;
};

int RunResume(const ResumeArgs& args) {
  auto store = OpenStoreFromFlags(args.store);
  if (!store) {
    std::cerr << "tern resume: " << store.error() << "\n";
    return kExitUsage;
  }
  auto services = Services::Open(args.invoker, args.machine_name, store->get());
  if (!services) {
    std::cerr << "tern resume: " << services.error() << "\n";
    return kExitUsage;
  }
  engine::RealClock clock;
  runtime::Runner runner(**store, (*services)->invoker(), clock);
  triggers::RunnerBinding bind_runner((*services)->bus(), runner);
  auto resumed = runner.ResumeUnfinished();
  if (!resumed) {
    std::cerr << "tern resume: " << resumed.error().message() << "\n";
    return kExitUsage;
  }
  std::cerr << "tern resume: resuming " << *resumed << " execution" << (*resumed == 1 ? "" : "s")
            << "\n";
  const size_t parked = runner.WaitSettled();
  if (runner.failed_commits() > 0) {
    std::cerr << "tern resume: " << runner.failed_commits()
              << " commits failed; those executions stay RUNNING at their last checkpoint\n";
    return kExitFailed;
  }
  if (parked > 0) {
    std::cerr << "tern resume: " << parked << " execution" << (parked == 1 ? " waits" : "s wait")
              << " for a task token (`tern task success TOKEN` or SendTaskSuccess resumes it)\n";
  }
  std::cerr << "tern resume: done\n";
  return kExitOk;
}

}  // namespace

CommandRunner AddResumeCommand(CLI::App& app);
const CommandRegistration kRegistration{22, &AddResumeCommand};

CommandRunner AddResumeCommand(CLI::App& app) {
  auto args = std::make_shared<ResumeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "resume", "Run every unfinished execution in the database to its end, then exit");
  AddStoreFlags(*cmd, args->store);
  AddInvokerFlags(*cmd, args->invoker);
  cmd->add_option("--machine-name", args->machine_name,
                  "State machine whose test case the mock file provides (default: the only one)");
  return [args] { return RunResume(*args); };
}

}  // namespace tern::cli
