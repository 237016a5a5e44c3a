// Event source mappings against a scripted target: ordered batches per shard, retries that
// block the shard, bisection, ReportBatchItemFailures, record age, starting positions,
// parallelization by partition key, checkpoint resume (also after kill -9), failure records.
#include "triggers/stream_mapping.h"

#include <atomic>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <signal.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "common/json.h"
#include "storage/stream_store.h"
#include "triggers/stream_event.h"

namespace tern::triggers {
namespace {

namespace fs = std::filesystem;
using storage::StreamPut;

struct Call {
  std::vector<int64_t> sequences;
  std::vector<std::string> keys;
  std::vector<std::string> data;  // base64 as delivered
};

Call Parse(const std::string& event) {
  Call c;
  Json doc = Json::parse(event);
  for (const Json& r : doc["Records"]) {
    EXPECT_EQ(r["eventSource"], "aws:kinesis");
    EXPECT_EQ(r["eventName"], "aws:kinesis:record");
    c.sequences.push_back(
        *storage::ParseStreamSequenceNumber(r["kinesis"]["sequenceNumber"].get<std::string>()));
    c.keys.push_back(r["kinesis"]["partitionKey"]);
    c.data.push_back(r["kinesis"]["data"]);
  }
  return c;
}

// Waits (real time, generous for loaded machines) until `done` holds.
template <typename F>
bool WaitUntil(F done, int seconds = 60) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

class StreamMappingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions options;
    options.durability = storage::Durability::kMemory;
    auto store = storage::OpenStreamStore(options);
    ASSERT_TRUE(store);
    store_ = std::move(*store);
  }

  void CreateStream(int shards) {
    storage::StreamInfo info;
    info.name = "s";
    info.arn = "arn:aws:kinesis:us-east-1:123456789012:stream/s";
    info.shard_count = shards;
    ASSERT_TRUE(store_->CreateStream(info));
  }

  void Put(int n, const std::string& key = "k", int64_t now = 0,
           const std::string& poison_at = "") {
    std::vector<StreamPut> puts;
    for (int i = 0; i < n; ++i) {
      std::string data = "d" + std::to_string(i);
      if (!poison_at.empty() && data == poison_at) data = "poison";
      puts.push_back({key, data, "Root=1-00000000-000000000000000000000001"});
    }
    ASSERT_TRUE(store_->PutRecords("s", puts, now ? now : clock_.Now()));
  }

  StreamMappingConfig Config() {
    StreamMappingConfig c;
    c.id = "F/E";
    c.stream = "s";
    c.stream_arn = "arn:aws:kinesis:us-east-1:123456789012:stream/s";
    c.target_arn = "arn:aws:lambda:us-east-1:123456789012:function:F";
    c.starting_position = StartingPosition::kTrimHorizon;
    c.poll_interval_ms = 5;
    c.retry_backoff_min_ms = 1;
    c.retry_backoff_max_ms = 4;
    return c;
  }

  int64_t Checkpoint(int shard = 0) {
    auto cp = store_->GetCheckpoint("F/E", shard);
    return cp && *cp ? **cp : -1;
  }

  engine::RealClock clock_;
  std::unique_ptr<storage::StreamStore> store_;
  std::mutex mu_;
  std::vector<Call> calls_;            // guarded by mu_
  std::vector<std::string> failures_;  // guarded by mu_
};

TEST_F(StreamMappingTest, BatchesAreOrderedAndCheckpointed) {
  CreateStream(1);
  Put(250);
  StreamMapping m(
      Config(), *store_,
      [&](const std::string& event, const std::string& trace) {
        EXPECT_EQ(trace, "Root=1-00000000-000000000000000000000001");
        std::lock_guard lock(mu_);
        calls_.push_back(Parse(event));
        return BatchOutcome{};
      },
      nullptr, clock_);
  ASSERT_TRUE(m.Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return Checkpoint() == 250; }));
  m.Stop();
  ASSERT_EQ(calls_.size(), 3u);
  EXPECT_EQ(calls_[0].sequences.size(), 100u);
  EXPECT_EQ(calls_[2].sequences.size(), 50u);
  int64_t expected = 1;
  for (const Call& c : calls_) {
    for (int64_t s : c.sequences) EXPECT_EQ(s, expected++);
  }
}

