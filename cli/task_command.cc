// `tern task success|failure|heartbeat TOKEN`: SendTaskSuccess / SendTaskFailure /
// SendTaskHeartbeat from the command line, through the database. A task waiting on a token
// holds no process: when no live tern process runs its execution, this command resumes the
// execution itself and runs it until it ends or waits for another token; when one does
// (`tern serve`, `tern run --db`), that process picks the answer up within a fraction of a second.
#include <iostream>

#include "cli/commands.h"
#include "cli/invoker_flags.h"
#include "cli/services.h"
#include "cli/store_flags.h"
#include "common/json_depth.h"
#include "engine/clock.h"
#include "runtime/runner.h"

namespace tern::cli {
namespace {

struct TaskArgs {
  std::string action;  // success | failure | heartbeat
  std::string token;
  std::string output = "{}";
  std::string error;
  std::string cause;
  StoreFlags store;
  InvokerFlags invoker;
};

// Runs the execution waiting for the token when no live process does.
int ContinueExecution(const TaskArgs& args, storage::Store& store, const std::string& arn) {
  auto claimed = store.ClaimExecution(arn);
  if (!claimed) {
    std::cerr << "tern task: " << claimed.error().message() << "\n";
    return kExitUsage;
  }
  if (!*claimed) {
    std::cerr << "tern task: recorded; the tern process running " << arn << " continues it\n";
    return kExitOk;
  }
  auto services = Services::Open(args.invoker, "", &store);
  if (!services) {
    std::cerr << "tern task: " << services.error() << "\n";
    return kExitUsage;
  }
  engine::RealClock clock;
  runtime::Runner runner(store, (*services)->invoker(), clock);
  triggers::RunnerBinding bind_runner((*services)->bus(), runner);
  std::vector<storage::ClaimedExecution> one;
  one.push_back(std::move(**claimed));
  runner.Resume(std::move(one));
  runner.WaitSettled();
  auto record = store.GetExecution(arn);
  if (!record) {
    std::cerr << "tern task: " << record.error().message() << "\n";
    return kExitUsage;
  }
  std::cerr << arn << ": " << storage::ExecutionStatusName(record->status);
  if (record->status == storage::ExecutionStatus::kRunning) {
    std::cerr << " (waits for another task token)";
  }
  std::cerr << "\n";
  return kExitOk;
}

int RunTask(const TaskArgs& args) {
  auto store = OpenStoreFromFlags(args.store);
  if (!store) {
    std::cerr << "tern task: " << store.error() << "\n";
    return kExitUsage;
  }
  auto token = (*store)->GetTaskToken(args.token);
  if (!token) {
    std::cerr << "tern task: no task waits for this token (it completed, timed out, or the "
                 "token is wrong)\n";
    return kExitFailed;
  }
  const storage::TimeMs now = engine::RealClock().Now();
  Status recorded;
  if (args.action == "heartbeat") {
    recorded = (*store)->HeartbeatTaskToken(args.token, now);
  } else {
    storage::TaskTokenCompletion c;
    c.success = args.action == "success";
    c.completed = now;
    if (c.success) {
      if (JsonNestsDeeperThan(args.output)) {
        std::cerr << "tern task: --output nests deeper than " << kMaxJsonNesting << " levels\n";
        return kExitUsage;
      }
      Json output = Json::parse(args.output, nullptr, false);
      if (output.is_discarded()) {
        std::cerr << "tern task: --output is not valid JSON\n";
        return kExitUsage;
      }
      c.output = output.dump();
    } else {
      c.error = args.error;
      c.cause = args.cause;
    }
    recorded = (*store)->CompleteTaskToken(args.token, c);
  }
  if (!recorded.ok()) {
    std::cerr << "tern task: " << recorded.message() << "\n";
    return recorded.code() == StatusCode::kNotFound ||
                   recorded.code() == StatusCode::kFailedPrecondition
               ? kExitFailed
               : kExitUsage;
  }
  if (args.action == "heartbeat") return kExitOk;
  return ContinueExecution(args, **store, token->execution_arn);
}

}  // namespace

CommandRunner AddTaskCommand(CLI::App& app);
const CommandRegistration kRegistration{25, &AddTaskCommand};

CommandRunner AddTaskCommand(CLI::App& app) {
  auto args = std::make_shared<TaskArgs>();
  CLI::App* cmd = app.add_subcommand(
      "task", "Answer a task waiting on a token: success, failure or heartbeat");
  cmd->require_subcommand(1);
  CLI::App* success = cmd->add_subcommand("success", "SendTaskSuccess: the task's output");
  CLI::App* failure = cmd->add_subcommand("failure", "SendTaskFailure: the task's error");
  CLI::App* heartbeat = cmd->add_subcommand("heartbeat", "SendTaskHeartbeat: the task lives on");
  for (CLI::App* sub : {success, failure, heartbeat}) {
    sub->add_option("token", args->token, "The task token ($$.Task.Token)")->required();
    AddStoreFlags(*sub, args->store);
    AddInvokerFlags(*sub, args->invoker);
    sub->callback([args, sub] { args->action = sub->get_name(); });
  }
  success->add_option("--output", args->output, "The task's output as JSON (default {})");
  failure->add_option("--error", args->error, "The error name");
  failure->add_option("--cause", args->cause, "The error cause");
  return [args] { return RunTask(*args); };
}

}  // namespace tern::cli
