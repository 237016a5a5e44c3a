// Storage throughput and history reads on the SQLite store (storage/). Prints one JSON object
// per measurement, each with its full configuration (durability mode always included).
//
//   append:  events committed per second. `executions` executions run at once, each submitting
//            `transitions` transitions of 2 events (~200-byte details) one after another (the
//            next when the previous is acknowledged, as the engine does), so every group
//            commit holds up to `executions` transitions. Modes: memory, batched, strict.
//   history: GetHistory of one execution (50 events) in a database of `--history-events`
//            events (default 10 million, built in one transaction, 1000 executions at a
//            time with their events interleaved), p50/p99 over 2000 random executions, with
//            the page cache warm and after dropping it (cold, when run as root); and database
//            bytes per event.
//
// Usage: tern_storage_bench [--dir DIR] [--executions N] [--transitions N]
//                           [--max-batch-delay-ms N] [--history-events N] [--skip-history]
// Databases go under DIR (default /tmp) and are deleted afterwards.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include <sqlite3.h>

#include "common/json.h"
#include "storage/store.h"

namespace {

using Clock = std::chrono::steady_clock;
using tern::Json;
namespace storage = tern::storage;

constexpr char kMachineArn[] = "arn:aws:states:us-east-1:123456789012:stateMachine:bench";
constexpr int kEventsPerHistory = 50;

std::string ExecutionArn(int64_t i) {
  return "arn:aws:states:us-east-1:123456789012:execution:bench:e" + std::to_string(i);
}

// ~200 bytes, the size of a typical state event's details.
std::string Details(int64_t id) {
  std::string d =
      R"({"name":"State)" + std::to_string(id % 10) +
      R"(","input":"{\"order\":{\"id\":12345,\"customer\":\"c-42\",\"items\":[1,2,3]}}",)" +
      R"("inputDetails":{"truncated":false},"assignedVariables":{"total":"99.5"}})";
  d.resize(200, ' ');
  return d;
}

storage::EventRecord Event(int64_t id) {
  storage::EventRecord e;
  e.id = id;
  e.previous_id = id - 1;
  e.timestamp = 1795600800000 + id;
  e.type = id % 2 ? "PassStateEntered" : "PassStateExited";
  e.details_field = id % 2 ? "stateEnteredEventDetails" : "stateExitedEventDetails";
  e.details = Details(id);
  return e;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

uint64_t DatabaseBytes(const std::string& path) {
  uint64_t total = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path + suffix, ec);
    if (!ec) total += size;
  }
  return total;
}

void RemoveDatabase(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

// Drives `executions` executions of `transitions` transitions each; the callback of one
// transition submits the execution's next one.
class AppendDriver {
 public:
  AppendDriver(storage::Store& store, int executions, int transitions)
      : store_(store), executions_(executions), transitions_(transitions) {}

  void Run() {
    for (int x = 0; x < executions_; ++x) SubmitNext(x, 0);
    std::unique_lock lock(mu_);
    done_cv_.wait(lock, [&] { return finished_ == executions_; });
  }
  int64_t failures() const { return failures_; }

 private:
  void SubmitNext(int x, int step) {
    storage::Transition t;
    t.execution_arn = ExecutionArn(x);
    if (step == 0) {
      storage::ExecutionRecord r;
      r.arn = t.execution_arn;
      r.name = "e" + std::to_string(x);
      r.state_machine_arn = kMachineArn;
      r.input = R"({"order":{"id":12345}})";
      r.start = 1795600800000 + x;
      t.create = r;
    }
    t.events = {Event(2 * step + 1), Event(2 * step + 2)};
    t.checkpoint = std::string(300, 'c');
    bool last = step + 1 == transitions_;
    if (last) t.end = storage::ExecutionEnd{storage::ExecutionStatus::kSucceeded, "{}", "", "", 1};
    store_.Submit(std::move(t), [this, x, step, last](tern::Status s) {
      if (!s.ok()) {
        if (failures_++ == 0) std::cerr << "commit failed: " << s.ToString() << "\n";
      }
      if (last || !s.ok()) {
        std::lock_guard lock(mu_);
        if (++finished_ == executions_) done_cv_.notify_all();
        return;
      }
      SubmitNext(x, step + 1);
    });
  }

  storage::Store& store_;
  const int executions_;
  const int transitions_;
  std::atomic<int64_t> failures_{0};
  std::mutex mu_;
  std::condition_variable done_cv_;
  int finished_ = 0;  // guarded by mu_
};

bool CreateMachine(storage::Store& store) {
  storage::StateMachineRecord m;
  m.arn = kMachineArn;
  m.name = "bench";
  m.definition = R"({"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}})";
  m.role_arn = "arn:aws:iam::123456789012:role/bench";
  auto created = store.CreateStateMachine(m);
  if (!created) std::cerr << created.error().ToString() << "\n";
  return created.has_value();
}

