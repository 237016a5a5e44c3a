// Runs the real `tern serve` on an ephemeral port for end-to-end tests: waits for its
// "listening on http://HOST:PORT" line on stderr (no sleeps), and stops it with SIGTERM.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <regex>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace tern::testing {

// A scratch directory removed at destruction.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tern-serve-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& content) const {
    std::string p = path_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream(p) << content;
    return p;
  }

 private:
  std::string path_;
};

class ServeProcess {
 public:
  // `extra` flags are appended to `tern serve --listen 127.0.0.1:0`; runs in `dir`.
  bool Start(const std::string& dir, const std::vector<std::string>& extra,
             std::chrono::seconds timeout = std::chrono::seconds(120)) {
    int fds[2];
    if (pipe(fds) != 0) return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> args = {TERN_BINARY, "serve", "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::string old = std::filesystem::current_path().string();
    std::filesystem::current_path(dir);
    int rc = posix_spawn(&pid_, TERN_BINARY, &actions, nullptr, argv.data(), environ);
    std::filesystem::current_path(old);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
      close(fds[0]);
      return false;
    }
    stderr_fd_ = fds[0];
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    static const std::regex kListening("listening on http://127\\.0\\.0\\.1:([0-9]+)");
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{stderr_fd_, POLLIN, 0};
      int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      deadline - std::chrono::steady_clock::now())
                                      .count());
      if (poll(&p, 1, std::max(left, 1)) <= 0) continue;
      char buffer[4096];
      ssize_t n = read(stderr_fd_, buffer, sizeof buffer);
      if (n <= 0) return false;  // exited before listening
      log_.append(buffer, static_cast<size_t>(n));
      std::smatch m;
      if (std::regex_search(log_, m, kListening)) {
        port_ = std::stoi(m[1]);
        return true;
      }
    }
    return false;
  }

  // SIGTERM, then the exit code (-1 when killed by a signal); collects the rest of stderr.
  int Stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    Drain();
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  ~ServeProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    if (stderr_fd_ >= 0) close(stderr_fd_);
  }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& log() const { return log_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void Drain() {
    if (stderr_fd_ < 0) return;
    char buffer[4096];
    ssize_t n;
    while ((n = read(stderr_fd_, buffer, sizeof buffer)) > 0) {
      log_.append(buffer, static_cast<size_t>(n));
    }
    close(stderr_fd_);
    stderr_fd_ = -1;
  }

  pid_t pid_ = -1;
  int stderr_fd_ = -1;
  int port_ = 0;
  std::string log_;
};

struct Shell {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `command` with /bin/sh, capturing stdout and stderr.
inline Shell RunShell(const std::string& command, const std::string& scratch) {
  const std::string out = scratch + "/shell.out", err = scratch + "/shell.err";
  std::string full = "(" + command + ") >" + out + " 2>" + err;
  int status = std::system(full.c_str());
  Shell r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

// The aws CLI to use: Debian's /usr/bin/aws (the awscli package), else the first on PATH.
inline std::string AwsCli() {
  if (std::filesystem::exists("/usr/bin/aws")) return "/usr/bin/aws";
  if (std::system("command -v aws >/dev/null 2>&1") == 0) return "aws";
  return "";
}

// Single-quotes `text` for /bin/sh.
inline std::string Quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

}  // namespace tern::testing
