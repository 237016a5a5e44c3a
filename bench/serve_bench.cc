// `tern serve` over HTTP: an in-process server (the same Server `tern serve` runs) and a small
// keep-alive client, N connections each with one request in flight.
//   sync:    StartSyncExecution of a 5-state EXPRESS workflow (Pass chain), store in memory mode
//   durable: StartExecution of the same workflow as STANDARD, store in `--durability` mode
//            (default batched: group commit), each request answered once ExecutionStarted is
//            durable; executions keep running in the background
// Prints one JSON object per line: workload, configuration (durability, connections, threads),
// requests/s, p50/p99/max latency in ms.
//
// Usage: tern_serve_bench [--connections 16] [--seconds 5] [--durability batched]
//                         [--io-threads 2] [--worker-threads 32] [--workload sync|durable|all]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "engine/clock.h"
#include "engine/mock_invoker.h"
#include "runtime/runner.h"
#include "server/server.h"
#include "storage/store.h"
#include "tests/server/raw_client.h"

namespace {

using namespace tern;

constexpr const char* kFiveStates =
    R"({"StartAt":"S1","States":{)"
    R"("S1":{"Type":"Pass","Result":{"step":1},"ResultPath":"$.s1","Next":"S2"},)"
    R"("S2":{"Type":"Pass","Result":{"step":2},"ResultPath":"$.s2","Next":"S3"},)"
    R"("S3":{"Type":"Pass","Result":{"step":3},"ResultPath":"$.s3","Next":"S4"},)"
    R"("S4":{"Type":"Pass","Result":{"step":4},"ResultPath":"$.s4","Next":"S5"},)"
    R"("S5":{"Type":"Succeed"}}})";

struct Config {
  int connections = 16;
  double seconds = 5;
  std::string durability = "batched";
  int io_threads = 2;
  int worker_threads = 32;
  std::string workload = "all";
};

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

struct Outcome {
  uint64_t ok = 0;
  uint64_t errors = 0;
  std::vector<double> latencies_ms;
};

// Drives `body_for(i)` requests of `action` on every connection until the time is up.
Outcome Drive(int port, const Config& config, const std::string& action,
              const std::function<std::string(uint64_t)>& body_for) {
  std::vector<Outcome> per(config.connections);
  std::atomic<bool> stop{false};
  static std::atomic<uint64_t> sequence{0};  // across runs: execution names never repeat
  std::vector<std::thread> threads;
  for (int c = 0; c < config.connections; ++c) {
    threads.emplace_back([&, c] {
      tern::testing::RawConnection connection(port, 60000);
      Outcome& mine = per[c];
      while (!stop.load(std::memory_order_relaxed)) {
        const std::string request =
            tern::testing::SfnRequest(action, body_for(sequence.fetch_add(1)));
        const auto start = std::chrono::steady_clock::now();
        if (!connection.Send(request)) break;
        auto response = connection.Read();
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        if (response.status == 200) {
          ++mine.ok;
          mine.latencies_ms.push_back(ms);
        } else {
          ++mine.errors;
          if (response.status == 0) break;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(config.seconds));
  stop = true;
  for (auto& t : threads) t.join();
  Outcome all;
  for (auto& o : per) {
    all.ok += o.ok;
    all.errors += o.errors;
    all.latencies_ms.insert(all.latencies_ms.end(), o.latencies_ms.begin(), o.latencies_ms.end());
  }
  std::sort(all.latencies_ms.begin(), all.latencies_ms.end());
  return all;
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t index = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1));
  return sorted[index];
}

void Report(const std::string& workload, const Config& config, const std::string& durability,
            const Outcome& o) {
  std::printf(
      "{\"workload\": %s, \"durability\": %s, \"connections\": %d, \"io_threads\": %d, "
      "\"worker_threads\": %d, \"seconds\": %.1f, \"requests\": %llu, \"errors\": %llu, "
      "\"requests_per_s\": %.0f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f}\n",
      JsonString(workload).c_str(), JsonString(durability).c_str(), config.connections,
      config.io_threads, config.worker_threads, config.seconds,
      static_cast<unsigned long long>(o.ok), static_cast<unsigned long long>(o.errors),
      static_cast<double>(o.ok) / config.seconds, Percentile(o.latencies_ms, 0.5),
      Percentile(o.latencies_ms, 0.99), o.latencies_ms.empty() ? 0 : o.latencies_ms.back());
  std::fflush(stdout);
}

int RunWorkload(const Config& config, bool express) {
  const std::string durability_name = express ? "memory" : config.durability;
  auto durability = storage::ParseDurability(durability_name);
  if (!durability) {
    std::cerr << "unknown durability " << durability_name << "\n";
    return 2;
  }
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("tern-serve-bench-" + std::to_string(getpid())))
          .string();
  std::filesystem::create_directories(dir);
  storage::StoreOptions store_options;
  store_options.durability = *durability;
  store_options.path = dir + "/bench.db";
  auto store = storage::OpenStore(store_options);
  if (!store) {
    std::cerr << store.error().message() << "\n";
    return 2;
  }
  engine::UnavailableInvoker invoker;
  engine::RealClock clock;
  auto runner = std::make_unique<runtime::Runner>(**store, invoker, clock);
  server::ServerOptions options;
  options.port = 0;
  options.io_threads = config.io_threads;
  options.worker_threads = config.worker_threads;
  server::ServerDeps deps;
  deps.store = store->get();
  deps.runner = runner.get();
  deps.invoker = &invoker;
  deps.clock = &clock;
  server::Server http(options, deps);
  auto port = http.Start();
  if (!port) {
    std::cerr << port.error().message() << "\n";
    return 2;
  }
  const std::string name = express ? "bench-express" : "bench-standard";
  {
    tern::testing::RawConnection c(*port);
    std::string definition = JsonString(kFiveStates);
    c.Send(tern::testing::SfnRequest(
        "CreateStateMachine", std::string("{\"name\": \"") + name +
                                  "\", \"definition\": " + definition +
                                  ", \"roleArn\": \"arn:aws:iam::123456789012:role/r\", " +
                                  "\"type\": \"" + (express ? "EXPRESS" : "STANDARD") + "\"}"));
    auto r = c.Read();
    if (r.status != 200) {
      std::cerr << "CreateStateMachine: " << r.status << " " << r.body << "\n";
      return 2;
    }
  }
  const std::string arn = "arn:aws:states:us-east-1:123456789012:stateMachine:" + name;
  const std::string action = express ? "StartSyncExecution" : "StartExecution";
  auto body = [&](uint64_t i) {
    return "{\"stateMachineArn\": \"" + arn + "\", \"name\": \"b" + std::to_string(i) +
           "\", \"input\": \"{\\\"order\\\": " + std::to_string(i) + "}\"}";
  };
  // Warm-up, then the measured run.
  Config warm = config;
  warm.seconds = std::min(1.0, config.seconds);
  (void)Drive(*port, warm, action, body);
  Outcome o = Drive(*port, config, action, body);
  Report(express ? "StartSyncExecution_express_5_states" : "StartExecution_standard_5_states",
         config, durability_name, o);
  http.Stop();
  runner->WaitIdle();
  runner.reset();
  store->reset();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Config config;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    std::string value = argv[i + 1];
    if (flag == "--connections") {
      config.connections = std::stoi(value);
    } else if (flag == "--seconds") {
      config.seconds = std::stod(value);
    } else if (flag == "--durability") {
      config.durability = value;
    } else if (flag == "--io-threads") {
      config.io_threads = std::stoi(value);
    } else if (flag == "--worker-threads") {
      config.worker_threads = std::stoi(value);
    } else if (flag == "--workload") {
      config.workload = value;
    } else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  if (config.workload == "sync" || config.workload == "all") {
    if (int rc = RunWorkload(config, /*express=*/true); rc != 0) return rc;
  }
  if (config.workload == "durable" || config.workload == "all") {
    if (int rc = RunWorkload(config, /*express=*/false); rc != 0) return rc;
  }
  return 0;
}
