// `tern redrive EXECUTION`: RedriveExecution from the command line. A FAILED, TIMED_OUT or
// ABORTED execution in the database runs again from the states that did not succeed (after
// you fixed the function or the data), in this process, to its end; docs/redrive.md.
#include <iostream>

#include "cli/commands.h"
#include "cli/invoker_flags.h"
#include "cli/services.h"
#include "cli/store_flags.h"
#include "engine/clock.h"
#include "runtime/runner.h"
#include "storage/store.h"

namespace tern::cli {
namespace {

struct RedriveArgs {
  StoreFlags store;
  InvokerFlags invoker;
  std::string execution;  // ARN, or a name when only one execution has it
  std::string client_token;
};

int RunRedrive(const RedriveArgs& args) {
  auto store = OpenStoreFromFlags(args.store);
  if (!store) {
    std::cerr << "tern redrive: " << store.error() << "\n";
    return kExitUsage;
  }
  auto record = (*store)->GetExecution(args.execution);
  if (!record) {
    std::cerr << "tern redrive: " << record.error().message() << "\n";
    return kExitUsage;
  }
  const std::string machine_name =
      record->state_machine_arn.substr(record->state_machine_arn.rfind(':') + 1);
  auto services = Services::Open(args.invoker, machine_name, store->get());
  if (!services) {
    std::cerr << "tern redrive: " << services.error() << "\n";
    return kExitUsage;
  }
  engine::RealClock clock;
  runtime::Runner runner(**store, (*services)->invoker(), clock);
  triggers::RunnerBinding bind_runner((*services)->bus(), runner);
  auto redriven = runner.RedriveExecution(record->arn, args.client_token);
  if (!redriven) {
    std::cerr << "tern redrive: " << record->arn << ": " << redriven.error().message() << "\n";
    return redriven.error().code() == StatusCode::kFailedPrecondition ? kExitFailed : kExitUsage;
  }
  std::cerr << "tern redrive: " << redriven->arn << " redriven (redrive " << redriven->redrive_count
            << "), running its unsuccessful states again\n";
  if (runner.WaitSettled() > 0) {
    std::cerr << "tern redrive: it waits for a task token (`tern task success TOKEN` or "
                 "SendTaskSuccess resumes it)\n";
    return kExitOk;
  }
  auto ended = (*store)->GetExecution(redriven->arn);
  if (!ended) {
    std::cerr << "tern redrive: " << ended.error().message() << "\n";
    return kExitUsage;
  }
  const std::string status(storage::ExecutionStatusName(ended->status));
  if (ended->status == storage::ExecutionStatus::kSucceeded) {
    std::cout << ended->output.value_or("null") << "\n";
    std::cerr << "tern redrive: " << status << "\n";
    return kExitOk;
  }
  std::cerr << "tern redrive: " << status;
  if (!ended->error.empty()) std::cerr << ": " << ended->error;
  if (!ended->cause.empty()) std::cerr << ": " << ended->cause;
  std::cerr << "\n";
  return kExitFailed;
}

}  // namespace

CommandRunner AddRedriveCommand(CLI::App& app);
const CommandRegistration kRegistration{23, &AddRedriveCommand};

CommandRunner AddRedriveCommand(CLI::App& app) {
  auto args = std::make_shared<RedriveArgs>();
  CLI::App* cmd = app.add_subcommand(
      "redrive",
      "Run a FAILED, TIMED_OUT or ABORTED execution again from the states that did not succeed");
  cmd->add_option("execution", args->execution, "Execution ARN (or its name, when unique)")
      ->required();
  cmd->add_option("--client-token", args->client_token,
                  "Idempotency token: the same token redrives the execution only once");
  AddStoreFlags(*cmd, args->store);
  AddInvokerFlags(*cmd, args->invoker);
  return [args] { return RunRedrive(*args); };
}

}  // namespace tern::cli
