// Helpers of the workers tests: a pool with its logs in a scratch folder, and function specs for
// the fixtures in testdata/.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdlib.h>
#include <string>

#include "project/project.h"
#include "workers/pool.h"

namespace tern::workers::testing {

class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tern-workers-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string Testdata(const std::string& relative) {
  return std::string(TERN_WORKERS_TESTDATA) + "/" + relative;
}

inline project::FunctionSpec Function(const std::string& name, const std::string& runtime,
                                      const std::string& code_dir, const std::string& handler,
                                      int timeout_seconds = 60) {
  project::FunctionSpec spec;
  spec.name = name;
  spec.logical_id = name;
  spec.runtime = runtime;
  spec.code_dir = code_dir;
  spec.handler = handler;
  spec.timeout_seconds = timeout_seconds;
  spec.memory_mb = 512;
  return spec;
}

inline project::FunctionSpec Python(const std::string& name, const std::string& handler,
                                    int timeout_seconds = 60) {
  return Function(name, "python3.12", Testdata("python"), handler, timeout_seconds);
}

inline project::FunctionSpec Node(const std::string& name, const std::string& handler,
                                  int timeout_seconds = 60) {
  return Function(name, "nodejs20.x", Testdata("node"), handler, timeout_seconds);
}

inline project::FunctionSpec ProvidedEcho(const std::string& name, int timeout_seconds = 60) {
  return Function(name, "provided.al2023", TERN_ECHO_BOOTSTRAP_DIR, "echo", timeout_seconds);
}

inline InvokeRequest Request(const std::string& function, const std::string& payload = "{}") {
  InvokeRequest request;
  request.function = function;
  request.payload = payload;
  return request;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline PoolOptions TestOptions(const ScratchDir& dir) {
  PoolOptions options;
  options.log_dir = dir.path() + "/logs";
  return options;
}

// Whether a process exists and is not a zombie.
inline bool ProcessAlive(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return false;
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');
  return close != std::string::npos && close + 2 < text.size() && text[close + 2] != 'Z';
}

}  // namespace tern::workers::testing
