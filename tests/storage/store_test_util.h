// Helpers shared by the storage tests: scratch directories, a store on a file, and transitions
// that look like the engine's (ExecutionStarted, state events, an end).
#pragma once

#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "storage/store.h"

#define ASSERT_OK(expr)                                                  \
  do {                                                                   \
    const ::tern::Status status_for_assert = (expr);                     \
    ASSERT_TRUE(status_for_assert.ok()) << status_for_assert.ToString(); \
  } while (0)

namespace tern::storage::testing {

inline constexpr char kMachineArn[] = "arn:aws:states:us-east-1:123456789012:stateMachine:M";

class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tern-storage-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline std::unique_ptr<Store> OpenOrDie(const StoreOptions& options) {
  auto store = OpenStore(options);
  if (!store) ADD_FAILURE() << store.error().ToString();
  return store ? std::move(store).value() : nullptr;
}

inline StoreOptions FileOptions(const std::string& path,
                                Durability durability = Durability::kBatched) {
  StoreOptions o;
  o.path = path;
  o.durability = durability;
  o.max_batch_delay_ms = 0;
  return o;
}

inline StoreOptions MemoryOptions() {
  StoreOptions o;
  o.durability = Durability::kMemory;
  o.max_batch_delay_ms = 0;
  return o;
}

inline std::string ExecutionArn(const std::string& name) {
  return "arn:aws:states:us-east-1:123456789012:execution:M:" + name;
}

inline StateMachineRecord Machine(const std::string& definition = R"({"StartAt":"A"})") {
  StateMachineRecord m;
  m.arn = kMachineArn;
  m.name = "M";
  m.definition = definition;
  m.role_arn = "arn:aws:iam::123456789012:role/R";
  return m;
}

inline EventRecord Event(int64_t id, const std::string& type = "PassStateEntered",
                         std::string details = R"({"name":"A","input":"{}"})") {
  EventRecord e;
  e.id = id;
  e.previous_id = id - 1;
  e.timestamp = 1700000000000 + id;
  e.type = type;
  e.details_field = "stateEnteredEventDetails";
  e.details = std::move(details);
  return e;
}

// The first transition of an execution: the row and ExecutionStarted (+ `extra` events).
inline Transition Start(const std::string& name, TimeMs start = 1700000000000, int extra = 0) {
  Transition t;
  t.execution_arn = ExecutionArn(name);
  ExecutionRecord r;
  r.arn = t.execution_arn;
  r.name = name;
  r.state_machine_arn = kMachineArn;
  r.input = R"({"in":1})";
  r.start = start;
  t.create = r;
  EventRecord started = Event(1, "ExecutionStarted", R"({"input":"{\"in\":1}"})");
  started.details_field = "executionStartedEventDetails";
  t.events.push_back(started);
  for (int i = 0; i < extra; ++i) t.events.push_back(Event(2 + i));
  t.checkpoint = "checkpoint-1";
  return t;
}

inline Transition Step(const std::string& name, int64_t first_id, int count) {
  Transition t;
  t.execution_arn = ExecutionArn(name);
  for (int i = 0; i < count; ++i) t.events.push_back(Event(first_id + i));
  t.checkpoint = "checkpoint-" + std::to_string(first_id + count - 1);
  return t;
}

inline Transition End(const std::string& name, int64_t id, TimeMs stop = 1700000100000) {
  Transition t;
  t.execution_arn = ExecutionArn(name);
  EventRecord e = Event(id, "ExecutionSucceeded", R"({"output":"{}"})");
  e.details_field = "executionSucceededEventDetails";
  t.events.push_back(e);
  t.end = ExecutionEnd{ExecutionStatus::kSucceeded, std::string(R"({"out":2})"), "", "", stop};
  return t;
}

inline ExecutionFilter Filter(const std::function<void(ExecutionFilter&)>& set) {
  ExecutionFilter f;
  set(f);
  return f;
}

inline HistoryQuery Query(bool reverse, size_t limit, int64_t after_id) {
  HistoryQuery q;
  q.reverse = reverse;
  q.limit = limit;
  q.after_id = after_id;
  return q;
}

// Submits and waits for this one transition's outcome.
inline Status SubmitAndWait(Store& store, Transition t) {
  std::promise<Status> done;
  auto future = done.get_future();
  store.Submit(std::move(t), [&done](Status s) { done.set_value(std::move(s)); });
  return future.get();
}

// Runs SQL on the database file through a connection of its own (the tests' "sqlite3 CLI").
inline std::string RawSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_busy_timeout(db, 5000);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  std::string message = rc == SQLITE_OK ? "" : (error ? error : "error");
  sqlite3_free(error);
  sqlite3_close(db);
  return message;
}

// The first column of the first row of `sql`, read through a connection of its own; -1 when
// the query fails or returns nothing.
inline int64_t RawInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

}  // namespace tern::storage::testing