TEST_F(StreamMappingTest, EventHasKinesisShape) {
  CreateStream(1);
  ASSERT_TRUE(store_->PutRecords("s", {{"pk", "Hello, this is a test.", ""}}, 1545084650987));
  auto records = store_->ReadShard("s", 0, 0, 10);
  ASSERT_TRUE(records);
  StreamEventContext context;
  context.stream_arn = "arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream";
  context.region = "us-east-2";
  context.invoke_identity_arn = "arn:aws:iam::123456789012:role/lambda-role";
  Json event = Json::parse(KinesisEvent(context, *records, 0, 1));
  const Json& r = event["Records"][0];
  EXPECT_EQ(r["kinesis"]["kinesisSchemaVersion"], "1.0");
  EXPECT_EQ(r["kinesis"]["partitionKey"], "pk");
  EXPECT_EQ(r["kinesis"]["data"], "SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==");
  EXPECT_DOUBLE_EQ(r["kinesis"]["approximateArrivalTimestamp"].get<double>(), 1545084650.987);
  std::string seq = r["kinesis"]["sequenceNumber"];
  EXPECT_EQ(r["eventID"], "shardId-000000000000:" + seq);
  EXPECT_EQ(r["eventVersion"], "1.0");
  EXPECT_EQ(r["awsRegion"], "us-east-2");
  EXPECT_EQ(r["eventSourceARN"], context.stream_arn);
  EXPECT_EQ(r["invokeIdentityArn"], context.invoke_identity_arn);
}

TEST_F(StreamMappingTest, FailedBatchIsRetriedAndBlocksTheShard) {
  CreateStream(1);
  Put(30);
  std::atomic<int> failures{2};
  auto config = Config();
  config.batch_size = 10;
  StreamMapping m(
      config, *store_,
      [&](const std::string& event, const std::string&) {
        std::lock_guard lock(mu_);
        Call c = Parse(event);
        calls_.push_back(c);
        if (c.sequences.front() == 11 && failures-- > 0) {
          return BatchOutcome{BatchOutcome::Kind::kFunctionError, "{}", "Unhandled", "", 200};
        }
        return BatchOutcome{};
      },
      nullptr, clock_);
  ASSERT_TRUE(m.Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return Checkpoint() == 30; }));
  m.Stop();
  // 1-10, 11-20 three times (nothing later in between), 21-30.
  ASSERT_EQ(calls_.size(), 5u);
  std::vector<int64_t> firsts;
  for (const Call& c : calls_) firsts.push_back(c.sequences.front());
  EXPECT_EQ(firsts, (std::vector<int64_t>{1, 11, 11, 11, 21}));
}

TEST_F(StreamMappingTest, BisectionIsolatesAPoisonRecordAndKeepsOrder) {
  CreateStream(1);
  Put(16, "k", 0, "d9");
  auto config = Config();
  config.batch_size = 16;
  config.bisect_batch_on_function_error = true;
  config.maximum_retry_attempts = 0;
  const std::string poison = Base64Encode("poison");
  std::vector<int64_t> handled;
  StreamMapping m(
      config, *store_,
      [&](const std::string& event, const std::string&) {
        std::lock_guard lock(mu_);
        Call c = Parse(event);
        calls_.push_back(c);
        for (const std::string& d : c.data) {
          if (d == poison) {
            return BatchOutcome{BatchOutcome::Kind::kFunctionError, "{}", "Unhandled", "r", 200};
          }
        }
        handled.insert(handled.end(), c.sequences.begin(), c.sequences.end());
        return BatchOutcome{};
      },
      [&](const std::string& record) {
        std::lock_guard lock(mu_);
        failures_.push_back(record);
      },
      clock_);
  ASSERT_TRUE(m.Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return Checkpoint() == 16; }));
  m.Stop();
  std::vector<int64_t> expected;
  for (int64_t s = 1; s <= 16; ++s) {
    if (s != 10) expected.push_back(s);  // "d9" is the 10th record
  }
  EXPECT_EQ(handled, expected);
  ASSERT_EQ(failures_.size(), 1u);
  Json record = Json::parse(failures_[0]);
  EXPECT_EQ(record["requestContext"]["condition"], "RetryAttemptsExhausted");
  EXPECT_EQ(record["requestContext"]["functionArn"], config.target_arn);
  EXPECT_EQ(record["responseContext"]["functionError"], "Unhandled");
  EXPECT_EQ(record["KinesisBatchInfo"]["batchSize"], 1);
  EXPECT_EQ(record["KinesisBatchInfo"]["startSequenceNumber"],
            storage::StreamSequenceNumber(0, 10));
  EXPECT_EQ(record["KinesisBatchInfo"]["shardId"], "shardId-000000000000");
  EXPECT_EQ(m.stats().records_discarded, 1u);
}

