// The one writer thread. Submit() queues a transition; the thread commits everything queued
// in ONE SQLite transaction once max_batch transitions wait or the oldest has waited
// max_batch_delay_ms (group commit), each transition inside its own SAVEPOINT so that one
// refused transition (AlreadyExists, an id gap) fails alone. When the transaction itself fails
// (disk full, I/O error, lock timeout), SQLite has rolled all of it back and every callback of
// the batch gets that error: nothing of the batch is in the database.
//
// Thread safety: Submit() and Flush() may be called from any thread. Callbacks run on the
// writer thread, after the commit, without any lock held. The writer holds the connection's
// mutex while it writes a batch.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/store.h"

namespace tern::storage::sqlite {

class Connection;

class GroupCommitWriter {
 public:
  // `telemetry` (may be null) hears of every commit and how long it took.
  GroupCommitWriter(Connection& connection, std::string owner_id, size_t max_batch,
                    int max_batch_delay_ms, Telemetry* telemetry);
  // Commits what is still queued, then stops the thread.
  ~GroupCommitWriter();
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  void Submit(Transition t, std::function<void(Status)> done);
  // Returns once everything submitted before the call has been committed or has failed, and
  // its callbacks have run.
  void Flush();

 private:
  using Clock = std::chrono::steady_clock;
  struct Pending {
    Transition transition;
    std::function<void(Status)> done;
    Clock::time_point queued;
  };

  void Run();
  // Writes `batch` in one transaction and fills `results` (one per transition).
  void CommitBatch(std::vector<Pending>& batch, std::vector<Status>& results);

  Connection& connection_;
  const std::string owner_id_;
  const size_t max_batch_;
  const std::chrono::milliseconds max_delay_;
  Telemetry* const telemetry_;

  std::mutex mu_;
  std::condition_variable wake_;      // the writer: work, a flush or stop
  std::condition_variable progress_;  // Flush(): completed_ moved
  std::deque<Pending> queue_;         // guarded by mu_
  uint64_t submitted_ = 0;            // guarded by mu_
  uint64_t completed_ = 0;            // guarded by mu_
  uint64_t flush_until_ = 0;          // guarded by mu_: commit without waiting up to here
  bool stopping_ = false;             // guarded by mu_
  std::thread thread_;
};

}  // namespace tern::storage::sqlite
