// One function's log file: <dir>/<function>.log, every environment's output and the platform
// lines. At `max_bytes` the file is renamed to <function>.log.1 (replacing the previous one) and
// a new file is started, so a function that prints without end uses at most twice the cap.
//
// Thread safety: one thread (the pool's I/O thread).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tern::workers::detail {

class FunctionLog {
 public:
  FunctionLog(std::string path, uint64_t max_bytes);
  ~FunctionLog();
  FunctionLog(const FunctionLog&) = delete;
  FunctionLog& operator=(const FunctionLog&) = delete;

  void Append(std::string_view text);
  const std::string& path() const { return path_; }

 private:
  void Open();
  std::string path_;
  uint64_t max_bytes_;
  int fd_ = -1;
  uint64_t size_ = 0;
};

// The last `capacity` bytes written (for Invoke's LogResult: the last 4 KB).
class TailBuffer {
 public:
  explicit TailBuffer(size_t capacity = 4096) : capacity_(capacity) {}
  void Append(std::string_view text) {
    if (text.size() >= capacity_) {
      data_.assign(text.substr(text.size() - capacity_));
      return;
    }
    data_.append(text);
    if (data_.size() > 2 * capacity_) data_.erase(0, data_.size() - capacity_);
  }
  std::string Tail() const {
    return data_.size() > capacity_ ? data_.substr(data_.size() - capacity_) : data_;
  }

 private:
  size_t capacity_;
  std::string data_;
};

}  // namespace tern::workers::detail
