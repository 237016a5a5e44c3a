// `tern stream create NAME [--shards N] [--retention-hours H]`, `tern stream put NAME
// --partition-key K (--data D | --file F)`, `tern stream read NAME [--shard N] [--from SEQ]
// [--limit N]`, `tern stream list`: tern's built-in streams in the database (docs/streams.md).
// `put --file` puts one record per line of F, all in one durable batch; a line may be
// "KEY<TAB>DATA" to give each record its own partition key. Run inside a function, `put` stores
// the invocation's _X_AMZN_TRACE_ID with each record, so the mapping's invocation of the
// records continues the chain's recursion lineage (a loop through a stream is stopped).
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/store_flags.h"
#include "common/json.h"
#include "engine/clock.h"
#include "engine/timestamp.h"
#include "storage/stream_store.h"
#include "triggers/stream_event.h"

namespace tern::cli {

// The stream store on the database --db/--durability name (shared with `tern sources`).
Result<std::unique_ptr<storage::StreamStore>, std::string> OpenStreamsFromFlags(
    const StoreFlags& flags) {
  auto durability = storage::ParseDurability(flags.durability);
  if (!durability) return Unexpected(durability.error().message());
  storage::StoreOptions options;
  options.path = flags.db.empty() ? storage::DefaultDatabasePath() : flags.db;
  options.durability = *durability;
  auto store = storage::OpenStreamStore(options);
  if (!store) return Unexpected(store.error().message());
  return std::move(*store);
}

namespace {

struct StreamArgs {
  StoreFlags store;
  std::string name;
  int shards = 1;
  int retention_hours = 24;
  std::string partition_key;
  std::string data;
  std::string file;
  int shard = 0;
  std::string from = "TRIM_HORIZON";
  int limit = 100;
};

int Fail(const std::string& what, const std::string& message) {
  std::cerr << "tern stream " << what << ": " << message << "\n";
  return kExitUsage;
}

int RunCreate(const StreamArgs& a) {
  auto streams = OpenStreamsFromFlags(a.store);
  if (!streams) return Fail("create", streams.error());
  storage::StreamInfo info;
  info.name = a.name;
  info.arn = "arn:aws:kinesis:us-east-1:123456789012:stream/" + a.name;
  info.shard_count = a.shards;
  info.retention_hours = a.retention_hours;
  info.created = engine::RealClock().Now();
  auto created = (*streams)->CreateStream(info);
  if (!created) return Fail("create", created.error().message());
  std::cout << created->arn << " (" << created->shard_count << " shard"
            << (created->shard_count == 1 ? "" : "s") << ")\n";
  return kExitOk;
}

// The trace header of the function invocation this command runs in (Lambda's runtime sets
// _X_AMZN_TRACE_ID per invocation); empty outside a function: the records start new chains.
std::string InvocationTraceId() {
  const char* trace = std::getenv("_X_AMZN_TRACE_ID");
  return trace == nullptr ? std::string() : std::string(trace);
}

int RunPut(const StreamArgs& a) {
  auto streams = OpenStreamsFromFlags(a.store);
  if (!streams) return Fail("put", streams.error());
  const std::string trace = InvocationTraceId();
  std::vector<storage::StreamPut> puts;
  if (!a.file.empty()) {
    std::ifstream in(a.file);
    if (!in) return Fail("put", "cannot read " + a.file);
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      size_t tab = line.find('\t');
      if (tab != std::string::npos) {
        puts.push_back({line.substr(0, tab), line.substr(tab + 1), trace});
      } else if (!a.partition_key.empty()) {
        puts.push_back({a.partition_key, line, trace});
      } else {
        return Fail("put", "a line without KEY<TAB> needs --partition-key");
      }
    }
  } else {
    if (a.partition_key.empty()) return Fail("put", "--partition-key is required");
    puts.push_back({a.partition_key, a.data, trace});
  }
  auto put = (*streams)->PutRecords(a.name, puts, engine::RealClock().Now());
  if (!put) return Fail("put", put.error().message());
  for (const auto& r : *put) {
    std::cout << Json{{"ShardId", storage::StreamShardId(r.shard)},
                      {"SequenceNumber", storage::StreamSequenceNumber(r.shard, r.sequence)}}
                     .dump()
              << "\n";
  }
  return kExitOk;
}

int RunRead(const StreamArgs& a) {
  auto streams = OpenStreamsFromFlags(a.store);
  if (!streams) return Fail("read", streams.error());
  int64_t after = 0;
  if (a.from == "LATEST") {
    auto last = (*streams)->LastSequence(a.name, a.shard);
    if (!last) return Fail("read", last.error().message());
    after = *last;
  } else if (a.from != "TRIM_HORIZON") {
    auto seq = storage::ParseStreamSequenceNumber(a.from);
    if (!seq) return Fail("read", "--from is TRIM_HORIZON, LATEST or a sequence number");
    after = *seq;
  }
  auto records =
      (*streams)->ReadShard(a.name, a.shard, after, static_cast<size_t>(std::max(a.limit, 1)));
  if (!records) return Fail("read", records.error().message());
  for (const auto& r : *records) {
    std::cout << Json{{"SequenceNumber", storage::StreamSequenceNumber(r.shard, r.sequence)},
                      {"PartitionKey", r.partition_key},
                      {"Data", triggers::Base64Encode(r.data)},
                      {"ApproximateArrivalTimestamp", engine::FormatTimestamp(r.arrival)}}
                     .dump()
              << "\n";
  }
  return kExitOk;
}

int RunList(const StreamArgs& a) {
  auto streams = OpenStreamsFromFlags(a.store);
  if (!streams) return Fail("list", streams.error());
  auto list = (*streams)->ListStreams();
  if (!list) return Fail("list", list.error().message());
  for (const auto& s : *list) {
    std::cout << s.name << "\t" << s.shard_count << " shards\t" << s.retention_hours << " h\t"
              << s.arn << "\n";
  }
  return kExitOk;
}

}  // namespace

