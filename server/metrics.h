// tern serve's Prometheus metrics (docs/serve.md "Metrics").
//
// Two kinds: what happens is pushed as it happens (HTTP requests, and through the Telemetry
// interface the runner's executions and state durations, the bus's invocations, the store's
// commits) into a prometheus-cpp registry; what *is* (executions by status, the worker pool, the
// async queue, stream lag, recursion stops) is sampled from MetricsSources when /metrics is
// scraped, so nothing has to keep it up to date.
//
// Thread safety: every member may be called from any thread, except SetSources (before serving).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/telemetry.h"

namespace tern::storage {
class Store;
}
namespace tern::workers {
class Pool;
}

namespace tern::server {

// How far an event source mapping is behind its stream, summed over shards.
struct StreamLag {
  std::string mapping;  // "Function/EventId" or an API mapping's UUID
  std::string stream;   // stream name
  int64_t records_behind = 0;
};

// Sampled at scrape time; every member may be null or empty.
struct MetricsSources {
  storage::Store* store = nullptr;            // executions by status, async queue depth and age
  workers::Pool* pool = nullptr;              // environments, cold starts, throttles, pending
  std::function<uint64_t()> recursion_stops;  // the bus's count
  std::function<std::vector<StreamLag>()> stream_lag;  // the running mappings
};

class Metrics final : public Telemetry {
 public:
  Metrics();
  ~Metrics() override;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void SetSources(MetricsSources sources);

  // One HTTP request answered: `action` ("StartExecution", "Invoke", "metrics", ...).
  void Request(const std::string& api, const std::string& action, int status, double seconds);
  void AuthFailure();
  void ConnectionOpened();
  void ConnectionClosed();
  void ConnectionRejected();

  // Telemetry. Durable executions are reported by the runner; EXPRESS ones, which run in the
  // server without it, by the StartSyncExecution / StartExecution handlers.
  void StateExited(std::string_view state_machine, std::string_view state_type,
                   double seconds) override;
  void ExecutionStarted(std::string_view state_machine) override;
  void ExecutionEnded(std::string_view state_machine, std::string_view status) override;
  void FunctionInvoked(std::string_view function, std::string_view model) override;
  void StoreCommitted(size_t transitions, double seconds) override;

  // The Prometheus text exposition format (version 0.0.4).
  std::string Render();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tern::server