TEST_F(StreamMappingTest, ReportBatchItemFailuresRetriesOnlyFromTheFirstFailure) {
  CreateStream(1);
  Put(10, "k", 0, "d4");
  auto config = Config();
  config.batch_size = 10;
  config.report_batch_item_failures = true;
  const std::string poison = Base64Encode("poison");
  std::atomic<int> poison_failures{2};
  std::map<int64_t, int> deliveries;
  StreamMapping m(
      config, *store_,
      [&](const std::string& event, const std::string&) {
        std::lock_guard lock(mu_);
        Call c = Parse(event);
        for (int64_t seq : c.sequences) deliveries[seq]++;
        for (size_t i = 0; i < c.data.size(); ++i) {
          if (c.data[i] == poison && poison_failures-- > 0) {
            Json response = {
                {"batchItemFailures",
                 {{{"itemIdentifier", storage::StreamSequenceNumber(0, c.sequences[i])}}}}};
            return BatchOutcome{BatchOutcome::Kind::kSuccess, response.dump(), "", "", 200};
          }
        }
        return BatchOutcome{BatchOutcome::Kind::kSuccess, R"({"batchItemFailures": []})", "", "",
                            200};
      },
      nullptr, clock_);
  ASSERT_TRUE(m.Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return Checkpoint() == 10; }));
  m.Stop();
  for (int64_t s = 1; s <= 4; ++s) EXPECT_EQ(deliveries[s], 1) << s;
  // Record 5 failed twice: it and everything after it were delivered three times.
  for (int64_t s = 5; s <= 10; ++s) EXPECT_EQ(deliveries[s], 3) << s;
}

TEST_F(StreamMappingTest, MalformedItemFailuresFailTheWholeBatch) {
  std::vector<storage::StreamRecord> records(3);
  for (int i = 0; i < 3; ++i) records[static_cast<size_t>(i)].sequence = i + 1;
  const std::string two = storage::StreamSequenceNumber(0, 2);
  EXPECT_EQ(FirstFailedRecord("{}", records, 0, 3), std::nullopt);
  EXPECT_EQ(FirstFailedRecord("null", records, 0, 3), std::nullopt);
  EXPECT_EQ(FirstFailedRecord(R"({"batchItemFailures":null})", records, 0, 3), std::nullopt);
  EXPECT_EQ(FirstFailedRecord(R"({"batchItemFailures":[{"itemIdentifier":")" + two + R"("}]})",
                              records, 0, 3),
            1);
  EXPECT_EQ(FirstFailedRecord(R"({"batchItemFailures":[{"itemIdentifier":""}]})", records, 0, 3),
            -1);
  EXPECT_EQ(FirstFailedRecord(R"({"batchItemFailures":[{"itemIdentifier":")" +
                                  storage::StreamSequenceNumber(0, 9) + R"("}]})",
                              records, 0, 3),
            -1);
  EXPECT_EQ(FirstFailedRecord("not json", records, 0, 3), -1);
  EXPECT_EQ(FirstFailedRecord("[1]", records, 0, 3), -1);
}

TEST_F(StreamMappingTest, RecordsOlderThanMaximumRecordAgeAreGivenUp) {
  CreateStream(1);
  engine::VirtualClock clock(1'000'000);
  Put(5, "k", 1'000'000);
  clock.AdvanceTo(1'000'000 + 120'000);
  auto config = Config();
  config.maximum_record_age_seconds = 60;
  std::atomic<int> invoked{0};
  StreamMapping m(
      config, *store_,
      [&](const std::string&, const std::string&) {
        ++invoked;
        return BatchOutcome{};
      },
      [&](const std::string& record) {
        std::lock_guard lock(mu_);
        failures_.push_back(record);
      },
      clock);
  ASSERT_TRUE(m.Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return Checkpoint() == 5; }));
  m.Stop();
  EXPECT_EQ(invoked, 0);
  ASSERT_EQ(failures_.size(), 1u);
  EXPECT_EQ(Json::parse(failures_[0])["requestContext"]["condition"], "RecordAgeExceeded");
  EXPECT_EQ(Json::parse(failures_[0])["KinesisBatchInfo"]["batchSize"], 5);
}

