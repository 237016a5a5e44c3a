// StreamStore on SQLite: its own connection to the database file (or a private in-memory
// database), serialised by the connection's mutex. Puts are one write transaction per call, so
// a batch put costs one commit; sequence numbers come from stream_shards inside that
// transaction, so several processes putting to one database never hand out the same number.
#include "storage/stream_store.h"

#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <map>

#include <sqlite3.h>

#include "common/digest.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/schema.h"

namespace tern::storage {

std::string StreamShardId(int shard) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "shardId-%012d", shard);
  return buf;
}

// 56 digits: "49" + 6-digit shard + 48-digit sequence, zero-padded, so the text sorts like the
// numbers (Kinesis's are 56 digits too; clients treat them as opaque ordered strings).
std::string StreamSequenceNumber(int shard, int64_t sequence) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "49%06d%048" PRId64, shard, sequence);
  return buf;
}

std::optional<int64_t> ParseStreamSequenceNumber(std::string_view text) {
  if (text.size() != 56 || text.substr(0, 2) != "49") return std::nullopt;
  int64_t value = 0;
  for (size_t i = 8; i < text.size(); ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    if (value > (INT64_MAX - (c - '0')) / 10) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  for (size_t i = 2; i < 8; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  return value;
}

int StreamShardFor(std::string_view partition_key, int shard_count) {
  if (shard_count <= 1) return 0;
  std::string hex = HexDigest("MD5", partition_key).value_or(std::string(32, '0'));
  // The top 64 bits of the 128-bit hash key decide the slice: shard i owns
  // [i * 2^128 / n, (i + 1) * 2^128 / n).
  uint64_t top = std::stoull(hex.substr(0, 16), nullptr, 16);
  // (top * n) >> 64 without 128-bit integers: n <= 1000, so each partial product fits.
  const uint64_t n = static_cast<uint64_t>(shard_count);
  const uint64_t high = (top >> 32) * n + (((top & 0xffffffffULL) * n) >> 32);
  return static_cast<int>(high >> 32);
}

namespace sqlite {
namespace {

constexpr int64_t kMsPerHour = 3600LL * 1000;

class SqliteStreamStore final : public StreamStore {
 public:
  explicit SqliteStreamStore(std::unique_ptr<Connection> c) : c_(std::move(c)) {}

  Result<StreamInfo, Status> CreateStream(const StreamInfo& info) override {
    if (info.name.empty() || info.shard_count < 1 || info.shard_count > 1000 ||
        info.retention_hours < 1) {
      return Unexpected(Status::InvalidArgument(
          "a stream needs a name, 1..1000 shards and a retention of at least 1 hour"));
    }
    std::lock_guard lock(c_->mutex());
    WriteTransaction tx(*c_);
    if (Status s = tx.Begin("create stream " + info.name); !s.ok()) return Unexpected(s);
    auto existing = GetLocked(info.name);
    if (existing) {
      if (existing->shard_count != info.shard_count) {
        return Unexpected(Status::AlreadyExists("stream " + info.name + " exists with " +
                                                std::to_string(existing->shard_count) + " shards"));
      }
      return *existing;
    }
    if (existing.error().code() != StatusCode::kNotFound) return Unexpected(existing.error());
    auto insert = c_->Prepare(
        "INSERT INTO streams (name, arn, shard_count, retention_hours, created) "
        "VALUES (?, ?, ?, ?, ?)",
        "create stream");
    if (!insert) return Unexpected(insert.error());
    insert->Bind(1, info.name).Bind(2, info.arn).Bind(3, int64_t{info.shard_count});
    insert->Bind(4, int64_t{info.retention_hours}).Bind(5, info.created);
    if (Status s = insert->Run("create stream " + info.name); !s.ok()) return Unexpected(s);
    auto created = GetLocked(info.name);
    if (!created) return Unexpected(created.error());
    auto shard =
        c_->Prepare("INSERT INTO stream_shards (stream_id, shard, last_sequence) VALUES (?, ?, 0)",
                    "create shards");
    if (!shard) return Unexpected(shard.error());
    for (int i = 0; i < info.shard_count; ++i) {
      shard->Bind(1, ids_[info.name]).Bind(2, int64_t{i});
      if (Status s = shard->Run("create shards"); !s.ok()) return Unexpected(s);
    }
    if (Status s = tx.Commit("create stream " + info.name); !s.ok()) return Unexpected(s);
    return *created;
  }

  Result<StreamInfo, Status> GetStream(const std::string& name) override {
    std::lock_guard lock(c_->mutex());
    return GetLocked(name);
  }

  Result<std::vector<StreamInfo>, Status> ListStreams() override {
    std::lock_guard lock(c_->mutex());
    auto stmt = c_->Prepare(
        "SELECT name, arn, shard_count, retention_hours, created FROM streams ORDER BY name",
        "list streams");
    if (!stmt) return Unexpected(stmt.error());
    std::vector<StreamInfo> out;
    while (true) {
      auto row = stmt->Step("list streams");
      if (!row) return Unexpected(row.error());
      if (!*row) break;
      out.push_back(InfoFrom(*stmt));
    }
    return out;
  }

  Status DeleteStream(const std::string& name) override {
    std::lock_guard lock(c_->mutex());
    auto id = IdLocked(name);
    if (!id) return id.error();
    WriteTransaction tx(*c_);
    if (Status s = tx.Begin("delete stream " + name); !s.ok()) return s;
    for (const char* sql : {"DELETE FROM stream_records WHERE stream_id = ?",
                            "DELETE FROM stream_shards WHERE stream_id = ?",
                            "DELETE FROM stream_checkpoints WHERE stream_id = ?",
                            "DELETE FROM streams WHERE id = ?"}) {
      auto stmt = c_->Prepare(sql, "delete stream");
      if (!stmt) return stmt.error();
      stmt->Bind(1, *id);
      if (Status s = stmt->Run("delete stream " + name); !s.ok()) return s;
    }
    ids_.erase(name);
    return tx.Commit("delete stream " + name);
  }

  Result<std::vector<StreamPutResult>, Status> PutRecords(const std::string& stream,
                                                          const std::vector<StreamPut>& records,
                                                          TimeMs now) override {
    std::lock_guard lock(c_->mutex());
    auto info = GetLocked(stream);
    if (!info) return Unexpected(info.error());
    for (const StreamPut& r : records) {
      if (r.partition_key.empty() || r.partition_key.size() > 256) {
        return Unexpected(Status::InvalidArgument("a partition key has 1 to 256 characters"));
      }
    }
    const int64_t id = ids_[stream];
    WriteTransaction tx(*c_);
    if (Status s = tx.Begin("put records to " + stream); !s.ok()) return Unexpected(s);
    std::map<int, int64_t> last;  // shard -> last sequence, read once per transaction
    std::vector<StreamPutResult> out;
    out.reserve(records.size());
    auto read_last =
        c_->Prepare("SELECT last_sequence FROM stream_shards WHERE stream_id = ? AND shard = ?",
                    "read a shard");
    if (!read_last) return Unexpected(read_last.error());
    for (const StreamPut& r : records) {
      int shard = StreamShardFor(r.partition_key, info->shard_count);
      auto it = last.find(shard);
      if (it == last.end()) {
        read_last->Bind(1, id).Bind(2, int64_t{shard});
        auto row = read_last->Step("read a shard");
        if (!row) return Unexpected(row.error());
        int64_t value = *row ? read_last->Int(0) : 0;
        if (Status s = read_last->Run("read a shard"); !s.ok()) return Unexpected(s);
        it = last.emplace(shard, value).first;
      }
      out.push_back({shard, ++it->second});
    }
    auto insert = c_->Prepare(
        "INSERT INTO stream_records (stream_id, shard, sequence, partition_key, data, arrival, "
        "trace_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        "put a record");
    if (!insert) return Unexpected(insert.error());
    for (size_t i = 0; i < records.size(); ++i) {
      insert->Bind(1, id).Bind(2, int64_t{out[i].shard}).Bind(3, out[i].sequence);
      insert->Bind(4, records[i].partition_key).BindBlob(5, records[i].data).Bind(6, now);
      insert->Bind(7, records[i].trace_id);
      if (Status s = insert->Run("put a record"); !s.ok()) return Unexpected(s);
    }
    auto update =
        c_->Prepare("UPDATE stream_shards SET last_sequence = ? WHERE stream_id = ? AND shard = ?",
                    "advance a shard");
    if (!update) return Unexpected(update.error());
    for (const auto& [shard, seq] : last) {
      update->Bind(1, seq).Bind(2, id).Bind(3, int64_t{shard});
      if (Status s = update->Run("advance a shard"); !s.ok()) return Unexpected(s);
    }
    if (Status s = tx.Commit("put records to " + stream); !s.ok()) return Unexpected(s);
    return out;
  }

  Result<std::vector<StreamRecord>, Status> ReadShard(const std::string& stream, int shard,
                                                      int64_t after_sequence,
                                                      size_t limit) override {
    std::lock_guard lock(c_->mutex());
    auto id = IdLocked(stream);
    if (!id) return Unexpected(id.error());
    auto stmt = c_->Prepare(
        "SELECT sequence, partition_key, data, arrival, trace_id FROM stream_records "
        "WHERE stream_id = ? AND shard = ? AND sequence > ? ORDER BY sequence LIMIT ?",
        "read a shard");
    if (!stmt) return Unexpected(stmt.error());
    stmt->Bind(1, *id).Bind(2, int64_t{shard}).Bind(3, after_sequence);
    stmt->Bind(4, static_cast<int64_t>(limit));
    std::vector<StreamRecord> out;
    while (true) {
      auto row = stmt->Step("read a shard");
      if (!row) return Unexpected(row.error());
      if (!*row) break;
      StreamRecord r;
      r.shard = shard;
      r.sequence = stmt->Int(0);
      r.partition_key = stmt->Text(1);
      r.data = stmt->Blob(2);
      r.arrival = stmt->Int(3);
      r.trace_id = stmt->Text(4);
      out.push_back(std::move(r));
    }
    return out;
  }

  Result<int64_t, Status> LastSequence(const std::string& stream, int shard) override {
    std::lock_guard lock(c_->mutex());
    auto id = IdLocked(stream);
    if (!id) return Unexpected(id.error());
    return ReadInt("SELECT last_sequence FROM stream_shards WHERE stream_id = ? AND shard = ?", *id,
                   shard, 0);
  }

  Result<int64_t, Status> SequenceBefore(const std::string& stream, int shard, TimeMs t) override {
    std::lock_guard lock(c_->mutex());
    auto id = IdLocked(stream);
    if (!id) return Unexpected(id.error());
    auto stmt = c_->Prepare(
        "SELECT min(sequence) FROM stream_records WHERE stream_id = ? AND shard = ? AND "
        "arrival >= ?",
        "find a timestamp in a shard");
    if (!stmt) return Unexpected(stmt.error());
    stmt->Bind(1, *id).Bind(2, int64_t{shard}).Bind(3, t);
    auto row = stmt->Step("find a timestamp in a shard");
    if (!row) return Unexpected(row.error());
    if (*row && !stmt->IsNull(0)) return stmt->Int(0) - 1;
    // Nothing arrived since t: start after everything written so far.
    return ReadInt("SELECT last_sequence FROM stream_shards WHERE stream_id = ? AND shard = ?", *id,
                   shard, 0);
  }

  Result<int64_t, Status> TrimExpired(TimeMs now) override {
    std::lock_guard lock(c_->mutex());
    WriteTransaction tx(*c_);
    if (Status s = tx.Begin("trim streams"); !s.ok()) return Unexpected(s);
    auto stmt = c_->Prepare("DELETE FROM stream_records WHERE stream_id = ? AND arrival < ?",
                            "trim a stream");
    if (!stmt) return Unexpected(stmt.error());
    auto list = ListLocked();
    if (!list) return Unexpected(list.error());
    int64_t deleted = 0;
    for (const auto& [id, hours] : *list) {
      stmt->Bind(1, id).Bind(2, now - hours * kMsPerHour);
      if (Status s = stmt->Run("trim a stream"); !s.ok()) return Unexpected(s);
      deleted += sqlite3_changes(c_->handle());
    }
    if (Status s = tx.Commit("trim streams"); !s.ok()) return Unexpected(s);
    return deleted;
  }

  Result<std::optional<int64_t>, Status> GetCheckpoint(const std::string& mapping_id,
                                                       int shard) override {
    std::lock_guard lock(c_->mutex());
    auto stmt =
        c_->Prepare("SELECT sequence FROM stream_checkpoints WHERE mapping_id = ? AND shard = ?",
                    "read a checkpoint");
    if (!stmt) return Unexpected(stmt.error());
    stmt->Bind(1, mapping_id).Bind(2, int64_t{shard});
    auto row = stmt->Step("read a checkpoint");
    if (!row) return Unexpected(row.error());
    if (!*row) return std::optional<int64_t>();
    return std::optional<int64_t>(stmt->Int(0));
  }

  Status SetCheckpoint(const std::string& mapping_id, const std::string& stream, int shard,
                       int64_t sequence, TimeMs now) override {
    std::lock_guard lock(c_->mutex());
    auto id = IdLocked(stream);
    if (!id) return id.error();
    auto stmt = c_->Prepare(
        "INSERT INTO stream_checkpoints (mapping_id, shard, stream_id, sequence, updated) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (mapping_id, shard) DO UPDATE SET "
        "stream_id = excluded.stream_id, sequence = excluded.sequence, "
        "updated = excluded.updated",
        "write a checkpoint");
    if (!stmt) return stmt.error();
    stmt->Bind(1, mapping_id).Bind(2, int64_t{shard}).Bind(3, *id).Bind(4, sequence);
    stmt->Bind(5, now);
    return stmt->Run("write a checkpoint");
  }

  Status AddStreamFailure(const std::string& mapping_id, const std::string& record,
                          TimeMs now) override {
    std::lock_guard lock(c_->mutex());
    auto stmt =
        c_->Prepare("INSERT INTO stream_failures (mapping_id, record, created) VALUES (?, ?, ?)",
                    "record a failed batch");
    if (!stmt) return stmt.error();
    stmt->Bind(1, mapping_id).Bind(2, record).Bind(3, now);
    return stmt->Run("record a failed batch");
  }

  Result<std::vector<StreamFailureRecord>, Status> ListStreamFailures(
      const std::string& mapping_id) override {
    std::lock_guard lock(c_->mutex());
    auto stmt = c_->Prepare(
        "SELECT id, mapping_id, record, created FROM stream_failures "
        "WHERE mapping_id = ? OR ? = '' ORDER BY id",
        "list failed batches");
    if (!stmt) return Unexpected(stmt.error());
    stmt->Bind(1, mapping_id).Bind(2, mapping_id);
    std::vector<StreamFailureRecord> out;
    while (true) {
      auto row = stmt->Step("list failed batches");
      if (!row) return Unexpected(row.error());
      if (!*row) break;
      out.push_back({stmt->Int(0), stmt->Text(1), stmt->Text(2), stmt->Int(3)});
    }
    return out;
  }

 private:
  static StreamInfo InfoFrom(const Statement& stmt) {
    StreamInfo info;
    info.name = stmt.Text(0);
    info.arn = stmt.Text(1);
    info.shard_count = static_cast<int>(stmt.Int(2));
    info.retention_hours = static_cast<int>(stmt.Int(3));
    info.created = stmt.Int(4);
    return info;
  }

  // Callers hold c_->mutex().
  Result<StreamInfo, Status> GetLocked(const std::string& name) {
    auto stmt = c_->Prepare(
        "SELECT name, arn, shard_count, retention_hours, created, id FROM streams WHERE name = ?",
        "read a stream");
    if (!stmt) return Unexpected(stmt.error());
    stmt->Bind(1, name);
    auto row = stmt->Step("read stream " + name);
    if (!row) return Unexpected(row.error());
    if (!*row) return Unexpected(Status::NotFound("stream " + name + " not found"));
    ids_[name] = stmt->Int(5);
    return InfoFrom(*stmt);
  }

  Result<int64_t, Status> IdLocked(const std::string& name) {
    auto it = ids_.find(name);
    if (it != ids_.end()) return it->second;
    auto info = GetLocked(name);
    if (!info) return Unexpected(info.error());
    return ids_[name];
  }

  Result<std::vector<std::pair<int64_t, int64_t>>, Status> ListLocked() {
    auto stmt = c_->Prepare("SELECT id, retention_hours FROM streams", "list streams");
    if (!stmt) return Unexpected(stmt.error());
    std::vector<std::pair<int64_t, int64_t>> out;
    while (true) {
      auto row = stmt->Step("list streams");
      if (!row) return Unexpected(row.error());
      if (!*row) break;
      out.emplace_back(stmt->Int(0), stmt->Int(1));
    }
    return out;
  }

  Result<int64_t, Status> ReadInt(std::string_view sql, int64_t id, int shard, int64_t fallback) {
    auto stmt = c_->Prepare(sql, "read a shard");
    if (!stmt) return Unexpected(stmt.error());
    stmt->Bind(1, id).Bind(2, int64_t{shard});
    auto row = stmt->Step("read a shard");
    if (!row) return Unexpected(row.error());
    return *row ? stmt->Int(0) : fallback;
  }

  std::unique_ptr<Connection> c_;
  // Stream name -> row id, for streams seen. Guarded by c_->mutex(). A stream deleted and
  // recreated by another process gets a new id; DeleteStream here forgets the old one.
  std::map<std::string, int64_t> ids_;
};

}  // namespace
}  // namespace sqlite

Result<std::unique_ptr<StreamStore>, Status> OpenStreamStore(const StoreOptions& options) {
  sqlite::ConnectionOptions c;
  c.busy_timeout_ms = options.busy_timeout_ms;
  switch (options.durability) {
    case Durability::kMemory:
      c.path = ":memory:";
      c.display_path = ":memory:";
      c.wal = false;
      c.synchronous = "OFF";
      break;
    case Durability::kStrict:
    case Durability::kBatched:
      if (options.path.empty()) {
        return Unexpected(Status::InvalidArgument("no database path for the streams"));
      }
      c.path = options.path;
      c.display_path = options.path;
      // A put is acknowledged once committed: FULL survives power loss, NORMAL (WAL) a crash.
      c.synchronous = options.durability == Durability::kStrict ? "FULL" : "NORMAL";
      {
        std::error_code ec;
        auto parent = std::filesystem::path(options.path).parent_path();
        if (!parent.empty()) std::filesystem::create_directories(parent, ec);
      }
      break;
  }
  auto connection = sqlite::Connection::Open(c);
  if (!connection) return Unexpected(connection.error());
  if (Status s = sqlite::Migrate(**connection); !s.ok()) return Unexpected(s);
  return std::unique_ptr<StreamStore>(
      std::make_unique<sqlite::SqliteStreamStore>(std::move(*connection)));
}

}  // namespace tern::storage
