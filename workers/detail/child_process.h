// Starting and stopping an environment's process: posix_spawn into a new process group with a
// given argv, environment and working directory; stdin from /dev/null; stdout and stderr into
// one pipe; every other descriptor of tern closed in the child.
//
// Thread safety: free functions, safe from any thread.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

#include "common/result.h"
#include "common/status.h"

namespace tern::workers::detail {

struct SpawnSpec {
  std::string executable;  // absolute path
  std::vector<std::string> argv;
  std::vector<std::string> env;  // "KEY=value"
  std::string cwd;
};

struct ChildProcess {
  pid_t pid = -1;      // also the process group id
  int pidfd = -1;      // readable when the process exits (pidfd_open)
  int output_fd = -1;  // read end of the stdout+stderr pipe, O_NONBLOCK, O_CLOEXEC
};

Result<ChildProcess> Spawn(const SpawnSpec& spec);

// SIGKILL to the whole process group (the runtime and anything it forked).
void KillGroup(pid_t pgid);

// Reaps `pid` (blocking; call once the process has exited or been killed). Returns the wait
// status.
int Reap(pid_t pid);

// Go's ProcessState text, which Lambda's messages use: "exit status 1", "signal: killed".
std::string DescribeWaitStatus(int wait_status);

}  // namespace tern::workers::detail
