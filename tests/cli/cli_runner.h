// Runs the real `tern` binary (end-to-end tests): captures stdout, stderr and the exit code.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace tern::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A scratch directory under the system temp dir, removed at destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tern-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& content) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p) << content;
    return p;
  }

 private:
  std::string path_;
};

// Runs `tern ARGS` in `cwd` (empty: the test's own working directory). `args` is appended to
// the binary path as is (the caller quotes for /bin/sh).
inline CommandResult RunTernIn(const std::string& cwd, const std::string& args) {
  static TempDir captured;  // stdout and stderr land here, not in the folder the test inspects
  const std::string out = captured.path() + "/out", err = captured.path() + "/err";
  std::string cmd = std::string(TERN_BINARY) + " " + args + " >" + out + " 2>" + err;
  if (!cwd.empty()) cmd = "cd '" + cwd + "' && " + cmd;
  int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadAll(out);
  r.err = ReadAll(err);
  return r;
}

inline CommandResult RunTern(const std::string& args) { return RunTernIn("", args); }

inline std::string Source(const std::string& relative) {
  return std::string(TERN_SOURCE_DIR) + "/" + relative;
}

}  // namespace tern::testing
