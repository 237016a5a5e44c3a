#include "triggers/stream_lag.h"

#include "storage/stream_store.h"

namespace tern::triggers {

std::optional<int64_t> RecordsBehind(storage::StreamStore& streams, const std::string& mapping_id,
                                     const std::string& stream) {
  auto info = streams.GetStream(stream);
  if (!info) return std::nullopt;
  std::optional<int64_t> behind;
  for (int shard = 0; shard < info->shard_count; ++shard) {
    auto checkpoint = streams.GetCheckpoint(mapping_id, shard);
    auto last = streams.LastSequence(stream, shard);
    if (checkpoint && *checkpoint && last) {
      behind = behind.value_or(0) + (*last - **checkpoint);
    }
  }
  return behind;
}

}  // namespace tern::triggers
