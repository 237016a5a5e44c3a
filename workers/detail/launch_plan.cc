#include "workers/detail/launch_plan.h"

#include <map>
#include <unistd.h>

namespace tern::workers::detail {
namespace {

// Lambda's PATH, with the interpreter's own folder first so `python3`/`node` in a subprocess
// finds the same interpreter.
constexpr const char* kBasePath = "/usr/local/bin:/usr/bin:/bin:/opt/bin";

std::string Dirname(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace

Result<RuntimeKind> ClassifyRuntime(const std::string& runtime) {
  if (runtime.starts_with("python3")) return RuntimeKind::kPython;
  if (runtime.starts_with("nodejs")) return RuntimeKind::kNode;
  if (runtime.starts_with("provided")) return RuntimeKind::kProvided;
  return Unexpected(Status::InvalidArgument("unsupported runtime '" + runtime +
                                            "' (tern runs python3.x, nodejs*.x and provided*)"));
}

Result<SpawnSpec, LaunchError> PlanLaunch(const project::FunctionSpec& spec,
                                          const RuntimePaths& paths, const LaunchContext& context) {
  auto kind = ClassifyRuntime(spec.runtime);
  if (!kind) return Unexpected(LaunchError{"Runtime.InvalidRuntime", kind.error().message()});
  SpawnSpec out;
  out.cwd = spec.code_dir;
  std::string interpreter;
  switch (*kind) {
    case RuntimeKind::kPython:
      interpreter = paths.python;
      out.executable = paths.python;
      out.argv = {paths.python, paths.runtimes_dir + "/python/bootstrap.py"};
      break;
    case RuntimeKind::kNode:
      interpreter = paths.node;
      out.executable = paths.node;
      out.argv = {paths.node, paths.runtimes_dir + "/node/bootstrap.js"};
      break;
    case RuntimeKind::kProvided:
      out.executable = spec.code_dir + "/bootstrap";
      out.argv = {out.executable};
      if (access(out.executable.c_str(), X_OK) != 0) {
        return Unexpected(
            LaunchError{"Runtime.InvalidEntrypoint",
                        "Couldn't find valid bootstrap(s): [" + out.executable + "]"});
      }
      break;
  }
  if (*kind != RuntimeKind::kProvided && interpreter.empty()) {
    return Unexpected(
        LaunchError{"Runtime.InvalidEntrypoint", "no interpreter for runtime " + spec.runtime +
                                                     " on this machine (install python3 / node)"});
  }

  // The function's own variables first, so Lambda's reserved names win over them.
  std::map<std::string, std::string> env(spec.environment.begin(), spec.environment.end());
  auto set = [&env](const std::string& key, const std::string& value) { env[key] = value; };
  set("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + std::to_string(context.api_port));
  set("_HANDLER", spec.handler);
  set("AWS_LAMBDA_FUNCTION_NAME", spec.name);
  set("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
  set("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", std::to_string(spec.memory_mb));
  set("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name);
  set("AWS_LAMBDA_LOG_STREAM_NAME", context.log_stream);
  set("AWS_LAMBDA_INITIALIZATION_TYPE",
      context.provisioned ? "provisioned-concurrency" : "on-demand");
  set("AWS_REGION", context.region);
  set("AWS_DEFAULT_REGION", context.region);
  set("LAMBDA_TASK_ROOT", spec.code_dir);
  set("LAMBDA_RUNTIME_DIR", paths.runtimes_dir);
  if (*kind != RuntimeKind::kProvided) set("AWS_EXECUTION_ENV", "AWS_Lambda_" + spec.runtime);
  set("TZ", ":UTC");
  set("LANG", "C.UTF-8");
  set("PATH", interpreter.empty() ? kBasePath : Dirname(interpreter) + ":" + kBasePath);
  if (*kind == RuntimeKind::kPython) set("PYTHONDONTWRITEBYTECODE", "1");
  for (const auto& [key, value] : env) out.env.push_back(key + "=" + value);
  return out;
}

}  // namespace tern::workers::detail
