#include "storage/sqlite/async_event_writer.h"

#include <exception>
#include <iostream>

#include "storage/sqlite/async_rows.h"
#include "storage/sqlite/connection.h"

namespace tern::storage::sqlite {

AsyncEventWriter::AsyncEventWriter(Connection& connection, size_t max_batch, int max_batch_delay_ms)
    : connection_(connection),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      max_delay_(max_batch_delay_ms < 0 ? 0 : max_batch_delay_ms),
      thread_([this] { Run(); }) {}

AsyncEventWriter::~AsyncEventWriter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void AsyncEventWriter::Submit(AsyncEventRecord event,
                              std::function<void(Result<int64_t, Status>)> done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back({std::move(event), std::move(done), Clock::now()});
  }
  wake_.notify_one();
}

void AsyncEventWriter::Run() {
  std::vector<Pending> batch;
  std::vector<Result<int64_t, Status>> results;
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything is committed
    const auto deadline = queue_.front().queued + max_delay_;
    wake_.wait_until(lock, deadline, [&] { return stopping_ || queue_.size() >= max_batch_; });
    size_t n = std::min(queue_.size(), max_batch_);
    batch.clear();
    for (size_t i = 0; i < n; ++i) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();

    CommitBatch(batch, results);
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!batch[i].done) continue;
      try {
        batch[i].done(std::move(results[i]));
      } catch (const std::exception& e) {
        std::cerr << "tern: bug: an async enqueue callback threw: " << e.what() << "\n";
      }
    }
    batch.clear();
    lock.lock();
  }
}

void AsyncEventWriter::CommitBatch(std::vector<Pending>& batch,
                                   std::vector<Result<int64_t, Status>>& results) {
  results.assign(batch.size(), Result<int64_t, Status>(int64_t{0}));
  auto fail_all = [&](const Status& s) {
    for (auto& r : results) r = Unexpected(s);
  };
  std::lock_guard connection_lock(connection_.mutex());
  WriteTransaction tx(connection_);
  if (Status s = tx.Begin("accept async events"); !s.ok()) return fail_all(s);
  for (size_t i = 0; i < batch.size(); ++i) {
    auto id = InsertAsyncEvent(connection_, batch[i].event);
    if (!id) return fail_all(id.error());
    results[i] = *id;
  }
  if (Status s = tx.Commit("accept async events"); !s.ok()) fail_all(s);
}

}  // namespace tern::storage::sqlite
