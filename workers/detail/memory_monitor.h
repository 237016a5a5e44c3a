// Enforces memory limits by sampling: a thread reads /proc/*/stat every `interval`, adds up the
// resident memory of every process in each watched process group, keeps the peak, and reports a
// group above its limit. Used because cgroup v2 is often not writable (containers, CI), and
// RLIMIT_AS breaks Node.js (V8 reserves large virtual ranges). A process can exceed its limit for
// up to one interval before it is killed; see docs/functions.md.
//
// Thread safety: all methods may be called from any thread. `on_exceeded` runs on the monitor's
// thread, once per registration.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <sys/types.h>
#include <thread>

namespace tern::workers::detail {

class MemoryMonitor {
 public:
  MemoryMonitor(std::chrono::milliseconds interval, std::function<void(pid_t)> on_exceeded);
  ~MemoryMonitor();

  void Watch(pid_t pgid, uint64_t limit_bytes);
  void Unwatch(pid_t pgid);
  // The highest sampled total of the group, in bytes (0 when never sampled).
  uint64_t PeakBytes(pid_t pgid) const;

 private:
  struct Group {
    uint64_t limit = 0;
    uint64_t peak = 0;
    bool reported = false;
  };
  void Run();
  void SampleOnce();

  std::chrono::milliseconds interval_;
  std::function<void(pid_t)> on_exceeded_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<pid_t, Group> groups_;
  bool stop_ = false;
  std::thread thread_;
};

// VmHWM (peak resident set) of one process, in bytes; 0 when unreadable.
uint64_t ProcessPeakRss(pid_t pid);

}  // namespace tern::workers::detail
