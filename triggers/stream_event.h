// The JSON documents of the stream model, in Lambda's shapes (../shared/spec/LAMBDA.md §6):
// the Kinesis event a mapping invokes its target with, the ReportBatchItemFailures response it
// reads back, and the record OnFailure receives for a batch that was given up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/stream_store.h"

namespace tern::triggers {

std::string Base64Encode(std::string_view bytes);

struct StreamEventContext {
  std::string stream_arn;
  std::string region = "us-east-1";
  std::string invoke_identity_arn;  // arn:aws:iam::ACCOUNT:role/...
};

// {"Records":[{"kinesis":{...},"eventSource":"aws:kinesis",...}, ...]}
std::string KinesisEvent(const StreamEventContext& context,
                         const std::vector<storage::StreamRecord>& records, size_t begin,
                         size_t end);

// The response of a function with FunctionResponseTypes ReportBatchItemFailures:
//   all ok (nullopt): no list, null, {} or an empty batchItemFailures;
//   index of the first failed record in [begin, end): the lowest reported itemIdentifier;
//   malformed (an identifier not in the batch, empty, not a string): -1, the whole batch failed.
std::optional<int64_t> FirstFailedRecord(std::string_view response,
                                         const std::vector<storage::StreamRecord>& records,
                                         size_t begin, size_t end);

struct BatchFailureInfo {
  std::string condition;  // RetryAttemptsExhausted | RecordAgeExceeded
  std::string request_id;
  std::string function_arn;
  int approximate_invoke_count = 0;
  std::string function_error;  // "Unhandled" when the function failed
  int status_code = 200;
  std::string stream_arn;
  int64_t now_ms = 0;
};

// OnFailure's record: requestContext, responseContext, version, timestamp, KinesisBatchInfo.
std::string BatchFailureRecord(const BatchFailureInfo& info,
                               const std::vector<storage::StreamRecord>& records, size_t begin,
                               size_t end);

}  // namespace tern::triggers
