// Function invocation through workers::Pool with real processes: warm round trip (caller ->
// environment -> caller) p50/p99 for an echo function in three runtimes, cold start per runtime,
// and throughput with 2, 8 and 32 concurrent callers. One JSON object per line.
//
// Separating tern from the runtime: the `provided` function is a C program
// (tests/workers/testdata/echo_bootstrap.c, compiled here with cc) whose own work per
// invocation is a memcpy, so its round trip is tern's overhead plus two loopback HTTP exchanges
// and the wake-ups of two processes. Each line also gives `duration` (REPORT's Duration: from
// the /next answer leaving tern to the runtime's /response arriving, i.e. the runtime's share
// including its HTTP client) and `outside` = round trip - duration (queueing, dispatch and
// completion inside tern).
//
// Usage: tern_workers_bench [--warm N] [--cold N] [--throughput-seconds S] [--runtimes a,b,c]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "workers/pool.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
using tern::workers::InvokeRequest;
using tern::workers::InvokeResult;
using tern::workers::Pool;

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

std::string Fixed(double v, int digits = 3) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(digits);
  s << v;
  return s.str();
}

struct Runtime {
  std::string name;     // provided, python3, nodejs
  std::string runtime;  // as in a template
  std::string handler;
  std::string code_dir;
};

tern::project::FunctionSpec Spec(const Runtime& rt, const std::string& name) {
  tern::project::FunctionSpec spec;
  spec.name = name;
  spec.runtime = rt.runtime;
  spec.handler = rt.handler;
  spec.code_dir = rt.code_dir;
  spec.timeout_seconds = 30;
  spec.memory_mb = 512;
  return spec;
}

InvokeResult Call(Pool& pool, const std::string& function, const std::string& payload) {
  InvokeRequest request;
  request.function = function;
  request.payload = payload;
  request.request_id = "00000000-0000-4000-8000-000000000000";  // skip the generator
  return pool.InvokeAndWait(request);
}

const char* kConfig =
    R"j("config":{"durability":"none (no store)","payload":"{\"k\":\"v\"}","memory_mb":512)j";

void Warm(Pool& pool, const Runtime& rt, int n) {
  std::string fn = "warm-" + rt.name;
  if (!pool.PutFunction(Spec(rt, fn)).ok()) return;
  for (int i = 0; i < 50; ++i) Call(pool, fn, R"({"k":"v"})");
  std::vector<double> total, duration, outside;
  int failures = 0;
  for (int i = 0; i < n; ++i) {
    auto start = Clock::now();
    InvokeResult r = Call(pool, fn, R"({"k":"v"})");
    double ms = Ms(Clock::now() - start);
    if (!r.ok()) ++failures;
    total.push_back(ms);
    duration.push_back(r.duration_ms);
    outside.push_back(ms - r.duration_ms);
  }
  std::cout << R"({"bench":"workers","metric":"warm_roundtrip","runtime":")" << rt.name
            << R"(","n":)" << n << R"(,"failures":)" << failures << R"(,"p50_ms":)"
            << Fixed(Percentile(total, 0.5)) << R"(,"p99_ms":)" << Fixed(Percentile(total, 0.99))
            << R"(,"duration_p50_ms":)" << Fixed(Percentile(duration, 0.5))
            << R"(,"outside_p50_ms":)" << Fixed(Percentile(outside, 0.5)) << R"(,"outside_p99_ms":)"
            << Fixed(Percentile(outside, 0.99)) << "," << kConfig << "}}" << std::endl;
}

void Cold(Pool& pool, const Runtime& rt, int n) {
  std::vector<double> total, init;
  for (int i = 0; i < n; ++i) {
    std::string fn = "cold-" + rt.name + "-" + std::to_string(i);
    if (!pool.PutFunction(Spec(rt, fn)).ok()) return;
    auto start = Clock::now();
    InvokeResult r = Call(pool, fn, R"({"k":"v"})");
    total.push_back(Ms(Clock::now() - start));
    init.push_back(r.init_duration_ms.value_or(0));
    (void)pool.RemoveFunction(fn);
  }
  std::cout << R"({"bench":"workers","metric":"cold_start","runtime":")" << rt.name << R"(","n":)"
            << n << R"(,"roundtrip_p50_ms":)" << Fixed(Percentile(total, 0.5))
            << R"(,"init_duration_p50_ms":)" << Fixed(Percentile(init, 0.5))
            << R"(,"init_duration_max_ms":)" << Fixed(Percentile(init, 1.0)) << "," << kConfig
            << "}}" << std::endl;
}

