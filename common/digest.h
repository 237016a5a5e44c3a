// Message digests for States.Hash, JSONata's $hash and stream partition keys: MD5, SHA-1 and
// SHA-2, computed by OpenSSL's libcrypto. (The history hash chain, on the durable write path,
// keeps its own SHA-256 context per thread: storage/sqlite/hash_chain.cc.)
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tern {

// Lowercase hex digest of `data` for "MD5", "SHA-1", "SHA-256", "SHA-384" or "SHA-512";
// nullopt for any other algorithm name.
std::optional<std::string> HexDigest(std::string_view algorithm, std::string_view data);

// `bytes` as lowercase hex, two digits a byte.
std::string HexEncode(std::string_view bytes);

}  // namespace tern
