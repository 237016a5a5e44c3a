// How far an event source mapping is behind its stream: `tern sources` prints it and tern
// serve's /metrics exposes it (tern_stream_records_behind).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tern::storage {
class StreamStore;
}

namespace tern::triggers {

// Records on `stream` after the mapping's checkpoint, summed over the shards that have one;
// nullopt when no shard has a checkpoint yet (the mapping has not started) or the stream is
// not there.
std::optional<int64_t> RecordsBehind(storage::StreamStore& streams, const std::string& mapping_id,
                                     const std::string& stream);

}  // namespace tern::triggers
