#include "workers/detail/child_process.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tern::workers::detail {
namespace {

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// RAII for the posix_spawn objects.
struct SpawnObjects {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnObjects() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnObjects() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
};

}  // namespace

Result<ChildProcess> Spawn(const SpawnSpec& spec) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return Unexpected(Status::IoError(Errno("pipe2")));

  SpawnObjects objects;
  posix_spawn_file_actions_addopen(&objects.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&objects.actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&objects.actions, pipe_fds[1], 2);
  // Asio does not open sockets with SOCK_CLOEXEC: close everything above stderr in the child so
  // no environment inherits another's Runtime API socket or pipe.
  posix_spawn_file_actions_addclosefrom_np(&objects.actions, 3);
  posix_spawn_file_actions_addchdir_np(&objects.actions, spec.cwd.c_str());

  // Own process group (pgid = pid); default signal dispositions and an empty mask, whatever
  // tern ignores or blocks.
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setpgroup(&objects.attr, 0);
  posix_spawnattr_setsigdefault(&objects.attr, &all);
  posix_spawnattr_setsigmask(&objects.attr, &none);
  posix_spawnattr_setflags(&objects.attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::vector<char*> argv, envp;
  for (const std::string& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const std::string& e : spec.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  pid_t pid = -1;
  int rc = posix_spawn(&pid, spec.executable.c_str(), &objects.actions, &objects.attr, argv.data(),
                       envp.data());
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    return Unexpected(
        Status::IoError("cannot start " + spec.executable + ": " + std::strerror(rc)));
  }
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) {
    Status error = Status::IoError(Errno("pidfd_open"));
    KillGroup(pid);
    Reap(pid);
    close(pipe_fds[0]);
    return Unexpected(error);
  }
  fcntl(pidfd, F_SETFD, FD_CLOEXEC);
  fcntl(pipe_fds[0], F_SETFL, fcntl(pipe_fds[0], F_GETFL) | O_NONBLOCK);
  return ChildProcess{pid, pidfd, pipe_fds[0]};
}

void KillGroup(pid_t pgid) {
  if (pgid > 0) kill(-pgid, SIGKILL);
}

int Reap(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

std::string DescribeWaitStatus(int wait_status) {
  if (WIFEXITED(wait_status)) return "exit status " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    switch (WTERMSIG(wait_status)) {
      case SIGKILL:
        return "signal: killed";
      case SIGTERM:
        return "signal: terminated";
      case SIGSEGV:
        return "signal: segmentation fault";
      case SIGABRT:
        return "signal: aborted";
      case SIGINT:
        return "signal: interrupt";
      case SIGBUS:
        return "signal: bus error";
      default:
        return "signal: " + std::string(strsignal(WTERMSIG(wait_status)));
    }
  }
  return "exit status unknown";
}

}  // namespace tern::workers::detail