void Throughput(Pool& pool, const Runtime& rt, int callers, double seconds) {
  std::string fn = "tput-" + rt.name + "-" + std::to_string(callers);
  if (!pool.PutFunction(Spec(rt, fn)).ok()) return;
  // Warm: every caller's environment exists before the clock starts.
  std::vector<std::thread> threads;
  for (int c = 0; c < callers; ++c) {
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i) Call(pool, fn, R"({"k":"v"})");
    });
  }
  for (auto& t : threads) t.join();
  threads.clear();
  std::atomic<long> done{0}, failed{0};
  std::vector<std::vector<double>> latencies(callers);
  auto until = Clock::now() + std::chrono::duration<double>(seconds);
  auto start = Clock::now();
  for (int c = 0; c < callers; ++c) {
    threads.emplace_back([&, c] {
      while (Clock::now() < until) {
        auto t0 = Clock::now();
        InvokeResult r = Call(pool, fn, R"({"k":"v"})");
        latencies[c].push_back(Ms(Clock::now() - t0));
        if (!r.ok()) failed++;
        done++;
      }
    });
  }
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
  std::cout << R"({"bench":"workers","metric":"throughput","runtime":")" << rt.name
            << R"(","callers":)" << callers << R"(,"invocations":)" << done.load()
            << R"(,"failures":)" << failed.load() << R"(,"per_second":)"
            << Fixed(static_cast<double>(done.load()) / elapsed, 1) << R"(,"p50_ms":)"
            << Fixed(Percentile(all, 0.5)) << R"(,"p99_ms":)" << Fixed(Percentile(all, 0.99)) << ","
            << kConfig << R"(,"environments":)" << pool.StatsFor(fn)->cold_starts << "}}"
            << std::endl;
  (void)pool.RemoveFunction(fn);
}

}  // namespace

int main(int argc, char** argv) {
  int warm = 2000, cold = 10;
  double seconds = 3;
  std::string only = "provided,python3,nodejs";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--warm") warm = std::atoi(argv[i + 1]);
    if (flag == "--cold") cold = std::atoi(argv[i + 1]);
    if (flag == "--throughput-seconds") seconds = std::atof(argv[i + 1]);
    if (flag == "--runtimes") only = argv[i + 1];
  }
  fs::path dir = fs::temp_directory_path() / ("tern-workers-bench-" + std::to_string(getpid()));
  fs::create_directories(dir / "provided");
  fs::create_directories(dir / "python");
  fs::create_directories(dir / "node");
  std::string cc = "cc -O2 -o " + (dir / "provided" / "bootstrap").string() + " " +
                   TERN_SOURCE_DIR + "/tests/workers/testdata/echo_bootstrap.c";
  if (std::system(cc.c_str()) != 0) {
    std::cerr << "cannot compile the echo bootstrap: " << cc << "\n";
    return 2;
  }
  std::ofstream(dir / "python" / "app.py") << "def handler(event, context):\n    return event\n";
  std::ofstream(dir / "node" / "index.js") << "exports.handler = async (event) => event;\n";
  std::vector<Runtime> runtimes = {
      {"provided", "provided.al2023", "echo", (dir / "provided").string()},
      {"python3", "python3.12", "app.handler", (dir / "python").string()},
      {"nodejs", "nodejs20.x", "index.handler", (dir / "node").string()},
  };
  {
    tern::workers::PoolOptions options;
    options.log_dir = (dir / "logs").string();
    Pool pool(options);
    std::cerr << "workers bench: " << std::thread::hardware_concurrency()
              << " hardware threads; logs in " << options.log_dir << "\n";
    for (const Runtime& rt : runtimes) {
      if (only.find(rt.name) == std::string::npos) continue;
      Cold(pool, rt, cold);
      Warm(pool, rt, warm);
      for (int callers : {2, 8, 32}) Throughput(pool, rt, callers, seconds);
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
