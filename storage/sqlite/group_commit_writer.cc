#include "storage/sqlite/group_commit_writer.h"

#include <exception>
#include <iostream>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/transition_apply.h"

namespace tern::storage::sqlite {

GroupCommitWriter::GroupCommitWriter(Connection& connection, std::string owner_id, size_t max_batch,
                                     int max_batch_delay_ms, Telemetry* telemetry)
    : connection_(connection),
      owner_id_(std::move(owner_id)),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      max_delay_(max_batch_delay_ms < 0 ? 0 : max_batch_delay_ms),
      telemetry_(telemetry),
      thread_([this] { Run(); }) {}

GroupCommitWriter::~GroupCommitWriter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void GroupCommitWriter::Submit(Transition t, std::function<void(Status)> done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back({std::move(t), std::move(done), Clock::now()});
    ++submitted_;
  }
  wake_.notify_one();
}

void GroupCommitWriter::Flush() {
  std::unique_lock lock(mu_);
  uint64_t target = submitted_;
  if (flush_until_ < target) flush_until_ = target;
  wake_.notify_one();
  progress_.wait(lock, [&] { return completed_ >= target; });
}

void GroupCommitWriter::Run() {
  std::vector<Pending> batch;
  std::vector<Status> results;
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything is committed
    // Group commit: wait for more company unless the batch is full, someone flushes or we stop.
    const auto deadline = queue_.front().queued + max_delay_;
    wake_.wait_until(lock, deadline, [&] {
      return stopping_ || queue_.size() >= max_batch_ || flush_until_ > completed_;
    });
    size_t n = std::min(queue_.size(), max_batch_);
    batch.clear();
    for (size_t i = 0; i < n; ++i) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();

    const Clock::time_point began = Clock::now();
    CommitBatch(batch, results);
    if (telemetry_) {
      telemetry_->StoreCommitted(n, std::chrono::duration<double>(Clock::now() - began).count());
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!batch[i].done) continue;
      try {
        batch[i].done(results[i]);
      } catch (const std::exception& e) {
        // A callback must not throw (store.h); the writer goes on for everyone else.
        std::cerr << "tern: bug: a storage callback threw: " << e.what() << "\n";
      }
    }
    batch.clear();  // release callbacks' captures before we report progress

    lock.lock();
    completed_ += n;
    progress_.notify_all();
  }
}

void GroupCommitWriter::CommitBatch(std::vector<Pending>& batch, std::vector<Status>& results) {
  results.assign(batch.size(), Status::Ok());
  std::lock_guard connection_lock(connection_.mutex());
  auto fail_all = [&](const Status& s) {
    for (Status& r : results) r = s;
  };
  WriteTransaction tx(connection_);
  if (Status s = tx.Begin("begin a commit"); !s.ok()) return fail_all(s);
  // Prepared (cached) rather than sqlite3_exec'd: three statements per transition, parsed once.
  auto run = [&](std::string_view sql, std::string_view what) -> Status {
    auto stmt = connection_.Prepare(sql, what);
    return stmt ? stmt->Run(what) : stmt.error();
  };
  for (size_t i = 0; i < batch.size(); ++i) {
    if (Status s = run("SAVEPOINT t", "begin a transition"); !s.ok()) return fail_all(s);
    Status s = ApplyTransition(connection_, owner_id_, batch[i].transition);
    if (s.ok()) {
      s = run("RELEASE t", "finish a transition");
      if (!s.ok()) return fail_all(s);
      continue;
    }
    if (IsBatchFatal(s) || !connection_.InTransaction()) return fail_all(s);
    // Undo just this transition; the others of the batch stay.
    Status undo = run("ROLLBACK TO t", "undo a refused transition");
    if (undo.ok()) undo = run("RELEASE t", "undo a refused transition");
    if (!undo.ok()) return fail_all(undo);
    results[i] = s;
  }
  if (Status s = tx.Commit("commit transitions"); !s.ok()) fail_all(s);
}

}  // namespace tern::storage::sqlite
