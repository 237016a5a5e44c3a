// Streams in the store (docs/streams.md): the StreamStore interface beside Store (store.h), on
// the same database file through its own connection, so the stream tables and the execution
// tables share a schema (schema 4) and a backup, but not a writer.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "storage/store.h"

namespace tern::storage {

// ---- streams (docs/streams.md) --------------------------------------------------------------
// Kinesis-like streams: a stream has N shards; a record goes to the shard whose slice of the
// 128-bit MD5 hash-key range holds MD5(partition key); within a shard records get increasing
// sequence numbers. Event source mappings keep, per mapping and shard, the sequence number of
// the last record they acknowledged (their checkpoint).

struct StreamInfo {
  std::string name;
  std::string arn;  // arn:aws:kinesis:REGION:ACCOUNT:stream/NAME
  int shard_count = 1;
  int retention_hours = 24;
  TimeMs created = 0;
};

// One record as stored. `sequence` is the per-shard number (1, 2, ...); its Kinesis-style text
// form is StreamSequenceNumber(shard, sequence).
struct StreamRecord {
  int shard = 0;
  int64_t sequence = 0;
  std::string partition_key;
  std::string data;      // the bytes as put (events carry them base64-encoded)
  TimeMs arrival = 0;    // approximateArrivalTimestamp
  std::string trace_id;  // the putter's X-Amzn-Trace-Id (recursion lineage through streams)
};

struct StreamPut {
  std::string partition_key;  // 1..256 characters
  std::string data;
  std::string trace_id;
};

struct StreamPutResult {
  int shard = 0;
  int64_t sequence = 0;
};

// A batch an event source mapping gave up on (OnFailure without a deliverable destination):
// the record Lambda would send, as JSON text.
struct StreamFailureRecord {
  int64_t id = 0;
  std::string mapping_id;
  std::string record;  // JSON text (requestContext, responseContext, KinesisBatchInfo, ...)
  TimeMs created = 0;
};

// "shardId-000000000003"
std::string StreamShardId(int shard);
// Sequence numbers as text: 56 digits like Kinesis's, ordered like the numbers they encode.
std::string StreamSequenceNumber(int shard, int64_t sequence);
// The per-shard number back from its text form; nullopt when not one of ours.
std::optional<int64_t> ParseStreamSequenceNumber(std::string_view text);
// The shard of `partition_key` among `shard_count` (MD5 hash-key ranges split evenly).
int StreamShardFor(std::string_view partition_key, int shard_count);

// Thread safety: every member may be called from any thread (one connection, serialised).
class StreamStore {
 public:
  virtual ~StreamStore() = default;

  // Creates a stream; creating it again with the same shard count returns the existing one,
  // another shard count is AlreadyExists (shards are never resharded).
  virtual Result<StreamInfo, Status> CreateStream(const StreamInfo& info) = 0;
  virtual Result<StreamInfo, Status> GetStream(const std::string& name) = 0;
  virtual Result<std::vector<StreamInfo>, Status> ListStreams() = 0;
  // Removes the stream, its records and every checkpoint on it.
  virtual Status DeleteStream(const std::string& name) = 0;

  // Appends records in one transaction; returns once they are durable (under the store's
  // Durability), results in the order of `records`.
  virtual Result<std::vector<StreamPutResult>, Status> PutRecords(
      const std::string& stream, const std::vector<StreamPut>& records, TimeMs now) = 0;
  // Records of `shard` with sequence > after_sequence, oldest first, at most `limit`.
  virtual Result<std::vector<StreamRecord>, Status> ReadShard(const std::string& stream, int shard,
                                                              int64_t after_sequence,
                                                              size_t limit) = 0;
  // The last sequence number written to `shard` (0: none yet). LATEST starts after it.
  virtual Result<int64_t, Status> LastSequence(const std::string& stream, int shard) = 0;
  // The sequence number just before the first record that arrived at or after `t`
  // (AT_TIMESTAMP starts after it).
  virtual Result<int64_t, Status> SequenceBefore(const std::string& stream, int shard,
                                                 TimeMs t) = 0;
  // Deletes records older than each stream's retention; returns how many.
  virtual Result<int64_t, Status> TrimExpired(TimeMs now) = 0;

  // Event source mapping checkpoints: the last acknowledged sequence number per shard.
  virtual Result<std::optional<int64_t>, Status> GetCheckpoint(const std::string& mapping_id,
                                                               int shard) = 0;
  virtual Status SetCheckpoint(const std::string& mapping_id, const std::string& stream, int shard,
                               int64_t sequence, TimeMs now) = 0;
  // Failure records of mappings whose OnFailure had nowhere to go (newest last).
  virtual Status AddStreamFailure(const std::string& mapping_id, const std::string& record,
                                  TimeMs now) = 0;
  virtual Result<std::vector<StreamFailureRecord>, Status> ListStreamFailures(
      const std::string& mapping_id) = 0;
};

// Opens the streams of the database `options` names (its own connection; migrates as
// OpenStore does). kMemory: a private in-memory database.
Result<std::unique_ptr<StreamStore>, Status> OpenStreamStore(const StoreOptions& options);

}  // namespace tern::storage
