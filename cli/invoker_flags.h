// How Task states are answered from the command line: --mock FILE --test-case NAME (Step
// Functions Local's MockConfigFile, docs/mocking.md), or the functions of the project file
// (--config; see cli/services.h).
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "common/result.h"
#include "engine/invoker.h"

namespace tern::cli {

struct InvokerFlags {
  std::string mock;
  std::string test_case;
  std::string config;  // the project file; empty: tern.yaml / template.yaml here, if any
};

void AddInvokerFlags(CLI::App& command, InvokerFlags& flags);

// The mocked responses of --mock/--test-case. `machine_name` picks the mock file's state
// machine (empty: the only one with that test case).
Result<std::unique_ptr<engine::Invoker>, std::string> MakeMockInvoker(
    const InvokerFlags& flags, const std::string& machine_name);

// Reads a whole (size-limited) file for a command; the error names the file.
Result<std::string, std::string> ReadTextFile(const std::string& path);

}  // namespace tern::cli
