// The stream tables: shards by MD5 hash range, per-shard sequence numbers, reads from a
// position, retention, checkpoints and failure records, durable across reopening.
#include "storage/stream_store.h"

#include <map>
#include <set>

#include "tests/storage/store_test_util.h"

namespace tern::storage {
namespace {

using testing::ScratchDir;

StreamInfo Info(const std::string& name, int shards) {
  StreamInfo info;
  info.name = name;
  info.arn = "arn:aws:kinesis:us-east-1:123456789012:stream/" + name;
  info.shard_count = shards;
  info.created = 1000;
  return info;
}

std::unique_ptr<StreamStore> Open(const std::string& path) {
  StoreOptions options;
  options.path = path;
  auto store = OpenStreamStore(options);
  EXPECT_TRUE(store) << (store ? "" : store.error().ToString());
  return store ? std::move(*store) : nullptr;
}

TEST(StreamStore, SequenceNumbersRoundTripAndSortLikeNumbers) {
  std::string a = StreamSequenceNumber(3, 9);
  std::string b = StreamSequenceNumber(3, 10);
  EXPECT_EQ(a.size(), 56u);
  EXPECT_LT(a, b);
  EXPECT_EQ(ParseStreamSequenceNumber(b), 10);
  EXPECT_EQ(ParseStreamSequenceNumber("12"), std::nullopt);
  EXPECT_EQ(StreamShardId(6), "shardId-000000000006");
}

TEST(StreamStore, PartitionKeysSpreadOverShardsByHashRange) {
  std::map<int, int> counts;
  for (int i = 0; i < 4000; ++i) counts[StreamShardFor("key-" + std::to_string(i), 4)]++;
  ASSERT_EQ(counts.size(), 4u);
  for (auto [shard, n] : counts) EXPECT_GT(n, 800) << shard;
  // MD5("a") = 0cc175b9..., in the first quarter of the range; MD5("b") = 92eb5ffe... third.
  EXPECT_EQ(StreamShardFor("a", 4), 0);
  EXPECT_EQ(StreamShardFor("b", 4), 2);
  EXPECT_EQ(StreamShardFor("anything", 1), 0);
}

TEST(StreamStore, PutsAreOrderedPerShardAndDurable) {
  ScratchDir dir;
  {
    auto store = Open(dir.File("s.db"));
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->CreateStream(Info("orders", 2)));
    auto again = store->CreateStream(Info("orders", 2));
    ASSERT_TRUE(again);
    EXPECT_FALSE(store->CreateStream(Info("orders", 3)));
    std::vector<StreamPut> puts;
    for (int i = 0; i < 50; ++i)
      puts.push_back({"k" + std::to_string(i % 5), "d" + std::to_string(i), "T"});
    auto results = store->PutRecords("orders", puts, 5000);
    ASSERT_TRUE(results) << results.error().ToString();
    ASSERT_EQ(results->size(), 50u);
    std::map<int, int64_t> last;
    for (const auto& r : *results) {
      EXPECT_EQ(r.sequence, last[r.shard] + 1);
      last[r.shard] = r.sequence;
    }
    EXPECT_FALSE(store->PutRecords("nope", puts, 5000));
    EXPECT_FALSE(store->PutRecords("orders", {{"", "x", ""}}, 5000));
  }
  auto store = Open(dir.File("s.db"));
  ASSERT_TRUE(store);
  int64_t total = 0;
  for (int shard = 0; shard < 2; ++shard) {
    auto records = store->ReadShard("orders", shard, 0, 1000);
    ASSERT_TRUE(records);
    total += static_cast<int64_t>(records->size());
    for (size_t i = 0; i < records->size(); ++i) {
      EXPECT_EQ((*records)[i].sequence, static_cast<int64_t>(i) + 1);
      EXPECT_EQ((*records)[i].arrival, 5000);
      EXPECT_EQ((*records)[i].trace_id, "T");
      EXPECT_EQ(StreamShardFor((*records)[i].partition_key, 2), shard);
    }
    auto last = store->LastSequence("orders", shard);
    ASSERT_TRUE(last);
    EXPECT_EQ(*last, static_cast<int64_t>(records->size()));
    auto after = store->ReadShard("orders", shard, 3, 2);
    ASSERT_TRUE(after);
    ASSERT_EQ(after->size(), 2u);
    EXPECT_EQ((*after)[0].sequence, 4);
  }
  EXPECT_EQ(total, 50);
}

TEST(StreamStore, AtTimestampAndRetention) {
  ScratchDir dir;
  auto store = Open(dir.File("s.db"));
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->CreateStream(Info("s", 1)));
  const int64_t hour = 3600 * 1000;
  ASSERT_TRUE(store->PutRecords("s", {{"k", "old", ""}}, 1 * hour));
  ASSERT_TRUE(store->PutRecords("s", {{"k", "new", ""}}, 10 * hour));
  auto before = store->SequenceBefore("s", 0, 5 * hour);
  ASSERT_TRUE(before);
  EXPECT_EQ(*before, 1);
  auto future = store->SequenceBefore("s", 0, 20 * hour);
  ASSERT_TRUE(future);
  EXPECT_EQ(*future, 2);
  auto trimmed = store->TrimExpired(26 * hour);  // retention 24 h: the first one goes
  ASSERT_TRUE(trimmed);
  EXPECT_EQ(*trimmed, 1);
  auto left = store->ReadShard("s", 0, 0, 10);
  ASSERT_TRUE(left);
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].data, "new");
  // Numbers are never reused after a trim.
  auto next = store->PutRecords("s", {{"k", "x", ""}}, 27 * hour);
  ASSERT_TRUE(next);
  EXPECT_EQ((*next)[0].sequence, 3);
}

TEST(StreamStore, CheckpointsAndFailuresSurviveReopening) {
  ScratchDir dir;
  {
    auto store = Open(dir.File("s.db"));
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->CreateStream(Info("s", 2)));
    auto none = store->GetCheckpoint("F/E", 1);
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
    ASSERT_OK(store->SetCheckpoint("F/E", "s", 1, 7, 1));
    ASSERT_OK(store->SetCheckpoint("F/E", "s", 1, 9, 2));
    ASSERT_OK(store->AddStreamFailure("F/E", R"({"a":1})", 3));
  }
  auto store = Open(dir.File("s.db"));
  ASSERT_TRUE(store);
  auto cp = store->GetCheckpoint("F/E", 1);
  ASSERT_TRUE(cp);
  EXPECT_EQ(*cp, std::optional<int64_t>(9));
  auto failures = store->ListStreamFailures("F/E");
  ASSERT_TRUE(failures);
  ASSERT_EQ(failures->size(), 1u);
  EXPECT_EQ((*failures)[0].record, R"({"a":1})");
  ASSERT_OK(store->DeleteStream("s"));
  EXPECT_FALSE(store->GetStream("s"));
  cp = store->GetCheckpoint("F/E", 1);
  ASSERT_TRUE(cp);
  EXPECT_FALSE(*cp);
}

TEST(StreamStore, MemoryMode) {
  StoreOptions options;
  options.durability = Durability::kMemory;
  auto store = OpenStreamStore(options);
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->CreateStream(Info("m", 1)));
  ASSERT_TRUE((*store)->PutRecords("m", {{"k", "v", ""}}, 1));
  auto streams = (*store)->ListStreams();
  ASSERT_TRUE(streams);
  EXPECT_EQ(streams->size(), 1u);
}

}  // namespace
}  // namespace tern::storage
