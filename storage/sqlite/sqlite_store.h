// SqliteStore: the Store on one SQLite database file (or a private in-memory database).
// docs/storage.md describes the schema, the durability modes, claims and faults.
//
// Connections and threads:
//   - writer_: the one write connection. The GroupCommitWriter thread writes batches of
//     transitions on it; the other writes (state machines, claims, purge) take its mutex and
//     write in their own transaction.
//   - readers_: read connections (WAL snapshots), or writer_ itself in memory mode.
//   - maintenance_: files only; a thread that renews this Store's lease and, in batched mode,
//     syncs the WAL every kWalSyncIntervalMs (the bound on what a power loss can take).
//
// Thread safety: every public member may be called from any thread (see store.h).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "storage/sqlite/async_event_writer.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/group_commit_writer.h"
#include "storage/sqlite/owner_identity.h"
#include "storage/sqlite/reader_pool.h"
#include "storage/store.h"

namespace tern::storage::sqlite {

// batched mode: at most this much acknowledged work can be lost on power failure.
inline constexpr int kWalSyncIntervalMs = 1000;
inline constexpr size_t kMaxReaders = 4;

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>, Status> Open(const StoreOptions& options);
  ~SqliteStore() override;

  Result<StateMachineRecord, Status> CreateStateMachine(StateMachineRecord record) override;
  Result<StateMachineRecord, Status> UpdateStateMachine(StateMachineRecord record) override;
  Result<StateMachineRecord, Status> GetStateMachine(const std::string& arn,
                                                     int64_t revision) override;
  Result<std::vector<StateMachineRecord>, Status> ListStateMachines() override;
  Status DeleteStateMachine(const std::string& arn) override;

  void Submit(Transition t, std::function<void(Status)> done) override;
  Status Flush() override;

  Result<ExecutionRecord, Status> GetExecution(const std::string& arn_or_name) override;
  Result<ExecutionPage, Status> ListExecutions(const ExecutionFilter& filter) override;
  Result<std::vector<EventRecord>, Status> GetHistory(const std::string& execution_arn,
                                                      const HistoryQuery& query) override;

  Result<std::vector<ClaimedExecution>, Status> ClaimUnfinished() override;
  Result<std::optional<ClaimedExecution>, Status> ClaimExecution(const std::string& arn) override;
  Result<std::optional<ClaimedExecution>, Status> RedriveExecution(
      const RedriveRequest& request) override;  // redrive.cc
  Result<TaskTokenRecord, Status> GetTaskToken(const std::string& token) override;
  Status CompleteTaskToken(const std::string& token,
                           const TaskTokenCompletion& completion) override;
  Status HeartbeatTaskToken(const std::string& token, TimeMs now) override;
  Result<std::vector<TaskTokenRecord>, Status> TaskTokenUpdates(
      const std::vector<std::string>& tokens) override;

  Status Export(
      std::optional<TimeMs> since,
      const std::function<bool(const ExecutionRecord&, const EventRecord&)>& sink) override;
  Result<int64_t, Status> Purge(TimeMs before) override;
  Result<VerifyReport, Status> Verify(const std::string& execution_arn) override;

  // Async invocations (async_events.cc, async_dead_letters.cc).
  void EnqueueAsyncEvent(AsyncEventRecord event,
                         std::function<void(Result<int64_t, Status>)> done) override;
  Result<std::vector<AsyncEventRecord>, Status> LeaseDueAsyncEvents(
      TimeMs now, size_t limit, TimeMs lease_until,
      const std::vector<std::string>& function_arns) override;
  Status RenewAsyncEventLeases(const std::vector<int64_t>& ids, TimeMs lease_until) override;
  Status RescheduleAsyncEvent(const AsyncEventRecord& event) override;
  Status CompleteAsyncEvent(const AsyncCompletion& completion) override;
  Result<int64_t, Status> CountAsyncEvents() override;
  Result<std::vector<AsyncQueueDepth>, Status> AsyncQueueDepths() override;
  Result<std::optional<TimeMs>, Status> NextAsyncEventDue(
      const std::vector<std::string>& function_arns) override;
  Result<std::vector<DeadLetterRecord>, Status> ListDeadLetters(size_t limit) override;
  Result<DeadLetterRecord, Status> GetDeadLetter(int64_t id) override;
  Result<int64_t, Status> RedriveDeadLetter(int64_t id, TimeMs now) override;
  Result<int64_t, Status> AppendQueueMessage(QueueMessageRecord message) override;
  Result<std::vector<QueueMessageRecord>, Status> ListQueueMessages(const std::string& queue_arn,
                                                                    size_t limit) override;
  Result<int64_t, Status> CountQueueMessages(const std::string& queue_arn) override;

  // This Store's owner identity (claims); tests compare it with executions.owner.
  const OwnerIdentity& owner() const { return owner_; }

 private:
  SqliteStore(const StoreOptions& options, std::string display_path);
  void MaintenanceLoop();

  const StoreOptions options_;
  const std::string display_path_;
  const OwnerIdentity owner_;
  std::unique_ptr<Connection> writer_;
  std::unique_ptr<ReaderPool> readers_;
  std::unique_ptr<GroupCommitWriter> group_commit_;

  std::unique_ptr<Connection> maintenance_;
  std::mutex maintenance_mu_;
  std::condition_variable maintenance_wake_;
  bool stopping_ = false;  // guarded by maintenance_mu_
  std::thread maintenance_thread_;

  // The async event queue's group-commit thread, started by the first EnqueueAsyncEvent.
  // Declared last: destroyed (committing what it holds) before everything it writes with.
  AsyncEventWriter& async_writer();
  std::once_flag async_writer_once_;
  std::unique_ptr<AsyncEventWriter> async_writer_;
};

}  // namespace tern::storage::sqlite