CommandRunner AddStreamCommand(CLI::App& app);
const CommandRegistration kRegistration{80, &AddStreamCommand};

CommandRunner AddStreamCommand(CLI::App& app) {
  auto args = std::make_shared<StreamArgs>();
  CLI::App* cmd = app.add_subcommand("stream", "Create, write and read tern's built-in streams");
  cmd->require_subcommand(1);
  CLI::App* create = cmd->add_subcommand("create", "Create a stream with N shards");
  create->add_option("NAME", args->name)->required();
  create->add_option("--shards", args->shards, "Shard count (1-1000)")->check(CLI::Range(1, 1000));
  create->add_option("--retention-hours", args->retention_hours, "Record retention")
      ->check(CLI::Range(1, 8760));
  CLI::App* put = cmd->add_subcommand("put", "Put a record (or one per line of --file)");
  put->add_option("NAME", args->name)->required();
  put->add_option("--partition-key", args->partition_key, "Partition key (1-256 characters)");
  put->add_option("--data", args->data, "The record's data");
  put->add_option("--file", args->file, "Put each line (or KEY<TAB>DATA line) as a record");
  CLI::App* read = cmd->add_subcommand("read", "Print a shard's records as JSON lines");
  read->add_option("NAME", args->name)->required();
  read->add_option("--shard", args->shard, "Shard number (default 0)");
  read->add_option("--from", args->from, "TRIM_HORIZON (default), LATEST or after a sequence");
  read->add_option("--limit", args->limit, "At most this many records (default 100)");
  CLI::App* list = cmd->add_subcommand("list", "List the streams");
  for (CLI::App* sub : {create, put, read, list}) AddStoreFlags(*sub, args->store);
  return [args, create, put, read, list] {
    if (create->parsed()) return RunCreate(*args);
    if (put->parsed()) return RunPut(*args);
    if (read->parsed()) return RunRead(*args);
    if (list->parsed()) return RunList(*args);
    return kExitUsage;
  };
}

}  // namespace tern::cli
