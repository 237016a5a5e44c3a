// Synchronous Task-to-function overhead inside a workflow, against the raw workers' invoke of the
// same function. The function is the `provided` C echo (tests/workers/testdata/echo_bootstrap.c,
// compiled here with cc), whose own work is a memcpy, so every difference is tern's:
//   raw_pool        workers::Pool::InvokeAndWait, one call at a time (the floor);
//   bus             triggers::Bus::InvokeFunctionAndWait (+ lineage parsing and counting);
//   workflow_1task  an in-memory execution (engine::RunExecution, as StartSyncExecution runs
//                   EXPRESS machines) of StartAt: Task -> End, per execution;
//   workflow_chain  the same with a chain of 10 Task states, per Task (execution time / 10);
//   durable_1task   a STANDARD execution through runtime::Runner on a SQLite store (batched
//                   group commit), StartExecution to its durable end, per execution.
// Each line: p50/p99 ms per call and, for the workflow lines, the difference from raw_pool's
// p50. One JSON object per line, with the configuration.
//
// Usage: tern_task_overhead_bench [--calls N] [--durability batched|strict]
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/clock.h"
#include "engine/execution.h"
#include "runtime/definitions.h"
#include "runtime/runner.h"
#include "storage/store.h"
#include "triggers/bus.h"
#include "workers/pool.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
using tern::Json;

constexpr char kFunctionArn[] = "arn:aws:lambda:us-east-1:123456789012:function:echo";
constexpr char kPayload[] = R"({"k":"v"})";
constexpr int kChainLength = 10;
constexpr int kWarmups = 200;

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

std::string Fixed(double v, int digits = 4) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(digits);
  s << v;
  return s.str();
}

// A definition whose states are `length` Tasks invoking the echo in sequence.
std::string ChainDefinition(int length) {
  Json states = Json::object();
  for (int i = 0; i < length; ++i) {
    Json task{{"Type", "Task"}, {"Resource", kFunctionArn}};
    if (i + 1 < length) {
      task["Next"] = "T" + std::to_string(i + 1);
    } else {
      task["End"] = true;
    }
    states["T" + std::to_string(i)] = task;
  }
  return Json{{"StartAt", "T0"}, {"States", states}}.dump();
}

struct Sample {
  std::vector<double> ms;
  int failures = 0;
};

// Runs `call` (true: ok) kWarmups times untimed, then `n` times timed; `per` divides each time.
template <typename F>
Sample Measure(int n, int per, F call) {
  Sample s;
  for (int i = 0; i < kWarmups; ++i) call();
  for (int i = 0; i < n; ++i) {
    auto start = Clock::now();
    if (!call()) ++s.failures;
    s.ms.push_back(Ms(Clock::now() - start) / per);
  }
  return s;
}

