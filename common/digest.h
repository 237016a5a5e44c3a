// Message digests for States.Hash and JSONata's $hash: MD5 (RFC 1321), SHA-1 and SHA-2 (FIPS
// 180-4). Self-contained so tern needs no crypto link dependency. Not for security decisions: these
// only reproduce the values AWS returns.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tern {

// Lowercase hex digest of `data` for "MD5", "SHA-1", "SHA-256", "SHA-384" or "SHA-512";
// nullopt for any other algorithm name.
std::optional<std::string> HexDigest(std::string_view algorithm, std::string_view data);

}  // namespace tern
