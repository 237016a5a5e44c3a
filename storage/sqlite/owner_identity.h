// Who holds a claim on an execution: one identity per Store instance, kept in the `owners`
// table with a lease (docs/storage.md, "Claims"). The pid plus the process start time (field 22
// of /proc/<pid>/stat, in clock ticks since boot) name a process on this machine even after
// its pid is reused; the random nonce tells two Stores of one process apart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tern::storage::sqlite {

struct OwnerIdentity {
  std::string id;  // "<pid>-<start_time>-<nonce>", the executions.owner value
  int64_t pid = 0;
  int64_t start_time = 0;
  std::string host;
};

// A fresh identity for a Store opened by this process.
OwnerIdentity NewOwnerIdentity();

// Field 22 of /proc/<pid>/stat; nullopt when there is no such process.
std::optional<int64_t> ProcessStartTime(int64_t pid);

// True when `pid` runs on this machine and started at `start_time` (not a reused pid).
bool ProcessAlive(int64_t pid, int64_t start_time);

std::string HostName();

}  // namespace tern::storage::sqlite
