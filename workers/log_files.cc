#include "workers/log_files.h"

namespace tern::workers {

std::string ProjectLogDir(const std::string& project_dir) { return project_dir + "/.tern/logs"; }

std::string FunctionLogPath(const std::string& log_dir, const std::string& function) {
  return log_dir + "/" + function + ".log";
}

}  // namespace tern::workers
