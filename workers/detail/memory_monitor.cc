#include "workers/detail/memory_monitor.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace tern::workers::detail {
namespace {

const uint64_t kPageSize = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));

bool ReadSmallFile(const char* path, char* buf, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  ssize_t n = read(fd, buf, size - 1);
  close(fd);
  if (n <= 0) return false;
  buf[n] = '\0';
  return true;
}

// /proc/PID/stat: "pid (comm) state ppid pgrp session ... rss(24th)". comm may hold spaces and
// parentheses, so fields are counted from the last ')'.
bool ParseStat(const char* text, pid_t* pgrp, uint64_t* rss_pages) {
  const char* p = std::strrchr(text, ')');
  if (!p) return false;
  p += 2;  // ") "
  // Fields after comm: 3 state, 4 ppid, 5 pgrp, ..., 24 rss.
  int field = 3;
  const char* start = p;
  while (*p && field <= 24) {
    if (*p == ' ') {
      if (field == 5) *pgrp = static_cast<pid_t>(std::strtol(start, nullptr, 10));
      if (field == 24) {
        *rss_pages = std::strtoull(start, nullptr, 10);
        return true;
      }
      ++field;
      start = p + 1;
    }
    ++p;
  }
  return false;
}

}  // namespace

MemoryMonitor::MemoryMonitor(std::chrono::milliseconds interval,
                             std::function<void(pid_t)> on_exceeded)
    : interval_(interval), on_exceeded_(std::move(on_exceeded)) {
  if (interval_.count() > 0) thread_ = std::thread([this] { Run(); });
}

MemoryMonitor::~MemoryMonitor() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MemoryMonitor::Watch(pid_t pgid, uint64_t limit_bytes) {
  {
    std::lock_guard lock(mu_);
    groups_[pgid] = Group{limit_bytes, 0, false};
  }
  cv_.notify_all();
}

void MemoryMonitor::Unwatch(pid_t pgid) {
  std::lock_guard lock(mu_);
  groups_.erase(pgid);
}

uint64_t MemoryMonitor::PeakBytes(pid_t pgid) const {
  std::lock_guard lock(mu_);
  auto it = groups_.find(pgid);
  return it == groups_.end() ? 0 : it->second.peak;
}

void MemoryMonitor::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    if (groups_.empty()) {
      cv_.wait(lock, [this] { return stop_ || !groups_.empty(); });
      continue;
    }
    lock.unlock();
    SampleOnce();
    lock.lock();
    cv_.wait_for(lock, interval_, [this] { return stop_; });
  }
}

void MemoryMonitor::SampleOnce() {
  std::map<pid_t, uint64_t> totals;
  {
    std::lock_guard lock(mu_);
    for (const auto& [pgid, group] : groups_) totals[pgid] = 0;
  }
  DIR* dir = opendir("/proc");
  if (!dir) return;
  char path[300];
  char buf[1024];
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    std::snprintf(path, sizeof path, "/proc/%s/stat", entry->d_name);
    if (!ReadSmallFile(path, buf, sizeof buf)) continue;
    pid_t pgrp = 0;
    uint64_t pages = 0;
    if (!ParseStat(buf, &pgrp, &pages)) continue;
    auto it = totals.find(pgrp);
    if (it != totals.end()) it->second += pages * kPageSize;
  }
  closedir(dir);
  std::vector<pid_t> exceeded;
  {
    std::lock_guard lock(mu_);
    for (const auto& [pgid, bytes] : totals) {
      auto it = groups_.find(pgid);
      if (it == groups_.end()) continue;
      Group& group = it->second;
      if (bytes > group.peak) group.peak = bytes;
      if (group.limit > 0 && bytes > group.limit && !group.reported) {
        group.reported = true;
        exceeded.push_back(pgid);
      }
    }
  }
  for (pid_t pgid : exceeded) on_exceeded_(pgid);
}

uint64_t ProcessPeakRss(pid_t pid) {
  char path[64];
  char buf[4096];
  std::snprintf(path, sizeof path, "/proc/%d/status", static_cast<int>(pid));
  if (!ReadSmallFile(path, buf, sizeof buf)) return 0;
  const char* p = std::strstr(buf, "VmHWM:");
  if (!p) return 0;
  return std::strtoull(p + 6, nullptr, 10) * 1024;
}

}  // namespace tern::workers::detail
