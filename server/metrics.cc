#include "server/metrics.h"

#include <chrono>
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
          .Help("Executions started (any way: API, CLI, event sources, Task states)")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& ended =
      prometheus::BuildCounter()
          .Name("tern_executions_finished_total")
          .Help("Executions that ended, by machine and status")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& transitions =
      prometheus::BuildCounter()
          .Name("tern_state_transitions_total")
          .Help("States completed (...StateExited events), by machine")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& state_durations =
      prometheus::BuildHistogram()
          .Name("tern_state_duration_seconds")
          .Help("Time from entering a state to leaving it, by machine and state type")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& invocations =
      prometheus::BuildCounter()
          .Name("tern_function_invocations_total")
          .Help(
              "Function invocations accepted by the bus (Task states, the API, event "
              "sources), by function and invocation model; an Event counts once")
          .Register(*registry);
  prometheus::Histogram& commit_latency =
      prometheus::BuildHistogram()
          .Name("tern_store_commit_duration_seconds")
          .Help("SQLite group commits of execution transitions: BEGIN to end of COMMIT")
          .Register(*registry)
          .Add({}, prometheus::Histogram::BucketBoundaries{0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                           0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                           1});
  prometheus::Counter& committed_transitions =
      prometheus::BuildCounter()
          .Name("tern_store_committed_transitions_total")
          .Help("Execution transitions made durable by the store")
          .Register(*registry)
          .Add({});
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
  // Family::Add hashes the labels and builds buckets: the hot paths look their series up here
  // instead (a state transition must stay cheap).
  std::mutex series_mu;
  std::map<std::string, prometheus::Histogram*, std::less<>> histograms;  // by api
  std::map<std::pair<std::string, std::string>, prometheus::Histogram*, std::less<>>
      durations;  // by (machine, state type)
  std::map<std::string, prometheus::Counter*, std::less<>> machine_transitions;

  MetricsSources sources;
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::SetSources(MetricsSources sources) { impl_->sources = std::move(sources); }

void Metrics::Request(const std::string& api, const std::string& action, int status,
                      double seconds) {
  impl_->requests.Add({{"api", api}, {"action", action}, {"status", std::to_string(status)}})
      .Increment();
  prometheus::Histogram* histogram = nullptr;
  {
    std::lock_guard lock(impl_->series_mu);
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

void Metrics::StateExited(std::string_view state_machine, std::string_view state_type,
                          double seconds) {
  prometheus::Counter* counter = nullptr;
  prometheus::Histogram* histogram = nullptr;
  {
    std::lock_guard lock(impl_->series_mu);
    auto c = impl_->machine_transitions.find(state_machine);
    if (c == impl_->machine_transitions.end()) {
      std::string name(state_machine);
      c = impl_->machine_transitions
              .emplace(name, &impl_->transitions.Add({{"state_machine", name}}))
              .first;
    }
    counter = c->second;
    auto key = std::make_pair(std::string(state_machine), std::string(state_type));
    auto h = impl_->durations.find(key);
    if (h == impl_->durations.end()) {
      prometheus::Histogram& added = impl_->state_durations.Add(
          {{"state_machine", key.first}, {"state_type", key.second}},
          prometheus::Histogram::BucketBoundaries{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60,
                                                  300, 3600});
      h = impl_->durations.emplace(std::move(key), &added).first;
    }
    histogram = h->second;
  }
  counter->Increment();
  histogram->Observe(seconds);
}

void Metrics::ExecutionStarted(std::string_view state_machine) {
  impl_->started.Add({{"state_machine", std::string(state_machine)}}).Increment();
}

void Metrics::ExecutionEnded(std::string_view state_machine, std::string_view status) {
  impl_->ended.Add({{"state_machine", std::string(state_machine)}, {"status", std::string(status)}})
      .Increment();
}

void Metrics::FunctionInvoked(std::string_view function, std::string_view model) {
  impl_->invocations.Add({{"function", std::string(function)}, {"model", std::string(model)}})
      .Increment();
}

void Metrics::StoreCommitted(size_t transitions, double seconds) {
  impl_->commit_latency.Observe(seconds);
  impl_->committed_transitions.Increment(static_cast<double>(transitions));
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

void RenderAsyncQueue(storage::Store& store, std::ostringstream& out) {
  auto depths = store.AsyncQueueDepths();
  if (!depths) return;
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  out << "# HELP tern_async_queue_depth Event invocations accepted and not yet delivered\n"
         "# TYPE tern_async_queue_depth gauge\n";
  for (const auto& d : *depths) {
    out << "tern_async_queue_depth{function=\"" << Escape(d.function_arn) << "\"} " << d.events
        << "\n";
  }
  out << "# HELP tern_async_queue_oldest_age_seconds Age of the oldest undelivered Event "
         "invocation\n"
         "# TYPE tern_async_queue_oldest_age_seconds gauge\n";
  for (const auto& d : *depths) {
    double age = now > d.oldest_accepted ? static_cast<double>(now - d.oldest_accepted) / 1000 : 0;
    out << "tern_async_queue_oldest_age_seconds{function=\"" << Escape(d.function_arn) << "\"} "
        << age << "\n";
  }
}

void RenderStreamLag(const std::vector<StreamLag>& lags, std::ostringstream& out) {
  out << "# HELP tern_stream_records_behind Records on the stream an event source mapping has "
         "not processed yet, summed over shards\n"
         "# TYPE tern_stream_records_behind gauge\n";
  for (const StreamLag& lag : lags) {
    out << "tern_stream_records_behind{mapping=\"" << Escape(lag.mapping) << "\",stream=\""
        << Escape(lag.stream) << "\"} " << lag.records_behind << "\n";
  }
}

}  // namespace

std::string Metrics::Render() {
  std::ostringstream out;
  prometheus::TextSerializer serializer;
  out << serializer.Serialize(impl_->registry->Collect());
  const MetricsSources& sources = impl_->sources;
  if (sources.store) {
    RenderExecutions(*sources.store, out);
    RenderAsyncQueue(*sources.store, out);
  }
  if (sources.pool) RenderPool(*sources.pool, out);
  if (sources.stream_lag) RenderStreamLag(sources.stream_lag(), out);
  if (sources.recursion_stops) {
    out << "# HELP tern_recursion_stops_total Invocations refused because the chain passed a "
           "function more than 16 times (RecursiveLoop: Terminate)\n"
           "# TYPE tern_recursion_stops_total counter\n"
           "tern_recursion_stops_total "
        << sources.recursion_stops() << "\n";
  }
  return out.str();
}

}  // namespace tern::server
