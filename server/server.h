// `tern serve`'s HTTP server: the Step Functions API (AWS JSON 1.0, POST / with X-Amz-Target),
// the Lambda API (REST under /2015-03-31/...), /metrics (Prometheus text) and /health, on one
// listener. See docs/serve.md for every action, error, limit and metric.
//
// Requests are read by coroutines on a small I/O thread pool (one strand per connection);
// handlers that block (the store, the runner, function invocations, StartSyncExecution) run on
// a separate bounded worker pool so reads and writes never wait behind them.
//
// Thread safety: Start, Stop and Wait are called by one owner thread; the dependencies must
// outlive the server.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "server/http_trigger_routes.h"

namespace tern::storage {
class Store;
class LambdaSettings;
}
namespace tern::runtime {
class Runner;
}
namespace tern::engine {
class Invoker;
class Clock;
}  // namespace tern::engine
namespace tern::workers {
class Pool;
}

namespace tern::server {

class InvocationBackend;
class EventSourceBackend;
class Metrics;

enum class AuthMode { kNone, kSigV4 };

// Named limits (docs/serve.md "Limits").
inline constexpr size_t kMaxSfnRequestBytes = 1024 * 1024;           // AWS JSON 1.0 requests
inline constexpr size_t kMaxInvokePayloadBytes = 6 * 1024 * 1024;    // Lambda sync Invoke
inline constexpr size_t kMaxCreateFunctionBytes = 70 * 1024 * 1024;  // base64 of a 50 MB zip
inline constexpr size_t kMaxHeaderBytes = 16 * 1024;

inline constexpr size_t kMaxHttpTriggerBodyBytes = 10 * 1024 * 1024;  // API Gateway's payload

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8083;  // 0: an ephemeral port (Start returns it)
  std::string region = "us-east-1";
  std::string account = "123456789012";
  AuthMode auth = AuthMode::kNone;
  std::map<std::string, std::string> credentials;  // access key id -> secret (kSigV4)
  // Where CreateFunction unpacks uploaded code: <data_dir>/functions/<name>/.
  std::string data_dir = ".tern";
  int io_threads = 2;
  int worker_threads = 32;  // handlers that block (store, runner, invocations)
  size_t max_connections = 4096;
  int header_timeout_ms = 10000;  // a request's headers must arrive within this
  int body_timeout_ms = 30000;    // ... and its body within this
  int idle_timeout_ms = 60000;    // keep-alive connections idle longer are closed
  int shutdown_grace_ms = 10000;  // Stop waits this long for in-flight requests
  // HTTP triggers (docs/http.md): the project's HttpApi/Api routes, served under this prefix
  // ("/http/orders/42" -> route "/orders/42"); "": at the root, for what the APIs do not claim.
  std::string http_prefix = "/http";
  std::vector<HttpRoute> http_routes;
};

struct ServerDeps {
  storage::Store* store = nullptr;
  runtime::Runner* runner = nullptr;
  engine::Invoker* invoker = nullptr;  // Task states of EXPRESS executions (StartSyncExecution)
  engine::Clock* clock = nullptr;
  workers::Pool* pool = nullptr;  // null: the Lambda function APIs answer 404
  InvocationBackend* invocations = nullptr;
  // Event invoke configs, recursion configs and event source mappings set through the API are
  // kept here (they survive a restart: RestoreLambdaSettings). Null: the event source mapping
  // APIs answer ServiceException and the other settings last as long as the process.
  storage::LambdaSettings* settings = nullptr;
  EventSourceBackend* event_sources = nullptr;  // null: mappings are recorded but not run
  // /metrics: pass one to share it with the store, runner and bus (their Telemetry) and to
  // give it sources beyond the store and pool; null: the server makes its own.
  std::shared_ptr<Metrics> metrics;
};

// Re-applies what the Lambda API stored in `deps.settings` (schema 7) to a starting server's
// functions and mappings: event invoke configs and recursion configs of functions `deps.pool`
// has, and every enabled event source mapping through `deps.event_sources`. Settings of
// functions not (yet) in the pool are kept and reported on stderr. Call before Start().
// Puts the functions CreateFunction made before a restart back into `pool`. Call it before
// anything can invoke them (resumed executions, event sources) and before RestoreLambdaSettings.
Status RestoreCreatedFunctions(const ServerOptions& options, workers::Pool& pool,
                               storage::LambdaSettings& settings);
Status RestoreLambdaSettings(const ServerOptions& options, const ServerDeps& deps);

class ServerImpl;

class Server {
 public:
  Server(ServerOptions options, ServerDeps deps);
  ~Server();  // Stop()s if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving; returns the port actually bound.
  Result<uint16_t, Status> Start();
  // Graceful: stops accepting, waits (up to shutdown_grace_ms) for in-flight requests to be
  // answered, then closes every connection and joins the threads.
  void Stop();

  // Requests read and not yet answered (tests, /health).
  int requests_in_flight() const;

 private:
  std::unique_ptr<ServerImpl> impl_;
};

}  // namespace tern::server
