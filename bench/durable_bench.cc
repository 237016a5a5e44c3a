// Durable execution throughput: the interpreter's workloads (bench/workloads/) run through the
// runtime::Runner with every transition persisted, in each durability mode, next to the same
// workload run in memory by the bare interpreter. Prints one JSON object per workload and mode.
//
// Usage: tern_durable_bench [--seconds S] [--concurrency N] [--dir DIR] [WORKLOAD.asl.json ...]
//   --concurrency: executions in flight at once (group commit shares fsyncs between them).
//   --dir: where the database files go (default: a fresh folder under /tmp, deleted after).
#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "asl/model/state_machine.h"
#include "asl/parse/definition_source.h"
#include "engine/execution.h"
#include "engine/mock_invoker.h"
#include "runtime/runner.h"
#include "storage/store.h"

namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

struct Args {
  double seconds = 3.0;
  int concurrency = 1;
  std::string dir;
  std::vector<std::string> files;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

size_t Transitions(const std::vector<tern::storage::EventRecord>& events) {
  size_t n = 0;
  for (const auto& e : events) n += e.type.ends_with("StateEntered");
  return n;
}

// The bare interpreter: no store, history in memory.
tern::Json RunMemory(const std::string& name, const std::string& text, const Args& args) {
  auto doc = tern::asl::ParseDefinitionText(text, tern::asl::SourceFormat::kJson);
  auto machine = tern::asl::BuildStateMachine(doc->value);
  tern::engine::UnavailableInvoker invoker;
  tern::engine::RealClock clock;
  tern::engine::ExecutionOptions options;
  options.max_history_events = 0;
  size_t transitions = 0;
  for (const auto& e :
       tern::engine::RunExecution(*machine, tern::Json::object(), options, invoker, clock).history) {
    transitions += e.type.ends_with("StateEntered");
  }
  auto start = SteadyClock::now();
  size_t executions = 0;
  while (std::chrono::duration<double>(SteadyClock::now() - start).count() < args.seconds ||
         executions < 5) {
    tern::engine::RunExecution(*machine, tern::Json::object(), options, invoker, clock);
    ++executions;
  }
  double total = std::chrono::duration<double>(SteadyClock::now() - start).count();
  return {{"workload", name},
          {"mode", "interpreter-only"},
          {"executions", executions},
          {"transitions_per_sec", static_cast<double>(transitions * executions) / total}};
}

tern::Json RunDurable(const std::string& name, const std::string& text,
                      tern::storage::Durability durability, const Args& args,
                      const fs::path& dir) {
  tern::storage::StoreOptions options;
  options.durability = durability;
  options.path = (dir / (name + "-" + std::string(tern::storage::DurabilityName(durability)) +
                         ".db"))
                     .string();
  fs::remove(options.path);
  auto store = tern::storage::OpenStore(options);
  if (!store) return {{"workload", name}, {"error", store.error().ToString()}};
  tern::storage::StateMachineRecord machine;
  machine.name = name;
  machine.arn = "arn:aws:states:us-east-1:123456789012:stateMachine:" + name;
  machine.definition = text;
  auto created = (*store)->CreateStateMachine(machine);
  if (!created) return {{"workload", name}, {"error", created.error().ToString()}};
  tern::engine::UnavailableInvoker invoker;
  tern::engine::RealClock clock;
  tern::runtime::RunnerOptions runner_options;
  runner_options.max_history_events = 0;  // EXPRESS-style, as the interpreter bench runs them
  tern::runtime::Runner runner(**store, invoker, clock, runner_options);

  size_t counter = 0;
  auto run_batch = [&](std::vector<double>* latencies) {
    std::vector<std::string> arns;
    std::vector<SteadyClock::time_point> starts;
    for (int i = 0; i < args.concurrency; ++i) {
      starts.push_back(SteadyClock::now());
      auto started = runner.StartExecution(*created, "e" + std::to_string(counter++), "{}");
      if (!started) throw std::runtime_error(started.error().ToString());
      arns.push_back(started->arn);
    }
    for (size_t i = 0; i < arns.size(); ++i) {
      auto ended = runner.WaitFor(arns[i]);
      if (!ended) throw std::runtime_error(ended.error().ToString());
      if (latencies) {
        latencies->push_back(
            std::chrono::duration<double, std::milli>(SteadyClock::now() - starts[i]).count());
      }
    }
    return arns;
  };
  auto warm = run_batch(nullptr);
  auto events = (*store)->GetHistory(warm.front(), {});
  const size_t transitions = events ? Transitions(*events) : 0;
  const size_t events_per_execution = events ? events->size() : 0;

  std::vector<double> latencies;
  size_t executions = 0;
  auto start = SteadyClock::now();
  while (std::chrono::duration<double>(SteadyClock::now() - start).count() < args.seconds ||
         executions < 5) {
    executions += run_batch(&latencies).size();
  }
  double total = std::chrono::duration<double>(SteadyClock::now() - start).count();
  runner.WaitIdle();
  std::error_code ec;
  auto bytes = durability == tern::storage::Durability::kMemory ? 0 : fs::file_size(options.path, ec);
  return {{"workload", name},
          {"mode", tern::storage::DurabilityName(durability)},
          {"concurrency", args.concurrency},
          {"executions", executions},
          {"transitions_per_execution", transitions},
          {"events_per_execution", events_per_execution},
          {"transitions_per_sec", static_cast<double>(transitions * executions) / total},
          {"p50_ms", Percentile(latencies, 0.50)},
          {"p99_ms", Percentile(latencies, 0.99)},
          {"db_bytes", bytes}};
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      args.seconds = std::atof(argv[++i]);
    } else if (std::strcmp(argv[i], "--concurrency") == 0 && i + 1 < argc) {
      args.concurrency = std::max(1, std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
      args.dir = argv[++i];
    } else {
      args.files.push_back(argv[i]);
    }
  }
  if (args.files.empty()) {
    std::string dir = std::string(TERN_SOURCE_DIR) + "/bench/workloads";
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().string().ends_with(".asl.json")) args.files.push_back(entry.path().string());
    }
    std::sort(args.files.begin(), args.files.end());
  }
  const bool own_dir = args.dir.empty();
  fs::path dir = own_dir ? fs::temp_directory_path() / ("tern-durable-bench-" +
                                                        std::to_string(::getpid()))
                         : fs::path(args.dir);
  fs::create_directories(dir);
  for (const std::string& file : args.files) {
    auto text = tern::asl::ReadFileLimited(file, 1024 * 1024);
    if (!text) {
      std::cerr << file << ": " << text.error().error.message << "\n";
      return 2;
    }
    std::string name = fs::path(file).filename().string();
    name = name.substr(0, name.find(".asl.json"));
    std::cout << RunMemory(name, *text, args).dump() << std::endl;
    for (auto mode : {tern::storage::Durability::kMemory, tern::storage::Durability::kBatched,
                      tern::storage::Durability::kStrict}) {
      std::cout << RunDurable(name, *text, mode, args, dir).dump() << std::endl;
    }
  }
  if (own_dir) fs::remove_all(dir);
  return 0;
}