TEST_F(StreamMappingTest, LatestSkipsWhatWasThereAndResumesFromTheCheckpoint) {
  CreateStream(1);
  Put(5);
  auto config = Config();
  config.starting_position = StartingPosition::kLatest;
  auto target = [&](const std::string& event, const std::string&) {
    std::lock_guard lock(mu_);
    calls_.push_back(Parse(event));
    return BatchOutcome{};
  };
  {
    StreamMapping m(config, *store_, target, nullptr, clock_);
    ASSERT_TRUE(m.Start().ok());
    EXPECT_EQ(Checkpoint(), 5);
    Put(3);
    m.Notify();
    ASSERT_TRUE(WaitUntil([&] { return Checkpoint() == 8; }));
  }
  Put(2);  // while stopped
  StreamMapping again(config, *store_, target, nullptr, clock_);
  ASSERT_TRUE(again.Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return Checkpoint() == 10; }));
  again.Stop();
  std::vector<int64_t> seen;
  for (const Call& c : calls_) seen.insert(seen.end(), c.sequences.begin(), c.sequences.end());
  EXPECT_EQ(seen, (std::vector<int64_t>{6, 7, 8, 9, 10}));
}

TEST_F(StreamMappingTest, ParallelizationKeepsOrderPerPartitionKey) {
  CreateStream(2);
  std::vector<StreamPut> puts;
  for (int i = 0; i < 400; ++i) {
    puts.push_back({"key" + std::to_string(i % 13), std::to_string(i), ""});
  }
  ASSERT_TRUE(store_->PutRecords("s", puts, 1));
  auto config = Config();
  config.batch_size = 7;
  config.parallelization_factor = 4;
  std::map<std::string, std::vector<int64_t>> per_key;  // (shard is implied by the key)
  std::atomic<int> in_flight{0};
  std::atomic<int> max_in_flight{0};
  StreamMapping m(
      config, *store_,
      [&](const std::string& event, const std::string&) {
        int now = ++in_flight;
        int prev = max_in_flight.load();
        while (now > prev && !max_in_flight.compare_exchange_weak(prev, now)) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        Call c = Parse(event);
        {
          std::lock_guard lock(mu_);
          for (size_t i = 0; i < c.keys.size(); ++i) per_key[c.keys[i]].push_back(c.sequences[i]);
        }
        --in_flight;
        return BatchOutcome{};
      },
      nullptr, clock_);
  ASSERT_TRUE(m.Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return m.stats().records_acknowledged == 400; }));
  m.Stop();
  size_t total = 0;
  for (const auto& [key, seqs] : per_key) {
    total += seqs.size();
    EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end())) << key;
    EXPECT_EQ(std::set<int64_t>(seqs.begin(), seqs.end()).size(), seqs.size()) << key;
  }
  EXPECT_EQ(total, 400u);
  EXPECT_GT(max_in_flight.load(), 1);
}

TEST_F(StreamMappingTest, ThrottlesAreRetriedWithoutCounting) {
  CreateStream(1);
  Put(3);
  auto config = Config();
  config.maximum_retry_attempts = 0;
  std::atomic<int> throttles{5};
  StreamMapping m(
      config, *store_,
      [&](const std::string&, const std::string&) {
        if (throttles-- > 0) return BatchOutcome{BatchOutcome::Kind::kRetryable, "", "", "", 429};
        return BatchOutcome{};
      },
      [&](const std::string& record) { failures_.push_back(record); }, clock_);
  ASSERT_TRUE(m.Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return Checkpoint() == 3; }));
  m.Stop();
  EXPECT_TRUE(failures_.empty());
  EXPECT_EQ(m.stats().records_acknowledged, 3u);
}

