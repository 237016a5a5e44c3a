// Asynchronous invocations through the trigger bus with a durable store (batched mode, a file in
// the temp folder) and a `provided` echo function (tests/workers/testdata/echo_bootstrap.c,
// compiled here with cc), so the numbers are tern's queue, dispatcher and pool:
//   accept:  events accepted per second by concurrent Event invokes, each answered 202 only once
//            durable (group commit), while the dispatcher is already delivering;
//   drain:   events delivered per second until that backlog is gone;
//   latency: one event at a time, from Invoke (Event) to the function's result back in the
//            dispatcher, p50/p99 (accept + durable commit + lease + invoke + return).
// One JSON object per line, each with the configuration.
//
// Usage: tern_async_bench [--events N] [--latency N] [--durability batched|strict]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/store.h"
#include "triggers/async_dispatcher.h"
#include "triggers/bus.h"
#include "workers/pool.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
using namespace tern;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// Waits (spinning briefly, then yielding) until the dispatcher has seen `n` successes.
bool WaitSucceeded(triggers::Bus& bus, uint64_t n, std::chrono::seconds limit) {
  const auto deadline = Clock::now() + limit;
  while (bus.async_stats().succeeded < n) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  return true;
}

workers::InvokeRequest Event(int i) {
  workers::InvokeRequest r;
  r.function = "echo";
  r.payload = "{\"i\":" + std::to_string(i) + ",\"pad\":\"0123456789abcdef0123456789abcdef\"}";
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  int events = 20000;
  int latency_events = 500;
  std::string durability = "batched";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--events") events = std::atoi(argv[i + 1]);
    if (flag == "--latency") latency_events = std::atoi(argv[i + 1]);
    if (flag == "--durability") durability = argv[i + 1];
  }
  fs::path dir = fs::temp_directory_path() / ("tern-async-bench-" + std::to_string(getpid()));
  fs::create_directories(dir / "provided");
  std::string cc = "cc -O2 -o " + (dir / "provided" / "bootstrap").string() + " " +
                   TERN_SOURCE_DIR + "/tests/workers/testdata/echo_bootstrap.c";
  if (std::system(cc.c_str()) != 0) {
    std::cerr << "cannot compile the echo bootstrap: " << cc << "\n";
    return 2;
  }
  auto mode = storage::ParseDurability(durability);
  if (!mode) {
    std::cerr << mode.error().message() << "\n";
    return 2;
  }
  storage::StoreOptions store_options;
  store_options.path = (dir / "tern.db").string();
  store_options.durability = *mode;
  auto store = storage::OpenStore(store_options);
  if (!store) {
    std::cerr << store.error().message() << "\n";
    return 2;
  }
  const std::string config = "\"durability\":\"" + durability + "\",\"max_batch_delay_ms\":" +
                             std::to_string(store_options.max_batch_delay_ms) +
                             ",\"function\":\"provided echo\",\"hardware_threads\":" +
                             std::to_string(std::thread::hardware_concurrency());
  {
    workers::PoolOptions pool_options;
    pool_options.log_dir = (dir / "logs").string();
    workers::Pool pool(pool_options);
    project::FunctionSpec spec;
    spec.name = "echo";
    spec.arn = "arn:aws:lambda:us-east-1:123456789012:function:echo";
    spec.runtime = "provided.al2023";
    spec.handler = "echo";
    spec.code_dir = (dir / "provided").string();
    spec.timeout_seconds = 30;
    if (Status s = pool.PutFunction(spec); !s.ok()) {
      std::cerr << s.message() << "\n";
      return 2;
    }
    triggers::BusOptions bus_options;
    triggers::Bus bus(pool, store->get(), bus_options);

    // Latency first, on a quiet queue (and a warm environment after the first event).
    std::vector<double> latencies;
    for (int i = 0; i <= latency_events; ++i) {
      const uint64_t before = bus.async_stats().succeeded;
      auto start = Clock::now();
      auto r = bus.InvokeFunctionAndWait(Event(i), triggers::InvocationType::kEvent);
      if (r.status_code != 202 || !WaitSucceeded(bus, before + 1, std::chrono::seconds(60))) {
        std::cerr << "event " << i << " was not delivered (status " << r.status_code << ")\n";
        return 1;
      }
      if (i > 0) latencies.push_back(Ms(Clock::now() - start));  // event 0 is the cold start
    }
    std::cout << "{\"bench\":\"latency\"," << config << ",\"events\":" << latencies.size()
              << ",\"p50_ms\":" << Percentile(latencies, 0.5)
              << ",\"p99_ms\":" << Percentile(latencies, 0.99) << "}" << std::endl;

    // Accept throughput: 8 callers, each keeping up to 256 invokes waiting for their 202.
    constexpr int kCallers = 8;
    constexpr int kWindow = 256;
    const uint64_t delivered_before = bus.async_stats().succeeded;
    std::atomic<int> accepted{0}, refused{0};
    auto start = Clock::now();
    std::vector<std::thread> callers;
    for (int c = 0; c < kCallers; ++c) {
      callers.emplace_back([&, c] {
        std::mutex mu;
        std::condition_variable cv;
        int waiting = 0;
        for (int i = c; i < events; i += kCallers) {
          {
            std::unique_lock lock(mu);
            cv.wait(lock, [&] { return waiting < kWindow; });
            ++waiting;
          }
          bus.InvokeFunction(Event(i), triggers::InvocationType::kEvent,
                             [&](triggers::FunctionResponse r) {
                               (r.status_code == 202 ? accepted : refused)++;
                               std::lock_guard lock(mu);
                               --waiting;
                               cv.notify_all();
                             });
        }
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return waiting == 0; });
      });
    }
    for (auto& t : callers) t.join();
    const double accept_s = Ms(Clock::now() - start) / 1000;
    const uint64_t delivered_during = bus.async_stats().succeeded - delivered_before;
    std::cout << "{\"bench\":\"accept\"," << config << ",\"callers\":" << kCallers
              << ",\"events\":" << events << ",\"accepted\":" << accepted
              << ",\"refused\":" << refused << ",\"seconds\":" << accept_s
              << ",\"accepted_per_s\":" << static_cast<int64_t>(accepted / accept_s)
              << ",\"delivered_meanwhile\":" << delivered_during << "}" << std::endl;
    if (!WaitSucceeded(bus, delivered_before + static_cast<uint64_t>(accepted),
                       std::chrono::seconds(600))) {
      std::cerr << "the backlog was not delivered\n";
      return 1;
    }
    const double total_s = Ms(Clock::now() - start) / 1000;
    std::cout << "{\"bench\":\"drain\"," << config << ",\"events\":" << accepted
              << ",\"seconds_from_first_accept\":" << total_s
              << ",\"delivered_per_s\":" << static_cast<int64_t>(accepted / total_s) << "}"
              << std::endl;
  }
  store->reset();
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
