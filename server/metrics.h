// The server's Prometheus metrics (docs/serve.md "Metrics"). Counters kept by the server
// (requests, executions started through the API, invocations) live in a prometheus-cpp
// registry; gauges read from elsewhere (executions by status from the store, the worker pool's
// counters) are computed when /metrics is scraped.
//
// Thread safety: every member may be called from any thread.
#pragma once

#include <memory>
#include <string>

namespace tern::storage {
class Store;
}
namespace tern::workers {
class Pool;
}

namespace tern::server {

class Metrics {
 public:
  Metrics(storage::Store* store, workers::Pool* pool);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // One HTTP request answered: `action` ("StartExecution", "Invoke", "metrics", ...).
  void Request(const std::string& api, const std::string& action, int status, double seconds);
  void ExecutionStarted(const std::string& machine);
  // Executions started through this server that ended.
  void ExecutionEnded(const std::string& machine, const std::string& status);
  // model: "RequestResponse", "Event", "DryRun".
  void Invocation(const std::string& function, const std::string& model);
  void AuthFailure();
  void ConnectionOpened();
  void ConnectionClosed();
  void ConnectionRejected();

  // The Prometheus text exposition format (version 0.0.4).
  std::string Render();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tern::server
