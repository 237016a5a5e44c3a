// `tern logs FUNCTION [--follow] [--config FILE]`: prints a function's log (the previous file
// after a rotation, then the current one): START/END/REPORT lines and everything the function
// printed. --follow keeps printing what is appended, across rotations, until interrupted.
// Exit 0; 2 for usage or project errors (a function that never ran has an empty log).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <thread>

#include "cli/commands.h"
#include "project/project.h"
#include "workers/log_files.h"

namespace tern::cli {
namespace {

constexpr auto kFollowPoll = std::chrono::milliseconds(200);

struct LogsArgs {
  std::string function;
  bool follow = false;
  std::string config;
};

// Copies the file from `offset` to stdout; returns the new offset.
std::streamoff Copy(const std::string& path, std::streamoff offset) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return offset;
  in.seekg(offset);
  char buf[64 * 1024];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    std::cout.write(buf, in.gcount());
    offset += in.gcount();
  }
  std::cout.flush();
  return offset;
}

ino_t Inode(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

int RunLogs(const LogsArgs& args) {
  std::string config = args.config;
  if (config.empty()) {
    auto found = project::FindProjectFile(std::filesystem::current_path().string());
    if (!found) {
      std::cerr << "tern logs: " << found.error().message() << "\n";
      return kExitUsage;
    }
    config = *found;
  }
  auto loaded = project::LoadProject(config);
  if (!loaded) {
    std::cerr << "tern logs: " << loaded.error().message() << "\n";
    return kExitUsage;
  }
  const project::FunctionSpec* spec = loaded->FindFunction(args.function);
  if (!spec) {
    std::cerr << "tern logs: no function '" << args.function << "' in " << config << "\n";
    return kExitUsage;
  }
  std::string path = workers::FunctionLogPath(workers::ProjectLogDir(loaded->dir), spec->name);
  Copy(path + ".1", 0);
  std::streamoff offset = Copy(path, 0);
  if (!args.follow) return kExitOk;
  ino_t inode = Inode(path);
  for (;;) {
    std::this_thread::sleep_for(kFollowPoll);
    ino_t now = Inode(path);
    if (now != inode) {  // rotated: finish nothing more of the old file, start the new one
      inode = now;
      offset = 0;
    }
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && static_cast<std::streamoff>(size) < offset) offset = 0;
    offset = Copy(path, offset);
  }
}

}  // namespace

CommandRunner AddLogsCommand(CLI::App& app);
const CommandRegistration kRegistration{61, &AddLogsCommand};

CommandRunner AddLogsCommand(CLI::App& app) {
  auto args = std::make_shared<LogsArgs>();
  CLI::App* cmd = app.add_subcommand("logs", "Print a function's log (START/END/REPORT, output)");
  cmd->add_option("function", args->function, "The function's name or ARN")->required();
  cmd->add_flag("--follow,-f", args->follow, "Keep printing new lines until interrupted");
  cmd->add_option("--config", args->config,
                  "The project file (default: tern.yaml, template.yaml in this folder)");
  return [args] { return RunLogs(*args); };
}

}  // namespace tern::cli
