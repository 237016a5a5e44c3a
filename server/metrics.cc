#include "server/detail/metrics.h"

#include <map>
#include <mutex>
#include <sstream>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "storage/store.h"
#include "workers/pool.h"

namespace tern::server {

// Durable executions are counted from the store at scrape time, up to this many pages of 1,000
// per machine and status (a local tool's scrape should stay cheap).
inline constexpr int kMaxExecutionPagesPerScrape = 100;

struct Metrics::Impl {
  storage::Store* store;
  workers::Pool* pool;
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& requests =
      prometheus::BuildCounter()
          .Name("tern_http_requests_total")
          .Help("HTTP requests answered, by API, action and status code")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& latency =
      prometheus::BuildHistogram()
          .Name("tern_http_request_duration_seconds")
          .Help("Time from a request's last byte read to its response, by API")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& started =
      prometheus::BuildCounter()
          .Name("tern_executions_started_total")
          .Help("Executions started through the API (StartExecution, StartSyncExecution)")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& ended =
      prometheus::BuildCounter()
          .Name("tern_executions_finished_total")
          .Help("Executions started through the API that ended, by machine and status")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& invocations =
      prometheus::BuildCounter()
          .Name("tern_function_invocations_total")
          .Help("Lambda Invoke calls through the API, by function and invocation model")
          .Register(*registry);
  prometheus::Counter& auth_failures = prometheus::BuildCounter()
                                           .Name("tern_http_auth_failures_total")
                                           .Help("Requests refused by SigV4 verification")
                                           .Register(*registry)
                                           .Add({});
  prometheus::Gauge& connections = prometheus::BuildGauge()
                                       .Name("tern_http_connections")
                                       .Help("Open HTTP connections")
                                       .Register(*registry)
                                       .Add({});
  prometheus::Counter& rejected = prometheus::BuildCounter()
                                      .Name("tern_http_connections_rejected_total")
                                      .Help("Connections closed at once: the limit was reached")
                                      .Register(*registry)
                                      .Add({});
  std::mutex histogram_mu;  // Family::Add with buckets is not cheap; cache per api
  std::map<std::string, prometheus::Histogram*> histograms;

  Impl(storage::Store* s, workers::Pool* p) : store(s), pool(p) {}
};

Metrics::Metrics(storage::Store* store, workers::Pool* pool)
    : impl_(std::make_unique<Impl>(store, pool)) {}
Metrics::~Metrics() = default;

void Metrics::Request(const std::string& api, const std::string& action, int status,
                      double seconds) {
  impl_->requests.Add({{"api", api}, {"action", action}, {"status", std::to_string(status)}})
      .Increment();
  prometheus::Histogram* histogram = nullptr;
  {
    std::lock_guard lock(impl_->histogram_mu);
    auto it = impl_->histograms.find(api);
    if (it == impl_->histograms.end()) {
      histogram = &impl_->latency.Add({{"api", api}}, prometheus::Histogram::BucketBoundaries{
                                                          0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                          0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
      impl_->histograms.emplace(api, histogram);
    } else {
      histogram = it->second;
    }
  }
  histogram->Observe(seconds);
}

void Metrics::ExecutionStarted(const std::string& machine) {
  impl_->started.Add({{"state_machine", machine}}).Increment();
}

void Metrics::ExecutionEnded(const std::string& machine, const std::string& status) {
  impl_->ended.Add({{"state_machine", machine}, {"status", status}}).Increment();
}

void Metrics::Invocation(const std::string& function, const std::string& model) {
  impl_->invocations.Add({{"function", function}, {"model", model}}).Increment();
}

void Metrics::AuthFailure() { impl_->auth_failures.Increment(); }
void Metrics::ConnectionOpened() { impl_->connections.Increment(); }
void Metrics::ConnectionClosed() { impl_->connections.Decrement(); }
void Metrics::ConnectionRejected() { impl_->rejected.Increment(); }

namespace {

std::string Escape(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

void RenderExecutions(storage::Store& store, std::ostringstream& out) {
  auto machines = store.ListStateMachines();
  if (!machines) return;
  out << "# HELP tern_executions Durable executions in the store, by machine and status\n"
         "# TYPE tern_executions gauge\n";
  for (const auto& machine : *machines) {
    if (machine.type != "STANDARD") continue;
    for (auto status : {storage::ExecutionStatus::kRunning, storage::ExecutionStatus::kSucceeded,
                        storage::ExecutionStatus::kFailed, storage::ExecutionStatus::kTimedOut,
                        storage::ExecutionStatus::kAborted}) {
      storage::ExecutionFilter filter;
      filter.state_machine_arn = machine.arn;
      filter.status = status;
      filter.limit = 1000;
      size_t count = 0;
      for (int page = 0; page < kMaxExecutionPagesPerScrape; ++page) {
        auto result = store.ListExecutions(filter);
        if (!result) break;
        count += result->executions.size();
        if (result->next_page_token.empty()) break;
        filter.page_token = result->next_page_token;
      }
      out << "tern_executions{state_machine=\"" << Escape(machine.name) << "\",status=\""
          << storage::ExecutionStatusName(status) << "\"} " << count << "\n";
    }
  }
}

void RenderPool(workers::Pool& pool, std::ostringstream& out) {
  auto stats = pool.Stats();
  struct Counter {
    const char* name;
    const char* help;
    uint64_t workers::FunctionStats::*field;
  };
  const Counter counters[] = {
      {"tern_function_pool_invocations_total", "Invocations accepted by the worker pool",
       &workers::FunctionStats::invocations},
      {"tern_function_cold_starts_total", "Execution environments started",
       &workers::FunctionStats::cold_starts},
      {"tern_function_throttles_total", "Invocations refused: concurrency limit",
       &workers::FunctionStats::throttles},
      {"tern_function_errors_total", "Function errors (handler, timeout, exit, OOM)",
       &workers::FunctionStats::errors},
      {"tern_function_timeouts_total", "Invocations that timed out",
       &workers::FunctionStats::timeouts},
  };
  for (const auto& c : counters) {
    out << "# HELP " << c.name << " " << c.help << "\n# TYPE " << c.name << " counter\n";
    for (const auto& s : stats) {
      out << c.name << "{function=\"" << Escape(s.function) << "\"} " << s.*(c.field) << "\n";
    }
  }
  out << "# HELP tern_function_environments Execution environments now, by state\n"
         "# TYPE tern_function_environments gauge\n";
  for (const auto& s : stats) {
    const std::pair<const char*, int> states[] = {
        {"starting", s.starting}, {"idle", s.idle}, {"busy", s.busy}};
    for (const auto& [state, value] : states) {
      out << "tern_function_environments{function=\"" << Escape(s.function) << "\",state=\""
          << state << "\"} " << value << "\n";
    }
  }
  out << "# HELP tern_function_pending_invocations Invocations waiting for an environment\n"
         "# TYPE tern_function_pending_invocations gauge\n";
  for (const auto& s : stats) {
    out << "tern_function_pending_invocations{function=\"" << Escape(s.function) << "\"} "
        << s.pending << "\n";
  }
}

}  // namespace

std::string Metrics::Render() {
  std::ostringstream out;
  prometheus::TextSerializer serializer;
  out << serializer.Serialize(impl_->registry->Collect());
  if (impl_->store) RenderExecutions(*impl_->store, out);
  if (impl_->pool) RenderPool(*impl_->pool, out);
  return out.str();
}

}  // namespace tern::server
