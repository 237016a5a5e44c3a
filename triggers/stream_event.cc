#include "triggers/stream_event.h"

#include <cstdio>

#include "common/json.h"
#include "engine/timestamp.h"

namespace tern::triggers {
namespace {

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

std::string EpochSeconds(int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000),
                static_cast<long long>(ms % 1000));
  return buf;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string KinesisEvent(const StreamEventContext& context,
                         const std::vector<storage::StreamRecord>& records, size_t begin,
                         size_t end) {
  std::string out;
  out.reserve(64 + (end - begin) * (420 + context.stream_arn.size()));
  out += "{\"Records\":[";
  for (size_t i = begin; i < end; ++i) {
    const storage::StreamRecord& r = records[i];
    std::string seq = storage::StreamSequenceNumber(r.shard, r.sequence);
    if (i != begin) out += ',';
    out += "{\"kinesis\":{\"kinesisSchemaVersion\":\"1.0\",\"partitionKey\":";
    AppendJsonString(out, r.partition_key);
    out += ",\"sequenceNumber\":\"";
    out += seq;
    out += "\",\"data\":\"";
    out += Base64Encode(r.data);
    out += "\",\"approximateArrivalTimestamp\":";
    out += EpochSeconds(r.arrival);
    out += "},\"eventSource\":\"aws:kinesis\",\"eventVersion\":\"1.0\",\"eventID\":\"";
    out += storage::StreamShardId(r.shard);
    out += ':';
    out += seq;
    out += "\",\"eventName\":\"aws:kinesis:record\",\"invokeIdentityArn\":";
    AppendJsonString(out, context.invoke_identity_arn);
    out += ",\"awsRegion\":";
    AppendJsonString(out, context.region);
    out += ",\"eventSourceARN\":";
    AppendJsonString(out, context.stream_arn);
    out += '}';
  }
  out += "]}";
  return out;
}

std::optional<int64_t> FirstFailedRecord(std::string_view response,
                                         const std::vector<storage::StreamRecord>& records,
                                         size_t begin, size_t end) {
  Json doc = Json::parse(response, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return -1;
  if (doc.is_null()) return std::nullopt;
  if (!doc.is_object()) return -1;
  auto it = doc.find("batchItemFailures");
  if (it == doc.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) return -1;
  if (it->empty()) return std::nullopt;
  int64_t lowest = -1;
  for (const Json& failure : *it) {
    if (!failure.is_object()) return -1;
    auto id = failure.find("itemIdentifier");
    if (id == failure.end() || !id->is_string()) return -1;
    auto seq = storage::ParseStreamSequenceNumber(id->get<std::string>());
    if (!seq) return -1;
    int64_t index = -1;
    for (size_t i = begin; i < end; ++i) {
      if (records[i].sequence == *seq) {
        index = static_cast<int64_t>(i);
        break;
      }
    }
    if (index < 0) return -1;
    if (lowest < 0 || index < lowest) lowest = index;
  }
  return lowest;
}

std::string BatchFailureRecord(const BatchFailureInfo& info,
                               const std::vector<storage::StreamRecord>& records, size_t begin,
                               size_t end) {
  Json response = {{"statusCode", info.status_code}, {"executedVersion", "$LATEST"}};
  if (!info.function_error.empty()) response["functionError"] = info.function_error;
  const storage::StreamRecord& first = records[begin];
  const storage::StreamRecord& last = records[end - 1];
  Json doc = {{"requestContext",
               {{"requestId", info.request_id},
                {"functionArn", info.function_arn},
                {"condition", info.condition},
                {"approximateInvokeCount", info.approximate_invoke_count}}},
              {"responseContext", response},
              {"version", "1.0"},
              {"timestamp", engine::FormatTimestamp(info.now_ms)},
              {"KinesisBatchInfo",
               {{"shardId", storage::StreamShardId(first.shard)},
                {"startSequenceNumber", storage::StreamSequenceNumber(first.shard, first.sequence)},
                {"endSequenceNumber", storage::StreamSequenceNumber(last.shard, last.sequence)},
                {"approximateArrivalOfFirstRecord", engine::FormatTimestamp(first.arrival)},
                {"approximateArrivalOfLastRecord", engine::FormatTimestamp(last.arrival)},
                {"batchSize", end - begin},
                {"streamArn", info.stream_arn}}}};
  return doc.dump();
}

}  // namespace tern::triggers