int BenchAppend(storage::Durability durability, const std::string& dir, int executions,
                int transitions, int max_batch_delay_ms) {
  storage::StoreOptions options;
  options.durability = durability;
  options.max_batch_delay_ms = max_batch_delay_ms;
  options.path = dir + "/tern-storage-bench-append.db";
  RemoveDatabase(options.path);
  auto opened = storage::OpenStore(options);
  if (!opened) {
    std::cerr << opened.error().ToString() << "\n";
    return 2;
  }
  auto store = std::move(opened).value();
  if (!CreateMachine(*store)) return 2;
  AppendDriver driver(*store, executions, transitions);
  auto start = Clock::now();
  driver.Run();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  int64_t events = int64_t{executions} * transitions * 2;
  Json j = {{"bench", "append"},
            {"durability", std::string(storage::DurabilityName(durability))},
            {"executions", executions},
            {"transitions_per_execution", transitions},
            {"events_per_transition", 2},
            {"details_bytes", 200},
            {"max_batch", options.max_batch},
            {"max_batch_delay_ms", options.max_batch_delay_ms},
            {"events", events},
            {"failures", driver.failures()},
            {"seconds", seconds},
            {"events_per_second", static_cast<double>(events) / seconds},
            {"transitions_per_second", static_cast<double>(events) / 2 / seconds}};
  store.reset();  // closes: the WAL is checkpointed into the file
  if (durability != storage::Durability::kMemory) {
    j["database_bytes_per_event"] =
        static_cast<double>(DatabaseBytes(options.path)) / static_cast<double>(events);
  }
  std::cout << j.dump() << std::endl;
  RemoveDatabase(options.path);
  return 0;
}

