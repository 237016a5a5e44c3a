// How an environment of a function is started: which program, which arguments, which
// environment variables (only Lambda's documented ones plus the function's own).
#pragma once

#include <string>

#include "common/result.h"
#include "common/status.h"
#include "project/project.h"
#include "workers/detail/child_process.h"
#include "workers/pool_options.h"

namespace tern::workers::detail {

enum class RuntimeKind { kPython, kNode, kProvided };

// python3.x, nodejs*.x, provided*; InvalidArgument names the unsupported runtime.
Result<RuntimeKind> ClassifyRuntime(const std::string& runtime);

// The interpreters and client scripts, resolved once per pool.
struct RuntimePaths {
  std::string runtimes_dir;  // holds python/bootstrap.py and node/bootstrap.js
  std::string python;        // absolute path of the real python3 binary ("" if none)
  std::string node;          // absolute path of node ("" if none)
};

// Explicit options first, then TERN_RUNTIMES_DIR, <binary dir>/runtimes,
// <binary dir>/../share/tern/runtimes, and the source tree (build trees, CI). "" when none.
std::string ResolveRuntimesDir(const PoolOptions& options);
// The real interpreter binaries (shims of pyenv/nvm resolved); "" when not installed. Each
// runs the interpreter once (tens of ms): call when a function of that runtime is added.
std::string ResolvePython(const PoolOptions& options);
std::string ResolveNode(const PoolOptions& options);

struct LaunchContext {
  uint16_t api_port = 0;
  std::string log_stream;    // AWS_LAMBDA_LOG_STREAM_NAME
  bool provisioned = false;  // AWS_LAMBDA_INITIALIZATION_TYPE
  std::string region;
};

// The spawn spec, or an error document's (errorType, errorMessage) when the function cannot
// start (missing bootstrap: Runtime.InvalidEntrypoint; missing interpreter).
struct LaunchError {
  std::string type;
  std::string message;
};
Result<SpawnSpec, LaunchError> PlanLaunch(const project::FunctionSpec& spec,
                                          const RuntimePaths& paths, const LaunchContext& context);

}  // namespace tern::workers::detail
