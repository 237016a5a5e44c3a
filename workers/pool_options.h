// Settings of a workers::Pool. Every limit has a name here (STYLE.md: no unbounded queues).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace tern::workers {

struct PoolOptions {
  // Per-function log files: <log_dir>/<function>.log, rotated to .log.1 at log_file_max_bytes.
  std::string log_dir = ".tern/logs";  // the CLI uses <project dir>/.tern/logs
  uint64_t log_file_max_bytes = 16 << 20;
  // An idle on-demand environment is stopped after this long (provisioned ones are kept).
  std::chrono::milliseconds idle_timeout = std::chrono::minutes(5);
  // From spawn to the runtime's first /next; Lambda's INIT limit.
  std::chrono::milliseconds init_timeout = std::chrono::seconds(10);
  // Account-level concurrency (Lambda's default 1,000). Reserved concurrency is carved from it.
  int account_concurrency = 1000;
  // Invocations waiting for an environment to start, per function, beyond which callers are
  // throttled even under the concurrency limits.
  int max_pending_per_function = 10000;
  // Memory limit: the process group's resident memory is sampled this often; an environment
  // above its MemorySize is killed (Runtime.OutOfMemory). 0 disables enforcement.
  std::chrono::milliseconds memory_poll_interval = std::chrono::milliseconds(50);
  // Where the bundled clients (python/bootstrap.py, node/bootstrap.js) are; empty: found
  // relative to the running binary (see docs/functions.md).
  std::string runtimes_dir;
  // Interpreters; empty: `python3` / `node` found on tern's PATH (resolved to real paths).
  std::string python_executable;
  std::string node_executable;
  // The region and account in ARNs and AWS_REGION.
  std::string region = "us-east-1";
  std::string account = "123456789012";
};

}  // namespace tern::workers