struct Consumer {
  std::unique_ptr<storage::StreamStore> store;
  std::unique_ptr<StreamMapping> mapping;  // destroyed first: it uses the store
  int fd = -1;
};

// A consumer killed with SIGKILL mid-stream: the next one resumes after the last acknowledged
// batch. No record is skipped; duplicates are only records of the batch that was in flight.
TEST(StreamMappingCrash, ResumeAfterKillNineSkipsNothing) {
  std::string tmpl = (fs::temp_directory_path() / "tern-stream-XXXXXX").string();
  const std::string dir = mkdtemp(tmpl.data());
  const std::string db = dir + "/s.db";
  const std::string log = dir + "/handled";
  constexpr int kRecords = 2000;
  constexpr int kBatch = 25;
  storage::StoreOptions options;
  options.path = db;
  {
    auto store = storage::OpenStreamStore(options);
    ASSERT_TRUE(store);
    storage::StreamInfo info;
    info.name = "s";
    info.arn = "arn:aws:kinesis:us-east-1:123456789012:stream/s";
    ASSERT_TRUE((*store)->CreateStream(info));
    std::vector<StreamPut> puts;
    for (int i = 0; i < kRecords; ++i) puts.push_back({"k", std::to_string(i), ""});
    ASSERT_TRUE((*store)->PutRecords("s", puts, 1));
  }
  engine::RealClock clock;  // outlives every consumer
  auto consume = [&](bool slow) {
    auto store = storage::OpenStreamStore(options);
    if (!store) _exit(3);
    StreamMappingConfig config;
    config.id = "F/E";
    config.stream = "s";
    config.starting_position = StartingPosition::kTrimHorizon;
    config.batch_size = kBatch;
    config.poll_interval_ms = 5;
    int fd = ::open(log.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
    auto m = std::make_unique<StreamMapping>(
        config, **store,
        [fd, slow](const std::string& event, const std::string&) {
          Call c = Parse(event);
          std::string line;
          for (int64_t s : c.sequences) line += std::to_string(s) + "\n";
          if (::write(fd, line.data(), line.size()) < 0) _exit(4);
          if (slow) std::this_thread::sleep_for(std::chrono::milliseconds(2));
          return BatchOutcome{};
        },
        nullptr, clock);
    if (!m->Start().ok()) _exit(5);
    Consumer consumer;
    consumer.store = std::move(*store);
    consumer.mapping = std::move(m);
    consumer.fd = fd;
    return consumer;
  };
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto running = consume(true);
    while (true) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  auto lines = [&] {
    std::ifstream in(log);
    std::vector<int64_t> out;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) out.push_back(std::stoll(line));
    }
    return out;
  };
  int child_status = 0;
  ASSERT_TRUE(WaitUntil([&] {
    if (waitpid(child, &child_status, WNOHANG) == child) return true;  // died early
    return lines().size() >= kRecords / 4;
  }));
  ASSERT_EQ(child_status, 0) << "the consumer exited early with status " << child_status;
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  const size_t before_restart = lines().size();
  ASSERT_LT(before_restart, static_cast<size_t>(kRecords));
  {
    auto running = consume(false);
    auto store = storage::OpenStreamStore(options);
    ASSERT_TRUE(store);
    ASSERT_TRUE(WaitUntil([&] {
      auto cp = (*store)->GetCheckpoint("F/E", 0);
      return cp && *cp && **cp == kRecords;
    }));
    running.mapping->Stop();
    ::close(running.fd);
  }
  std::vector<int64_t> all = lines();
  std::map<int64_t, int> count;
  for (int64_t s : all) count[s]++;
  for (int64_t s = 1; s <= kRecords; ++s) EXPECT_GE(count[s], 1) << "record " << s << " skipped";
  std::vector<int64_t> duplicated;
  for (auto [s, n] : count) {
    EXPECT_LE(n, 2) << s;
    if (n > 1) duplicated.push_back(s);
  }
  // Only the batch in flight at the kill (at most one batch, contiguous) came twice.
  EXPECT_LE(duplicated.size(), static_cast<size_t>(kBatch));
  if (!duplicated.empty()) {
    EXPECT_EQ(duplicated.back() - duplicated.front() + 1, static_cast<int64_t>(duplicated.size()));
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tern::triggers
