// tern: Step Functions and Lambda on your own machine. Wires the subcommands together.
#include <iostream>
#include <map>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"tern: Step Functions and Lambda on your own machine"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("tern 0.1.0"));

  std::map<CLI::App*, tern::cli::CommandRunner> runners;
  auto add = [&](tern::cli::CommandRunner runner) {
    runners[app.get_subcommands({}).back()] = std::move(runner);
  };
  for (const tern::cli::RegisteredCommand& command : tern::cli::RegisteredCommands()) {
    add(command.factory(app));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? tern::cli::kExitOk : tern::cli::kExitUsage;
  }
  for (auto& [sub, run] : runners) {
    if (sub->parsed()) {
      try {
        return run();
      } catch (const std::exception& e) {
        std::cerr << "tern: internal error: " << e.what() << "\n";
        return tern::cli::kExitUsage;
      }
    }
  }
  return tern::cli::kExitUsage;
}
