// The stream tables (docs/streams.md): one migration in schema.cc runs this SQL.
//   streams: one row per stream. stream_shards: the last sequence number given out per shard
//   (records may be trimmed; numbers are never reused). stream_records: clustered by
//   (stream, shard, sequence) so reading a shard from a position is one range scan.
//   stream_checkpoints: per event source mapping and shard, the last acknowledged sequence.
//   stream_failures: failure records of batches a mapping gave up on with nowhere to send them.
#pragma once

#include <string_view>

namespace tern::storage::sqlite {

inline constexpr std::string_view kStreamSchemaSql = R"sql(
CREATE TABLE streams (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  arn TEXT NOT NULL,
  shard_count INTEGER NOT NULL,
  retention_hours INTEGER NOT NULL,
  created INTEGER NOT NULL           -- ms since the epoch
);
CREATE TABLE stream_shards (
  stream_id INTEGER NOT NULL,
  shard INTEGER NOT NULL,
  last_sequence INTEGER NOT NULL,    -- 0: nothing written yet
  PRIMARY KEY (stream_id, shard)
) WITHOUT ROWID;
CREATE TABLE stream_records (
  stream_id INTEGER NOT NULL,
  shard INTEGER NOT NULL,
  sequence INTEGER NOT NULL,
  partition_key TEXT NOT NULL,
  data BLOB NOT NULL,
  arrival INTEGER NOT NULL,          -- ms since the epoch
  trace_id TEXT NOT NULL,
  PRIMARY KEY (stream_id, shard, sequence)
) WITHOUT ROWID;
CREATE TABLE stream_checkpoints (
  mapping_id TEXT NOT NULL,
  shard INTEGER NOT NULL,
  stream_id INTEGER NOT NULL,
  sequence INTEGER NOT NULL,         -- the last acknowledged record
  updated INTEGER NOT NULL,
  PRIMARY KEY (mapping_id, shard)
) WITHOUT ROWID;
CREATE TABLE stream_failures (
  id INTEGER PRIMARY KEY,
  mapping_id TEXT NOT NULL,
  record TEXT NOT NULL,              -- JSON: what OnFailure would have received
  created INTEGER NOT NULL
);
CREATE INDEX stream_failures_by_mapping ON stream_failures (mapping_id, id);
)sql";

}  // namespace tern::storage::sqlite
