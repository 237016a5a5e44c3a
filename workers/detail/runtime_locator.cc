// Finding the bundled runtime clients and the interpreters (see launch_plan.h).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits.h>
#include <unistd.h>
#include <vector>

#include "workers/detail/launch_plan.h"

namespace tern::workers::detail {
namespace {

namespace fs = std::filesystem;

bool HasClients(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "python" / "bootstrap.py", ec) &&
         fs::exists(dir / "node" / "bootstrap.js", ec);
}

std::string SelfDir() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  buf[n] = '\0';
  return fs::path(buf).parent_path().string();
}

std::string FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + name;
    if (end > start && access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

// Version managers (pyenv, nvm, asdf) put shell-script shims on PATH that need their own
// environment variables; the interpreter names its real binary, which runs in a clean one.
std::string RealInterpreter(const std::string& found, const char* print_self) {
  if (found.empty()) return "";
  std::string command = "'" + found + "' " + print_self + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return found;
  char buf[PATH_MAX] = {};
  std::string out = fgets(buf, sizeof buf, pipe) ? buf : "";
  pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out.empty() || access(out.c_str(), X_OK) != 0 ? found : out;
}

}  // namespace

std::string ResolveRuntimesDir(const PoolOptions& options) {
  std::vector<fs::path> candidates;
  if (!options.runtimes_dir.empty()) candidates.emplace_back(options.runtimes_dir);
  if (const char* env = std::getenv("TERN_RUNTIMES_DIR")) candidates.emplace_back(env);
  std::string self = SelfDir();
  candidates.push_back(fs::path(self) / "runtimes");
  candidates.push_back(fs::path(self) / ".." / "share" / "tern" / "runtimes");
  candidates.emplace_back(TERN_WORKERS_SOURCE_RUNTIMES);
  for (const fs::path& dir : candidates) {
    if (HasClients(dir)) {
      std::error_code ec;
      std::string canonical = fs::canonical(dir, ec).string();
      return ec ? dir.string() : canonical;
    }
  }
  return "";
}

std::string ResolvePython(const PoolOptions& options) {
  if (!options.python_executable.empty()) return options.python_executable;
  return RealInterpreter(FindOnPath("python3"), "-c 'import sys; print(sys.executable)'");
}

std::string ResolveNode(const PoolOptions& options) {
  if (!options.node_executable.empty()) return options.node_executable;
  return RealInterpreter(FindOnPath("node"), "-e 'console.log(process.execPath)'");
}

}  // namespace tern::workers::detail