void Print(const std::string& metric, const Sample& s, double raw_p50, const std::string& config) {
  const double p50 = Percentile(s.ms, 0.5);
  std::cout << R"({"bench":"task_overhead","metric":")" << metric << R"(","n":)" << s.ms.size()
            << R"(,"failures":)" << s.failures << R"(,"p50_ms":)" << Fixed(p50) << R"(,"p99_ms":)"
            << Fixed(Percentile(s.ms, 0.99));
  if (raw_p50 >= 0) std::cout << R"(,"over_raw_p50_ms":)" << Fixed(p50 - raw_p50);
  std::cout << "," << config << "}" << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  int calls = 3000;
  std::string durability_name = "batched";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--calls") calls = std::max(1, std::atoi(argv[i + 1]));
    if (flag == "--durability") durability_name = argv[i + 1];
  }
  auto durability = tern::storage::ParseDurability(durability_name);
  if (!durability) {
    std::cerr << "--durability: " << durability.error().message() << "\n";
    return 2;
  }
  fs::path dir = fs::temp_directory_path() / ("tern-task-bench-" + std::to_string(getpid()));
  fs::create_directories(dir / "provided");
  std::string cc = "cc -O2 -o " + (dir / "provided" / "bootstrap").string() + " " +
                   TERN_SOURCE_DIR + "/tests/workers/testdata/echo_bootstrap.c";
  if (std::system(cc.c_str()) != 0) {
    std::cerr << "cannot compile the echo bootstrap: " << cc << "\n";
    return 2;
  }
  const std::string config =
      R"("config":{"function":"provided C echo","payload":"{\"k\":\"v\"}","memory_mb":512,)"
      R"("calls":)" +
      std::to_string(calls) + R"(,"workflow_store":"memory","durable_store":")" + durability_name +
      R"(","hardware_threads":)" + std::to_string(std::thread::hardware_concurrency()) + "}";
  {
    tern::workers::PoolOptions options;
    options.log_dir = (dir / "logs").string();
    tern::workers::Pool pool(options);
    tern::project::FunctionSpec spec;
    spec.name = "echo";
    spec.arn = kFunctionArn;
    spec.runtime = "provided.al2023";
    spec.handler = "echo";
    spec.code_dir = (dir / "provided").string();
    spec.timeout_seconds = 30;
    spec.memory_mb = 512;
    if (!pool.PutFunction(spec).ok()) return 2;

    // raw_pool: the floor.
    Sample raw = Measure(calls, 1, [&] {
      tern::workers::InvokeRequest r;
      r.function = "echo";
      r.payload = kPayload;
      r.request_id = "00000000-0000-4000-8000-000000000000";
      return pool.InvokeAndWait(r).ok();
    });
    const double raw_p50 = Percentile(raw.ms, 0.5);
    Print("raw_pool", raw, -1, config);

    tern::triggers::Bus bus(pool, nullptr);
    Print("bus",
          Measure(calls, 1,
                  [&] {
                    tern::workers::InvokeRequest r;
                    r.function = "echo";
                    r.payload = kPayload;
                    return bus
                        .InvokeFunctionAndWait(r, tern::triggers::InvocationType::kRequestResponse)
                        .result.ok();
                  }),
          raw_p50, config);

    tern::engine::RealClock clock;
    const Json input = Json::parse(kPayload);
    auto run_in_memory = [&](const std::shared_ptr<const tern::asl::StateMachine>& machine) {
      tern::engine::ExecutionOptions o;
      o.max_history_events = 0;
      return tern::engine::RunExecution(machine, input, o, bus, clock).status ==
             tern::engine::ExecutionStatus::kSucceeded;
    };
    auto one = tern::runtime::CompileDefinition(ChainDefinition(1));
    auto chain = tern::runtime::CompileDefinition(ChainDefinition(kChainLength));
    if (!one || !chain) {
      std::cerr << "definition: " << (one ? chain.error() : one.error()).message() << "\n";
      return 2;
    }
    Print("workflow_1task", Measure(calls, 1, [&] { return run_in_memory(*one); }), raw_p50,
          config);
    Print("workflow_chain_per_task",
          Measure(std::max(1, calls / kChainLength), kChainLength,
                  [&] { return run_in_memory(*chain); }),
          raw_p50, config);

    // durable_1task: StartExecution (ExecutionStarted committed) to the durable end.
    tern::storage::StoreOptions store_options;
    store_options.path = (dir / "tern.db").string();
    store_options.durability = *durability;
    auto store = tern::storage::OpenStore(store_options);
    if (!store) {
      std::cerr << "store: " << store.error().message() << "\n";
      return 2;
    }
    tern::storage::StateMachineRecord machine;
    machine.name = "OneTask";
    machine.arn = "arn:aws:states:us-east-1:123456789012:stateMachine:OneTask";
    machine.definition = ChainDefinition(1);
    machine.role_arn = "arn:aws:iam::123456789012:role/tern-local";
    auto created = (*store)->CreateStateMachine(machine);
    if (!created) return 2;
    {
      tern::runtime::Runner runner(**store, bus, clock);
      const int durable_calls = std::max(1, calls / 3);
      Print("durable_1task",
            Measure(durable_calls, 1,
                    [&] {
                      auto started = runner.StartExecution(*created, "", kPayload);
                      if (!started) return false;
                      auto ended = runner.WaitFor(started->arn);
                      return ended && ended->status == tern::storage::ExecutionStatus::kSucceeded;
                    }),
            raw_p50, config);
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
