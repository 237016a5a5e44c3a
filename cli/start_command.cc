// `tern start DEFINITION`: records new executions in the database without running them (the
// StartExecution half of `tern run --db`). `tern resume` or `tern serve` runs them; useful to
// queue work for a runner and in crash tests.
#include <iostream>

#include "cli/commands.h"
#include "cli/invoker_flags.h"
#include "cli/machine_registration.h"
#include "cli/store_flags.h"
#include "engine/clock.h"
#include "engine/mock_invoker.h"
#include "runtime/runner.h"

namespace tern::cli {
namespace {

struct StartArgs {
  std::string definition;
  std::string input = "{}";
  std::string input_file;
  std::string name;
  std::string machine_name;
  int count = 1;
  StoreFlags store;
};

int RunStart(const StartArgs& args) {
  std::string input = args.input;
  if (!args.input_file.empty()) {
    auto text = ReadTextFile(args.input_file);
    if (!text) {
      std::cerr << "tern start: " << text.error() << "\n";
      return kExitUsage;
    }
    input = std::move(text).value();
  }
  auto store = OpenStoreFromFlags(args.store);
  if (!store) {
    std::cerr << "tern start: " << store.error() << "\n";
    return kExitUsage;
  }
  auto source = ResolveDefinition(args.definition, args.machine_name, "");
  if (!source) {
    std::cerr << "tern start: " << source.error() << "\n";
    return kExitUsage;
  }
  auto machine = RegisterDefinition(**store, *source);
  if (!machine) {
    std::cerr << "tern start: " << machine.error() << "\n";
    return kExitUsage;
  }
  // Nothing runs here, so no task is ever invoked.
  engine::UnavailableInvoker invoker;
  engine::RealClock clock;
  runtime::Runner runner(**store, invoker, clock);
  for (int i = 0; i < args.count; ++i) {
    std::string name = args.name;
    if (!name.empty() && args.count > 1) name += "-" + std::to_string(i + 1);
    auto started = runner.StartExecution(*machine, name, input, /*run=*/false);
    if (!started) {
      std::cerr << "tern start: " << started.error().message() << "\n";
      return kExitUsage;
    }
    std::cout << started->arn << "\n";
  }
  return kExitOk;
}

}  // namespace

CommandRunner AddStartCommand(CLI::App& app);
const CommandRegistration kRegistration{21, &AddStartCommand};

CommandRunner AddStartCommand(CLI::App& app) {
  auto args = std::make_shared<StartArgs>();
  CLI::App* cmd = app.add_subcommand(
      "start", "Record new executions in the database; `tern resume` or `tern serve` runs them");
  cmd->add_option("definition", args->definition, "Definition file (.json, .yaml)")->required();
  cmd->add_option("--input", args->input, "Execution input as JSON text (default {})");
  cmd->add_option("--input-file", args->input_file, "Read the execution input from a file")
      ->excludes("--input");
  cmd->add_option("--name", args->name,
                  "Execution name (default: a UUID; with --count, NAME-1, NAME-2, ...)");
  cmd->add_option("--machine-name", args->machine_name,
                  "State machine name (default: the file name without extensions)");
  cmd->add_option("--count", args->count, "How many executions to start (default 1)")
      ->check(CLI::Range(1, 1000000));
  AddStoreFlags(*cmd, args->store);
  return [args] { return RunStart(*args); };
}

}  // namespace tern::cli
