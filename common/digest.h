// Message digests for States.Hash, JSONata's $hash and the history hash chain: MD5, SHA-1 and
// SHA-2, computed by OpenSSL's libcrypto (hardware-accelerated SHA where the CPU has it: the
// hash chain hashes every history event, so this is on the durable write path).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tern {

// Lowercase hex digest of `data` for "MD5", "SHA-1", "SHA-256", "SHA-384" or "SHA-512";
// nullopt for any other algorithm name.
std::optional<std::string> HexDigest(std::string_view algorithm, std::string_view data);

}  // namespace tern
