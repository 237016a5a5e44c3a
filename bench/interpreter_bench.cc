// Interpreter throughput: state transitions per second and per-execution latency (p50/p99) on the
// workloads in bench/workloads/, in memory mode (no store; history kept in memory as always).
// Prints one JSON object per workload. bench/run_interpreter_bench.sh runs the same workloads on
// aws-local-stepfunctions in the same run and prints them side by side.
//
// Usage: tern_interpreter_bench [--seconds S | --executions N] [--input-file F] [WORKLOAD.asl.json
// ...]
//   --executions N   exactly N timed executions instead of running for S seconds: a fixed amount
//                    of work, for instruction counts (valgrind --tool=callgrind) that compare.
//   --input-file F   every execution's input (default {}): measures what payload size costs.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "asl/model/state_machine.h"
#include "asl/parse/definition_source.h"
#include "common/json_text.h"
#include "engine/execution.h"
#include "engine/mock_invoker.h"

namespace {

using Clock = std::chrono::steady_clock;

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

size_t CountTransitions(const tern::engine::ExecutionOutcome& o) {
  size_t n = 0;
  for (const auto& e : o.history) {
    std::string_view t = e.type;
    n += t.size() > 12 && t.compare(t.size() - 12, 12, "StateEntered") == 0;
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3.0;
  size_t fixed_executions = 0;  // 0: run for `seconds`
  std::vector<std::string> files;
  tern::Json input = tern::Json::object();
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (std::strcmp(argv[i], "--executions") == 0 && i + 1 < argc) {
      fixed_executions = std::strtoull(argv[++i], nullptr, 10);
      if (fixed_executions == 0) {
        std::cerr << "--executions: expected a positive count, got '" << argv[i] << "'\n";
        return 2;
      }
    } else if (std::strcmp(argv[i], "--input-file") == 0 && i + 1 < argc) {
      std::ifstream in(argv[++i]);
      if (!in) {
        std::cerr << argv[i] << ": cannot open the input file\n";
        return 2;
      }
      std::stringstream text;
      text << in.rdbuf();
      try {
        input = tern::Json::parse(text.str());
      } catch (const tern::Json::exception& e) {
        std::cerr << argv[i] << ": not JSON: " << e.what() << "\n";
        return 2;
      }
    } else {
      files.push_back(argv[i]);
    }
  }
  if (files.empty()) {
    std::string dir = std::string(TERN_SOURCE_DIR) + "/bench/workloads";
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().string().ends_with(".asl.json")) files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
  }
  for (const std::string& file : files) {
    auto doc = tern::asl::LoadDefinitionFile(file);
    if (!doc) {
      std::cerr << file << ": " << doc.error().error.ToString() << "\n";
      return 2;
    }
    auto machine = tern::asl::BuildStateMachine(doc->value);
    if (!machine) {
      std::cerr << file << ": " << machine.error() << "\n";
      return 2;
    }
    tern::engine::UnavailableInvoker invoker;
    tern::engine::RealClock clock;
    tern::engine::ExecutionOptions options;
    options.state_machine_name = "bench";
    options.execution_name = "bench";
    options.max_history_events = 0;  // EXPRESS-style: the counter loop exceeds 25,000 events
    std::vector<double> latencies_ms;
    size_t transitions = 0;
    std::string status;
    // Warm up, then run for `seconds`.
    for (int i = 0; i < 3; ++i) {
      auto o = tern::engine::RunExecution(*machine, input, options, invoker, clock);
      transitions = CountTransitions(o);
      status = tern::engine::ExecutionStatusName(o.status);
    }
    // Two clock reads per execution: one execution's end is the next one's start.
    const auto start = Clock::now();
    auto t0 = start;
    size_t executions = 0;
    for (;;) {
      { auto o = tern::engine::RunExecution(*machine, input, options, invoker, clock); }
      const auto t1 = Clock::now();
      latencies_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      t0 = t1;
      ++executions;
      const bool done =
          fixed_executions != 0
              ? executions >= fixed_executions
              : executions >= 5 && std::chrono::duration<double>(t1 - start).count() >= seconds;
      if (done) break;
    }
    double total = std::chrono::duration<double>(t0 - start).count();
    std::string name = std::filesystem::path(file).filename().string();
    name = name.substr(0, name.find(".asl.json"));
    tern::Json line{{"engine", "tern"},
                    {"workload", name},
                    {"mode", "memory"},
                    {"input_bytes", tern::DumpCompact(input).size()},
                    {"status", status},
                    {"executions", executions},
                    {"transitions_per_execution", transitions},
                    {"transitions_per_sec", static_cast<double>(transitions * executions) / total},
                    {"p50_ms", Percentile(latencies_ms, 0.50)},
                    {"p99_ms", Percentile(latencies_ms, 0.99)}};
    std::cout << line.dump() << std::endl;
  }
  return 0;
}
