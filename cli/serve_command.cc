// `tern serve`: the Step Functions and Lambda APIs over HTTP for the aws CLI and SDKs
// (docs/serve.md). Loads the project file (its functions join the worker pool, its state
// machines the store), resumes unfinished executions, serves until SIGINT/SIGTERM, then shuts
// down gracefully: stop accepting, answer in-flight requests, let the runner checkpoint.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <pthread.h>
#include <signal.h>
#include <string>

#include "cli/api_event_sources.h"
#include "cli/commands.h"
#include "cli/store_flags.h"
#include "engine/clock.h"
#include "project/project.h"
#include "runtime/definitions.h"
#include "runtime/runner.h"
#include "server/invocation_backend.h"
#include "server/metrics.h"
#include "server/server.h"
#include "storage/lambda_settings.h"
#include "storage/stream_store.h"
#include "triggers/bus.h"
#include "triggers/stream_lag.h"
#include "triggers/streams/event_sources.h"
#include "workers/log_files.h"
#include "workers/pool.h"

namespace tern::cli {
namespace {

// The server reaches functions and task tokens through the trigger bus.
class BusBackend final : public server::InvocationBackend {
 public:
  explicit BusBackend(triggers::Bus& bus) : bus_(bus) {}

  void InvokeFunction(workers::InvokeRequest request, triggers::InvocationType type,
                      std::function<void(triggers::FunctionResponse)> done) override {
    bus_.InvokeFunction(std::move(request), type, std::move(done));
  }
  Status SendTaskSuccess(const std::string& token, const std::string& output) override {
    return bus_.SendTaskSuccess(token, output);
  }
  Status SendTaskFailure(const std::string& token, const std::string& error,
                         const std::string& cause) override {
    return bus_.SendTaskFailure(token, error, cause);
  }
  Status SendTaskHeartbeat(const std::string& token) override {
    return bus_.SendTaskHeartbeat(token);
  }
  std::optional<triggers::ActivityTask> GetActivityTask(const std::string& activity_arn,
                                                        std::chrono::milliseconds wait) override {
    return bus_.GetActivityTask(activity_arn, wait);
  }

