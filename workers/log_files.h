// Where a function's log lives, for the pool and for `tern logs`: <log_dir>/<function>.log, and
// the previous file <function>.log.1 after a rotation (see detail/function_log.h).
#pragma once

#include <string>

namespace tern::workers {

// The default log folder of a project: <project dir>/.tern/logs.
std::string ProjectLogDir(const std::string& project_dir);
std::string FunctionLogPath(const std::string& log_dir, const std::string& function);

}  // namespace tern::workers
