// Counters and gauges of one function's environments, read by /metrics and `tern serve`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tern::workers {

struct FunctionStats {
  std::string function;
  // Counters since the function was added.
  uint64_t invocations = 0;  // accepted (not throttled) invocations
  uint64_t cold_starts = 0;  // environments started (on-demand and provisioned)
  uint64_t throttles = 0;
  uint64_t errors = 0;  // function errors of any kind (handler, timeout, exit, OOM)
  uint64_t timeouts = 0;
  uint64_t crashes = 0;  // runtime exits and OOM kills during an invocation or init
  uint64_t reaped = 0;   // idle environments stopped
  // Gauges, now.
  int starting = 0;  // environments in INIT
  int idle = 0;      // warm environments waiting in /next
  int busy = 0;      // environments running an invocation
  int pending = 0;   // invocations waiting for an environment
  std::optional<int> reserved_concurrency;
  int provisioned_concurrency = 0;
};

}  // namespace tern::workers