 private:
  triggers::Bus& bus_;
};

struct ServeArgs {
  std::string config;
  std::string listen = "127.0.0.1:8083";
  std::string auth = "none";
  std::string data_dir;
  std::string http_prefix = "/http";
  int io_threads = 2;
  int worker_threads = 32;
  size_t max_connections = 4096;
  StoreFlags store;
};

// "127.0.0.1:8083", "[::1]:8083", "0.0.0.0:0" -> host, port.
bool ParseListen(const std::string& text, std::string& host, uint16_t& port) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  try {
    size_t used = 0;
    unsigned long value = std::stoul(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || value > 65535) return false;
    port = static_cast<uint16_t>(value);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

bool IsLoopback(const std::string& host) {
  return host == "127.0.0.1" || host == "::1" || host == "localhost" || host.rfind("127.", 0) == 0;
}

// SigV4 keys: TERN_CREDENTIALS="AKID:SECRET[,AKID2:SECRET2]", else AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY of the environment tern serve runs in.
std::map<std::string, std::string> CredentialsFromEnvironment() {
  std::map<std::string, std::string> out;
  if (const char* list = std::getenv("TERN_CREDENTIALS")) {
    std::string text = list;
    size_t start = 0;
    while (start < text.size()) {
      size_t comma = text.find(',', start);
      std::string pair = text.substr(start, comma == std::string::npos ? comma : comma - start);
      size_t colon = pair.find(':');
      if (colon != std::string::npos && colon > 0) {
        out[pair.substr(0, colon)] = pair.substr(colon + 1);
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  const char* key = std::getenv("AWS_ACCESS_KEY_ID");
  const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
  if (out.empty() && key && secret) out[key] = secret;
  return out;
}

// The project's state machines join the store: created, or a new revision when the text,
// type or role changed.
Status RegisterMachines(storage::Store& store, const project::Project& project) {
  for (const project::StateMachineSpec& spec : project.state_machines) {
    if (auto compiled = runtime::CompileDefinition(spec.definition); !compiled) {
      return Status::InvalidArgument("state machine " + spec.name + ": " +
                                     compiled.error().message());
    }
    storage::StateMachineRecord record;
    record.name = spec.name;
    record.arn = spec.arn;
    record.type = spec.type;
    record.definition = spec.definition;
    record.role_arn = spec.role_arn.empty() ? "arn:aws:iam::" + project.account + ":role/tern-local"
                                            : spec.role_arn;
    auto existing = store.GetStateMachine(record.arn);
    if (existing) {
      if (existing->definition == record.definition && existing->role_arn == record.role_arn &&
          existing->type == record.type) {
        continue;
      }
      if (existing->type != record.type) {
        return Status::InvalidArgument("state machine " + spec.name + " is " + existing->type +
                                       " in the database and " + record.type +
                                       " in the project; delete it first");
      }
      auto updated = store.UpdateStateMachine(record);
      if (!updated) return updated.error();
      continue;
    }
    auto created = store.CreateStateMachine(record);
    if (!created) return created.error();
  }
  return Status::Ok();
}

int RunServe(const ServeArgs& args) {
  // Before any thread starts: SIGINT/SIGTERM are taken by sigwait below, never by a thread.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  server::ServerOptions options;
  if (!ParseListen(args.listen, options.host, options.port)) {
    std::cerr << "tern serve: --listen wants HOST:PORT, got '" << args.listen << "'\n";
    return kExitUsage;
  }
  if (args.auth == "sigv4") {
    options.auth = server::AuthMode::kSigV4;
    options.credentials = CredentialsFromEnvironment();
    if (options.credentials.empty()) {
      std::cerr << "tern serve: --auth sigv4 needs keys: TERN_CREDENTIALS=AKID:SECRET[,...] or "
                   "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n";
      return kExitUsage;
    }
  } else if (!IsLoopback(options.host)) {
    std::cerr << "tern serve: warning: listening on " << options.host
              << " without authentication; anyone who reaches this port can run workflows "
                 "and functions (see --auth sigv4, docs/serve.md)\n";
  }
  auto http_prefix = server::NormalizeHttpPrefix(args.http_prefix);
  if (!http_prefix) {
    std::cerr << "tern serve: --http-prefix wants a path such as /http or / (the root), got '"
              << args.http_prefix << "'\n";
    return kExitUsage;
  }
  options.http_prefix = *http_prefix;
  options.io_threads = args.io_threads;
  options.worker_threads = args.worker_threads;
  options.max_connections = args.max_connections;

  std::optional<project::Project> project;
  std::string config = args.config;
  if (config.empty()) {
    auto found = project::FindProjectFile(std::filesystem::current_path().string());
    if (found) config = *found;
  }
  if (!config.empty()) {
    auto loaded = project::LoadProject(config);
    if (!loaded) {
      std::cerr << "tern serve: " << loaded.error().message() << "\n";
      return kExitUsage;
    }
    project = std::move(loaded).value();
    options.region = project->region;
    options.account = project->account;
    options.http_routes = server::RoutesFromProject(*project);
  }
  options.data_dir = !args.data_dir.empty() ? args.data_dir
                     : project              ? project->dir + "/.tern"
                                            : std::string(".tern");

  // /metrics hears from the store, the runner and the bus as things happen (common/telemetry.h).
  auto metrics = std::make_shared<server::Metrics>();
  auto store = OpenStoreFromFlags(args.store, metrics.get());
  if (!store) {
    std::cerr << "tern serve: " << store.error() << "\n";
    return kExitUsage;
  }
  workers::PoolOptions pool_options;
  pool_options.log_dir =
      project ? workers::ProjectLogDir(project->dir) : options.data_dir + "/logs";
  pool_options.region = options.region;
  pool_options.account = options.account;
  workers::Pool pool(pool_options);
  if (project) {
    for (const project::FunctionSpec& f : project->functions) {
      if (Status s = pool.PutFunction(f); !s.ok()) {
        std::cerr << "tern serve: " << config << ": function " << f.name << ": " << s.message()
                  << "\n";
        return kExitUsage;
      }
    }
    if (Status s = RegisterMachines(**store, *project); !s.ok()) {
      std::cerr << "tern serve: " << config << ": " << s.message() << "\n";
      return kExitUsage;
    }
  }
  // Streams (the project's, and those `tern stream create` made, which mappings created through
  // the Lambda API poll) and the Lambda API's settings, on the store's database.
  auto stream_options = StoreOptionsFromFlags(args.store);
  if (!stream_options) {
    std::cerr << "tern serve: streams: " << stream_options.error() << "\n";
    return kExitUsage;
  }
  auto settings = storage::OpenLambdaSettings(*stream_options);
  if (!settings) {
    std::cerr << "tern serve: Lambda settings: " << settings.error().message() << "\n";
    return kExitUsage;
  }
  // Functions made with CreateFunction, back before anything can invoke them: resumed
  // executions and event sources below.
  if (Status s = server::RestoreCreatedFunctions(options, pool, **settings); !s.ok()) {
    std::cerr << "tern serve: restoring functions made with CreateFunction: " << s.message()
              << "\n";
  }

  triggers::BusOptions bus_options;
  bus_options.region = options.region;
  bus_options.account = options.account;
  bus_options.telemetry = metrics.get();
  triggers::Bus bus(pool, store->get(), bus_options);
  engine::RealClock clock;
  runtime::RunnerOptions runner_options;
  runner_options.telemetry = metrics.get();
  runtime::Runner runner(**store, bus, clock, runner_options);
  triggers::RunnerBinding bind_runner(&bus, runner);
  auto resumed = runner.ResumeUnfinished();
  if (!resumed) {
    std::cerr << "tern serve: resuming executions: " << resumed.error().message() << "\n";
    return kExitUsage;
  }
  if (*resumed > 0) {
    std::cerr << "tern serve: resumed " << *resumed << " unfinished execution"
              << (*resumed == 1 ? "" : "s") << "\n";
  }

  auto opened = storage::OpenStreamStore(*stream_options);
  if (!opened) {
    std::cerr << "tern serve: streams: " << opened.error().message() << "\n";
    return kExitUsage;
  }
  std::unique_ptr<storage::StreamStore> streams = std::move(opened).value();

  // The project's event sources: stream mappings, schedules, watched directories.
  std::unique_ptr<triggers::EventSources> sources;
  if (project) {
    sources = std::make_unique<triggers::EventSources>(*project, *streams, &bus, &runner,
                                                       store->get());
    if (Status s = sources->Start(); !s.ok()) {
      std::cerr << "tern serve: event sources: " << s.message() << "\n";
    }
  }

  auto backend = std::make_unique<BusBackend>(bus);
  server::ServerDeps deps;
  deps.store = store->get();
  deps.runner = &runner;
  deps.invoker = &bus;
  deps.clock = &clock;
  deps.pool = &pool;
  deps.invocations = backend.get();
  // Event source mappings created through the API, and the settings the API stored, restored.
  ApiEventSources api_sources(*streams, bus, store->get(), &runner, options.region,
                              options.account);
  deps.settings = settings->get();
  deps.event_sources = &api_sources;
  if (Status s = server::RestoreLambdaSettings(options, deps); !s.ok()) {
    std::cerr << "tern serve: restoring Lambda settings: " << s.message() << "\n";
  }
  deps.metrics = metrics;
  server::MetricsSources metric_sources;
  metric_sources.store = store->get();
  metric_sources.pool = &pool;
  metric_sources.recursion_stops = [&bus] { return bus.recursion_stops(); };
  // Stream lag of the project's mappings and of those created through the Lambda API.
  metric_sources.stream_lag = [&sources, &api_sources, &streams = *streams] {
    std::vector<triggers::StreamMappingConfig> running = api_sources.Running();
    if (sources) {
      for (const auto& mapping : sources->mappings()) running.push_back(mapping->config());
    }
    std::vector<server::StreamLag> lags;
    for (const triggers::StreamMappingConfig& c : running) {
      if (auto behind = triggers::RecordsBehind(streams, c.id, c.stream)) {
        lags.push_back(server::StreamLag{c.id, c.stream, *behind});
      }
    }
    return lags;
  };
  metrics->SetSources(std::move(metric_sources));
  const std::string host = options.host;
  const std::vector<server::HttpRoute> routes = options.http_routes;
  const std::string http_prefix_shown = options.http_prefix;
  server::Server http(std::move(options), deps);
  auto port = http.Start();
  if (!port) {
    std::cerr << "tern serve: " << port.error().message() << "\n";
    return kExitUsage;
  }
  const bool v6 = host.find(':') != std::string::npos;
  const std::string base =
      "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(*port);
  for (const server::HttpRoute& route : routes) {
    std::cerr << "tern serve: route " << route.RouteKey() << " -> "
              << (route.target == server::HttpRoute::Target::kFunction ? "function "
                                                                        : "state machine ")
              << route.target_name << " at " << base << http_prefix_shown
              << (route.path == "$default" ? "/..." : route.path) << "\n";
  }
  std::cerr << "tern serve: listening on http://" << (v6 ? "[" : "") << host << (v6 ? "]" : "")
            << ":" << *port << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  std::cerr << "tern serve: " << (received == SIGINT ? "SIGINT" : "SIGTERM") << ", shutting down\n";
  http.Stop();
  if (sources) sources->Stop();
  api_sources.StopAll();
  // The runner's destructor checkpoints what is still running (resumed by the next start).
  return kExitOk;
}

}  // namespace

CommandRunner AddServeCommand(CLI::App& app);
const CommandRegistration kRegistration{30, &AddServeCommand};

CommandRunner AddServeCommand(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the Step Functions and Lambda APIs over HTTP (aws CLI, SDKs), /metrics");
  cmd->add_option("--config", args->config,
                  "The project file (default: tern.yaml, template.yaml in this folder, if any)");
  cmd->add_option("--listen", args->listen,
                  "HOST:PORT to listen on (default 127.0.0.1:8083; port 0 picks a free one)");
  cmd->add_option("--auth", args->auth, "none (default) or sigv4 (AWS Signature V4)")
      ->check(CLI::IsMember({"none", "sigv4"}));
  cmd->add_option("--data-dir", args->data_dir,
                  "Where uploaded function code goes (default: <project>/.tern or ./.tern)");
  cmd->add_option("--http-prefix", args->http_prefix,
                  "Where the project's HttpApi/Api routes are served (default /http: "
                  "GET /http/orders/42 is route GET /orders/42; / serves them at the root)");
  cmd->add_option("--io-threads", args->io_threads, "HTTP I/O threads (default 2)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--worker-threads", args->worker_threads,
                  "Threads for request handlers that block (default 32)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--max-connections", args->max_connections,
                  "Open connections at most; more are closed at once (default 4096)");
  AddStoreFlags(*cmd, args->store);
  return [args] { return RunServe(*args); };
}

}  // namespace tern::cli
