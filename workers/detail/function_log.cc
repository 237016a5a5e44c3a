#include "workers/detail/function_log.h"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace tern::workers::detail {

FunctionLog::FunctionLog(std::string path, uint64_t max_bytes)
    : path_(std::move(path)), max_bytes_(max_bytes) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
  Open();
}

FunctionLog::~FunctionLog() {
  if (fd_ >= 0) close(fd_);
}

void FunctionLog::Open() {
  fd_ = open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  struct stat st;
  size_ = fd_ >= 0 && fstat(fd_, &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

void FunctionLog::Append(std::string_view text) {
  if (text.empty()) return;
  if (size_ + text.size() > max_bytes_ && size_ > 0) {
    if (fd_ >= 0) close(fd_);
    std::rename(path_.c_str(), (path_ + ".1").c_str());
    Open();
  }
  if (fd_ < 0) return;  // the log directory is not writable: output is dropped, not fatal
  while (!text.empty()) {
    ssize_t n = write(fd_, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    size_ += static_cast<uint64_t>(n);
    text.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace tern::workers::detail
