// The subcommands of `tern`. Each registers its options on the CLI11 app and returns the
// process exit code when run. Exit codes follow one rule across commands:
//   0 success, 1 the thing checked/run failed (invalid definition, failed execution),
//   2 usage, I/O or configuration error.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace tern::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

using CommandRunner = std::function<int()>;

CommandRunner AddValidateCommand(CLI::App& app);
CommandRunner AddRunCommand(CLI::App& app);
CommandRunner AddJsonataCommand(CLI::App& app);

}  // namespace tern::cli
