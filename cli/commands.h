// The subcommands of `tern`. Each registers its options on the CLI11 app and returns the
// process exit code when run. Exit codes follow one rule across commands:
//   0 success, 1 the thing checked/run failed (invalid definition, failed execution),
//   2 usage, I/O or configuration error.
#pragma once

#include <functional>
#include <vector>

#include <CLI/CLI.hpp>

namespace tern::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

using CommandRunner = std::function<int()>;
// Adds one subcommand to `app` and returns what runs it.
using CommandFactory = CommandRunner (*)(CLI::App& app);

// Each cli/*_command.cc registers its subcommands with a namespace-scope
//   const CommandRegistration kRegistration{40, &AddFooCommand};
// so adding a command never edits main.cc. `order` sorts `tern --help`.
struct CommandRegistration {
  CommandRegistration(int order, CommandFactory factory);
};

struct RegisteredCommand {
  int order;
  CommandFactory factory;
};
// Every registered command, sorted by order.
std::vector<RegisteredCommand> RegisteredCommands();

}  // namespace tern::cli
