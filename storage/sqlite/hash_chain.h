// The tamper-evidence chain over an execution's history (docs/audit.md, "Hash chain"):
//   hash(event) = hex SHA-256 of
//     seed "\n" id "\n" previous_id "\n" timestamp "\n" type "\n" details_field "\n" details
// where seed is the previous event's hash (hex), or the execution ARN for event 1, and the
// integers are decimal (timestamp in milliseconds since the epoch). The writer computes it;
// Verify() recomputes it. Hashes are stored as 32 raw bytes and shown as lowercase hex.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "storage/store.h"

namespace tern::storage::sqlite {

// The raw SHA-256 of an event in the chain (what the events table stores).
using ChainDigest = std::array<unsigned char, 32>;

// `seed`: the previous event's hex hash, or the execution ARN for event 1.
ChainDigest ChainHashBytes(std::string_view seed, const EventRecord& event);
// The same, as lowercase hex (EventRecord::hash, the next event's seed).
std::string ChainHash(std::string_view seed, const EventRecord& event);

std::string BytesToHex(std::string_view bytes);  // lowercase

}  // namespace tern::storage::sqlite
