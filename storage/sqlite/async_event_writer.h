// The async event queue's own group-commit thread: EnqueueAsyncEvent() hands events here and
// the thread writes everything waiting in ONE transaction once max_batch events wait or the
// oldest has waited max_batch_delay_ms, like GroupCommitWriter does for transitions. An
// event's callback runs only after its transaction committed, so the bus answers 202 only for
// durable events. When the transaction fails, every event of the batch gets that error.
//
// Thread safety: Submit() may be called from any thread. Callbacks run on the writer's thread,
// after the commit, without any lock held. The thread holds the connection's mutex while it
// writes a batch (sharing the connection with GroupCommitWriter and the other writes).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/store.h"

namespace tern::storage::sqlite {

class Connection;

class AsyncEventWriter {
 public:
  AsyncEventWriter(Connection& connection, size_t max_batch, int max_batch_delay_ms);
  // Commits what is still queued, then stops the thread.
  ~AsyncEventWriter();
  AsyncEventWriter(const AsyncEventWriter&) = delete;
  AsyncEventWriter& operator=(const AsyncEventWriter&) = delete;

  void Submit(AsyncEventRecord event, std::function<void(Result<int64_t, Status>)> done);

 private:
  using Clock = std::chrono::steady_clock;
  struct Pending {
    AsyncEventRecord event;
    std::function<void(Result<int64_t, Status>)> done;
    Clock::time_point queued;
  };

  void Run();
  void CommitBatch(std::vector<Pending>& batch, std::vector<Result<int64_t, Status>>& results);

  Connection& connection_;
  const size_t max_batch_;
  const std::chrono::milliseconds max_delay_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;  // guarded by mu_
  bool stopping_ = false;      // guarded by mu_
  std::thread thread_;
};

}  // namespace tern::storage::sqlite
