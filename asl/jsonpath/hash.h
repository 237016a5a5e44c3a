// Message digests for States.Hash (MD5, SHA-1, SHA-256, SHA-384, SHA-512), written out here so
// that tern_asl links no crypto library. Not for security use: States.Hash only needs the values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tern::asl::jsonpath {

// Lowercase hex digest of `data` with `algorithm` ("MD5", "SHA-1", "SHA-256", "SHA-384",
// "SHA-512"); null for any other algorithm name.
std::optional<std::string> HexDigest(std::string_view algorithm, std::string_view data);

}  // namespace tern::asl::jsonpath
