// Small text helpers of the workers module: ids, timestamps, base64, Lambda's number formats.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tern::workers::detail {

std::string NewRequestId();  // random version-4 UUID
// "Root=1-<8 hex epoch seconds>-<24 hex>;Parent=<16 hex>;Sampled=0"
std::string NewTraceId();
// 32 hex digits, as in log stream names.
std::string RandomHex(int digits);
int64_t NowEpochMs();
// "2026-11-25T17:30:00.123Z"
std::string IsoTimestamp(int64_t epoch_ms);
// "2026/11/25"
std::string DatePath(int64_t epoch_ms);
std::string Base64Encode(std::string_view bytes);
// "%.2f" as Lambda writes durations and timeouts ("3.00").
std::string TwoDecimals(double value);

}  // namespace tern::workers::detail
