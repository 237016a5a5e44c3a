// Stream benchmark: end-to-end throughput of tern's stream model, put -> event source mapping
// -> the `provided` echo function (tests/workers/testdata/echo_bootstrap.c, compiled here with
// cc) -> checkpoint, and the delivery lag (record arrival to the end of the invocation that
// handled it) at a steady put rate.
//
//   tern_stream_bench [--records N] [--shards S] [--batch-size B] [--put-batch P]
//                     [--rate R] [--lag-seconds T] [--durability batched|strict]
//
// Phase 1 puts N records as fast as it can (P per transaction) while the mapping consumes;
// records/s = N / (time from the first put to the last checkpointed batch).
// Phase 2 puts R records/s for T seconds and reports lag p50/p99/max.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "engine/clock.h"
#include "project/project.h"
#include "storage/stream_store.h"
#include "triggers/bus.h"
#include "triggers/stream_mapping.h"
#include "workers/pool.h"

namespace fs = std::filesystem;
using namespace tern;

namespace {

struct Options {
  int records = 200000;
  int shards = 2;
  int batch_size = 100;
  int put_batch = 500;
  int rate = 20000;
  double lag_seconds = 3;
  std::string durability = "batched";
};

double Percentile(std::vector<int64_t> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return static_cast<double>(v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))]);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--records") o.records = std::atoi(argv[i + 1]);
    if (flag == "--shards") o.shards = std::atoi(argv[i + 1]);
    if (flag == "--batch-size") o.batch_size = std::atoi(argv[i + 1]);
    if (flag == "--put-batch") o.put_batch = std::atoi(argv[i + 1]);
    if (flag == "--rate") o.rate = std::atoi(argv[i + 1]);
    if (flag == "--lag-seconds") o.lag_seconds = std::atof(argv[i + 1]);
    if (flag == "--durability") o.durability = argv[i + 1];
  }
  fs::path dir = fs::temp_directory_path() / ("tern-stream-bench-" + std::to_string(getpid()));
  fs::create_directories(dir / "provided");
  std::string cc = "cc -O2 -o " + (dir / "provided" / "bootstrap").string() + " " +
                   TERN_SOURCE_DIR + "/tests/workers/testdata/echo_bootstrap.c";
  if (std::system(cc.c_str()) != 0) {
    std::cerr << "cannot compile the echo bootstrap: " << cc << "\n";
    return 2;
  }
  auto durability = storage::ParseDurability(o.durability);
  if (!durability) return 2;
  storage::StoreOptions store_options;
  store_options.path = (dir / "streams.db").string();
  store_options.durability = *durability;
  auto store = storage::OpenStreamStore(store_options);
  if (!store) {
    std::cerr << store.error().ToString() << "\n";
    return 2;
  }
  storage::StreamInfo info;
  info.name = "bench";
  info.arn = "arn:aws:kinesis:us-east-1:123456789012:stream/bench";
  info.shard_count = o.shards;
  if (!(*store)->CreateStream(info)) return 2;

  workers::PoolOptions pool_options;
  pool_options.log_dir = (dir / "logs").string();
  workers::Pool pool(pool_options);
  project::FunctionSpec spec;
  spec.name = "echo";
  spec.runtime = "provided.al2023";
  spec.handler = "echo";
  spec.code_dir = (dir / "provided").string();
  spec.timeout_seconds = 30;
  spec.memory_mb = 512;
  if (!pool.PutFunction(spec).ok()) return 2;
  triggers::Bus bus(pool, nullptr);

  std::cout << "stream bench: " << std::thread::hardware_concurrency() << " hardware threads, "
            << o.shards << " shards, BatchSize " << o.batch_size << ", " << o.put_batch
            << " records per put, durability " << o.durability << ", function provided echo (C)\n";

  engine::RealClock clock;
  std::mutex mu;
  std::vector<int64_t> lags;  // guarded by mu
  triggers::StreamMappingConfig config;
  config.id = "echo/Bench";
  config.stream = "bench";
  config.stream_arn = info.arn;
  config.target_arn = "arn:aws:lambda:us-east-1:123456789012:function:echo";
  config.starting_position = triggers::StartingPosition::kTrimHorizon;
  config.batch_size = o.batch_size;
  config.poll_interval_ms = 2;
  std::atomic<int64_t> failed{0};
  triggers::StreamMapping mapping(
      config, **store,
      [&](const std::string& event, const std::string& trace) {
        workers::InvokeRequest request;
        request.function = "echo";
        request.payload = event;
        request.trace_id = trace;
        auto response = bus.InvokeFunctionAndWait(std::move(request),
                                                  triggers::InvocationType::kRequestResponse);
        triggers::BatchOutcome out;
        if (!response.result.ok()) {
          ++failed;
          out.kind = triggers::BatchOutcome::Kind::kRetryable;
        }
        return out;
      },
      nullptr, clock);
  if (!mapping.Start().ok()) return 2;

  auto put = [&](int n, int64_t first_index) {
    std::vector<storage::StreamPut> batch;
    batch.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      batch.push_back({"key-" + std::to_string((first_index + i) % 1024),
                       R"({"order":)" + std::to_string(first_index + i) + R"(,"total":12.5})", ""});
    }
    auto r = (*store)->PutRecords("bench", batch, clock.Now());
    if (!r) std::cerr << r.error().ToString() << "\n";
    mapping.Notify();
  };

  // Phase 1: throughput.
  auto start = std::chrono::steady_clock::now();
  std::thread producer([&] {
    for (int64_t i = 0; i < o.records; i += o.put_batch) {
      put(static_cast<int>(std::min<int64_t>(o.put_batch, o.records - i)), i);
    }
  });
  auto put_done = std::chrono::steady_clock::time_point{};
  producer.join();
  put_done = std::chrono::steady_clock::now();
  while (mapping.stats().records_acknowledged < static_cast<uint64_t>(o.records)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  auto end = std::chrono::steady_clock::now();
  double secs = std::chrono::duration<double>(end - start).count();
  double put_secs = std::chrono::duration<double>(put_done - start).count();
  std::cout << "throughput: " << o.records << " records in " << secs
            << " s = " << static_cast<int64_t>(o.records / secs) << " records/s end to end ("
            << mapping.stats().invocations << " invocations; puts alone "
            << static_cast<int64_t>(o.records / put_secs) << " records/s)\n";

  // Phase 2: lag at a steady rate. Every record's lag: handled time - arrival time, measured by
  // reading the shard's checkpoint advance against the put times.
  const int per_tick = std::max(1, o.rate / 1000);  // put every millisecond
  const int64_t total = static_cast<int64_t>(o.rate * o.lag_seconds);
  std::vector<std::pair<uint64_t, int64_t>> puts;  // (acknowledged count target, put time ms)
  uint64_t base = mapping.stats().records_acknowledged;
  std::atomic<bool> stop{false};
  std::thread watcher([&] {
    size_t next = 0;
    while (!stop || next < puts.size()) {
      uint64_t acked = mapping.stats().records_acknowledged;
      std::lock_guard lock(mu);
      while (next < puts.size() && acked >= puts[next].first) {
        lags.push_back(clock.Now() - puts[next].second);
        ++next;
      }
      if (stop && next >= puts.size()) break;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  auto tick = std::chrono::steady_clock::now();
  int64_t sent = 0;
  while (sent < total) {
    int n = static_cast<int>(std::min<int64_t>(per_tick, total - sent));
    int64_t now = clock.Now();
    put(n, o.records + sent);
    sent += n;
    {
      std::lock_guard lock(mu);
      puts.emplace_back(base + static_cast<uint64_t>(sent), now);
    }
    tick += std::chrono::milliseconds(1);
    std::this_thread::sleep_until(tick);
  }
  while (mapping.stats().records_acknowledged < base + static_cast<uint64_t>(total)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  stop = true;
  watcher.join();
  std::cout << "lag at " << o.rate << " records/s for " << o.lag_seconds
            << " s (put -> batch acknowledged, ms): p50 " << Percentile(lags, 0.5) << ", p99 "
            << Percentile(lags, 0.99) << ", max " << Percentile(lags, 1.0) << "\n";
  if (failed > 0) std::cout << "invocations that failed and were retried: " << failed << "\n";
  mapping.Stop();
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
