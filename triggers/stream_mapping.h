// An event source mapping on a tern stream, with Lambda's semantics (../shared/spec/LAMBDA.md §6,
// docs/streams.md): one poller per shard reads records after the mapping's checkpoint, closes a
// batch at BatchSize records or when MaximumBatchingWindowInSeconds has passed, invokes the
// target synchronously and advances the checkpoint once the target acknowledged the batch.
//
// On a function error the batch is retried (the shard waits) until it succeeds, its retries
// exceed MaximumRetryAttempts (-1: no limit), or its oldest record is older than
// MaximumRecordAgeInSeconds; with BisectBatchOnFunctionError a failed batch is split in two and
// each half retried on its own (splits do not count as retries). With ReportBatchItemFailures
// the function names the first record that failed ({"batchItemFailures":[{"itemIdentifier":
// SEQUENCE}]}); the records before it are acknowledged and only the rest is retried. A batch
// given up is described to OnFailure (Lambda's record with KinesisBatchInfo) and skipped. A batch
// the bus refuses because its chain passed the function too often (docs/recursion.md) is given
// up at once with condition RecursiveInvocationDetected: retrying would be refused the same way.
// Throttles and service errors are retried with backoff and never count.
//
// ParallelizationFactor N: each shard's records are dealt to N lanes by partition key (so one
// key's records stay in order) and the lanes run concurrently; the shard's checkpoint advances
// past a chunk of records once every lane is done with it.
//
// Delivery is at least once: a process killed mid-batch redelivers that batch (with N > 1, that
// chunk) from the checkpoint, never skips a record.
//
// Thread safety: Start/Stop from one thread; the target is called from the shard threads.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/clock.h"
#include "storage/store.h"
#include "triggers/stream_event.h"

namespace tern::triggers {

enum class StartingPosition { kTrimHorizon, kLatest, kAtTimestamp };

struct StreamMappingConfig {
  std::string id;      // the checkpoint key, unique per mapping ("Function/EventId")
  std::string stream;  // stream name
  std::string stream_arn;
  std::string target_arn;  // function or state machine: failure records name it
  std::string region = "us-east-1";
  std::string invoke_identity_arn = "arn:aws:iam::123456789012:role/tern";
  StartingPosition starting_position = StartingPosition::kLatest;
  int64_t starting_timestamp_ms = 0;  // AT_TIMESTAMP
  int batch_size = 100;               // 1..10000
  int maximum_batching_window_ms = 0;
  int parallelization_factor = 1;  // 1..10
  bool bisect_batch_on_function_error = false;
  int maximum_retry_attempts = -1;      // -1: until the record expires
  int maximum_record_age_seconds = -1;  // -1: no limit
  bool report_batch_item_failures = false;
  bool enabled = true;
  // How often an idle shard looks for new records (Notify() wakes it sooner).
  int poll_interval_ms = 100;
  // Backoff between retries of a failed batch: doubles from min to max.
  int retry_backoff_min_ms = 100;
  int retry_backoff_max_ms = 5000;
};

// What the target did with one batch.
struct BatchOutcome {
  enum class Kind {
    kSuccess,        // the target returned (payload is its response)
    kFunctionError,  // the function failed (counts as an attempt; may bisect)
    kRetryable,      // throttled, service error, target missing: retried, never counted
    kStopped,        // refused for good (a recursive-loop stop): given up at once, not retried
  };
  Kind kind = Kind::kSuccess;
  std::string payload;
  std::string function_error;  // "Unhandled"
  std::string request_id;
  int status_code = 200;
};

// Invokes the target with one event (JSON text) and the trace header to carry; blocks.
using BatchTarget =
    std::function<BatchOutcome(const std::string& event_json, const std::string& trace_id)>;
// Receives the record of a batch given up (JSON text).
using FailureSink = std::function<void(const std::string& record_json)>;

struct StreamMappingStats {
  std::atomic<uint64_t> invocations{0};
  std::atomic<uint64_t> records_acknowledged{0};
  std::atomic<uint64_t> records_discarded{0};
  std::atomic<uint64_t> function_errors{0};
};

class StreamMapping {
 public:
  StreamMapping(StreamMappingConfig config, storage::StreamStore& store, BatchTarget target,
                FailureSink on_failure, engine::Clock& clock);
  ~StreamMapping();  // Stop()
  StreamMapping(const StreamMapping&) = delete;
  StreamMapping& operator=(const StreamMapping&) = delete;

  // Starts one poller per shard (no-op when disabled). Fails when the stream does not exist.
  Status Start();
  // Stops the pollers: a batch in flight finishes its current invocation first; its records
  // are acknowledged only if that invocation succeeded.
  void Stop();
  // Records were put: look now instead of at the next poll.
  void Notify();

  const StreamMappingConfig& config() const { return config_; }
  const StreamMappingStats& stats() const { return stats_; }
  bool running() const { return !threads_.empty(); }

 private:
  struct Pending;
  void PollShard(int shard);
  // Delivers `records` (one lane, in order) in batches until each is acknowledged or given up;
  // `checkpoint_each`: advance the shard's checkpoint after every batch. False when stopped.
  bool Deliver(const std::vector<storage::StreamRecord>& records, int shard, bool checkpoint_each);
  bool WaitFor(int64_t ms);  // false when stopping
  void GiveUp(const std::vector<storage::StreamRecord>& records, size_t begin, size_t end,
              const std::string& condition, const BatchOutcome& last, int invokes);
  void Checkpoint(int shard, int64_t sequence);

  const StreamMappingConfig config_;
  storage::StreamStore& store_;
  const BatchTarget target_;
  const FailureSink on_failure_;
  engine::Clock& clock_;
  StreamEventContext event_context_;
  StreamMappingStats stats_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;       // guarded by mu_
  uint64_t notifications_ = 0;  // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace tern::triggers