// Builds the big database with the store's schema (opening a Store creates it), then fills
// it with raw inserts in ONE transaction (hashes are random bytes of the right size:
// GetHistory does not check them).
bool BuildBigDatabase(const std::string& path, int64_t total_events) {
  {
    storage::StoreOptions options;
    options.path = path;
    auto store = storage::OpenStore(options);
    if (!store || !CreateMachine(**store)) return false;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return false;
  sqlite3_exec(db, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; BEGIN", nullptr, nullptr,
               nullptr);
  sqlite3_stmt* exec_stmt = nullptr;
  sqlite3_stmt* payload_stmt = nullptr;
  sqlite3_stmt* event_stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO executions (id, arn, name, state_machine_arn, "
                     "state_machine_revision, status, start, stop, event_count) VALUES "
                     "(?1, ?2, ?3, ?4, 1, 'SUCCEEDED', ?5, ?6, ?7)",
                     -1, &exec_stmt, nullptr);
  sqlite3_prepare_v2(
      db, "INSERT INTO execution_payloads (execution_id, input, output) VALUES (?1, '{}', '{}')",
      -1, &payload_stmt, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1,
                     &event_stmt, nullptr);
  std::mt19937_64 random(42);
  int64_t executions = total_events / kEventsPerHistory;
  bool ok = true;
  auto insert_event = [&](int64_t x, int64_t id) {
    storage::EventRecord e = Event(id);
    uint64_t hash[4] = {random(), random(), random(), random()};
    sqlite3_bind_int64(event_stmt, 1, x);
    sqlite3_bind_int64(event_stmt, 2, id);
    sqlite3_bind_int64(event_stmt, 3, e.previous_id);
    sqlite3_bind_int64(event_stmt, 4, e.timestamp);
    sqlite3_bind_text(event_stmt, 5, e.type.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(event_stmt, 6, e.details_field.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(event_stmt, 7, e.details.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(event_stmt, 8, hash, sizeof hash, SQLITE_TRANSIENT);
    ok &= sqlite3_step(event_stmt) == SQLITE_DONE;
    sqlite3_reset(event_stmt);
  };
  // Executions run kConcurrent at a time and their events arrive interleaved, as a busy
  // server writes them: this is what decides how many pages one history is spread over.
  constexpr int64_t kConcurrent = 1000;
  for (int64_t first = 1; first <= executions && ok; first += kConcurrent) {
    int64_t last = std::min(executions, first + kConcurrent - 1);
    for (int64_t x = first; x <= last; ++x) {
      std::string arn = ExecutionArn(x), name = "e" + std::to_string(x);
      sqlite3_bind_int64(exec_stmt, 1, x);
      sqlite3_bind_text(exec_stmt, 2, arn.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(exec_stmt, 3, name.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(exec_stmt, 4, kMachineArn, -1, SQLITE_STATIC);
      sqlite3_bind_int64(exec_stmt, 5, 1795600800000 + x);
      sqlite3_bind_int64(exec_stmt, 6, 1795600800000 + x + 100);
      sqlite3_bind_int64(exec_stmt, 7, kEventsPerHistory);
      ok &= sqlite3_step(exec_stmt) == SQLITE_DONE;
      sqlite3_reset(exec_stmt);
      sqlite3_bind_int64(payload_stmt, 1, x);
      ok &= sqlite3_step(payload_stmt) == SQLITE_DONE;
      sqlite3_reset(payload_stmt);
    }
    for (int64_t id = 1; id <= kEventsPerHistory; ++id) {
      for (int64_t x = first; x <= last; ++x) insert_event(x, id);
    }
  }
  if (!ok) std::cerr << "building the database failed: " << sqlite3_errmsg(db) << "\n";
  sqlite3_finalize(exec_stmt);
  sqlite3_finalize(payload_stmt);
  sqlite3_finalize(event_stmt);
  sqlite3_exec(db, ok ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return ok;
}

// Drops this file's pages from the OS page cache (only ours: no global drop_caches).
void EvictFromPageCache(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return;
  fdatasync(fd);
  posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  close(fd);
}

// GetHistory of 2000 random executions through a freshly opened store; latencies in ms.
std::vector<double> MeasureHistoryReads(const std::string& path, int64_t executions,
                                        uint64_t seed) {
  storage::StoreOptions options;
  options.path = path;
  auto opened = storage::OpenStore(options);
  if (!opened) {
    std::cerr << opened.error().ToString() << "\n";
    return {};
  }
  auto store = std::move(opened).value();
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int64_t> pick(1, executions);
  std::vector<double> latencies_ms;
  constexpr int kReads = 2000;
  for (int i = 0; i < kReads; ++i) {
    std::string arn = ExecutionArn(pick(random));
    auto start = Clock::now();
    auto history = store->GetHistory(arn, {});
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!history || history->size() != kEventsPerHistory) {
      std::cerr << "GetHistory(" << arn << ") returned the wrong thing\n";
      return {};
    }
    latencies_ms.push_back(ms);
  }
  return latencies_ms;
}

int BenchHistory(const std::string& dir, int64_t total_events) {
  std::string path = dir + "/tern-storage-bench-history.db";
  RemoveDatabase(path);
  auto build_start = Clock::now();
  if (!BuildBigDatabase(path, total_events)) {
    RemoveDatabase(path);
    return 2;
  }
  double build_seconds = std::chrono::duration<double>(Clock::now() - build_start).count();
  uint64_t bytes = DatabaseBytes(path);

  int64_t executions = total_events / kEventsPerHistory;
  auto warm = MeasureHistoryReads(path, executions, /*seed=*/7);
  EvictFromPageCache(path);
  auto cold = MeasureHistoryReads(path, executions, /*seed=*/8);
  if (warm.empty() || cold.empty()) {
    RemoveDatabase(path);
    return 2;
  }
  Json j = {{"bench", "history"},
            {"durability", "batched"},
            {"stored_events", executions * kEventsPerHistory},
            {"executions", executions},
            {"events_per_history", kEventsPerHistory},
            {"details_bytes", 200},
            {"reads", warm.size()},
            {"warm_p50_ms", Percentile(warm, 0.5)},
            {"warm_p99_ms", Percentile(warm, 0.99)},
            {"warm_max_ms", Percentile(warm, 1.0)},
            {"cold_p50_ms", Percentile(cold, 0.5)},
            {"cold_p99_ms", Percentile(cold, 0.99)},
            {"cold_max_ms", Percentile(cold, 1.0)},
            {"database_bytes", bytes},
            {"database_bytes_per_event",
             static_cast<double>(bytes) / static_cast<double>(executions * kEventsPerHistory)},
            {"build_seconds", build_seconds}};
  std::cout << j.dump() << std::endl;
  RemoveDatabase(path);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "/tmp";
  int executions = 1000, transitions = 20;
  int max_batch_delay_ms = storage::StoreOptions().max_batch_delay_ms;
  int64_t history_events = 10'000'000;
  bool skip_history = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--dir") {
      dir = next();
    } else if (arg == "--executions") {
      executions = std::stoi(next());
    } else if (arg == "--transitions") {
      transitions = std::stoi(next());
    } else if (arg == "--max-batch-delay-ms") {
      max_batch_delay_ms = std::stoi(next());
    } else if (arg == "--history-events") {
      history_events = std::stoll(next());
    } else if (arg == "--skip-history") {
      skip_history = true;
    } else {
      std::cerr << "usage: tern_storage_bench [--dir DIR] [--executions N] [--transitions N] "
                   "[--max-batch-delay-ms N] [--history-events N] [--skip-history]\n";
      return 2;
    }
  }
  for (auto mode : {storage::Durability::kMemory, storage::Durability::kBatched,
                    storage::Durability::kStrict}) {
    if (int rc = BenchAppend(mode, dir, executions, transitions, max_batch_delay_ms); rc != 0)
      return rc;
  }
  if (!skip_history) return BenchHistory(dir, history_events);
  return 0;
}
