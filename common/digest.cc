#include "common/digest.h"

#include <openssl/evp.h>

namespace tern {
namespace {

const EVP_MD* Algorithm(std::string_view name) {
  if (name == "MD5") return EVP_md5();
  if (name == "SHA-1") return EVP_sha1();
  if (name == "SHA-256") return EVP_sha256();
  if (name == "SHA-384") return EVP_sha384();
  if (name == "SHA-512") return EVP_sha512();
  return nullptr;
}

}  // namespace

std::optional<std::string> HexDigest(std::string_view algorithm, std::string_view data) {
  const EVP_MD* md = Algorithm(algorithm);
  if (md == nullptr) return std::nullopt;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, md, nullptr) != 1) {
    return std::nullopt;
  }
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    hex[2 * i] = kDigits[c >> 4];
    hex[2 * i + 1] = kDigits[c & 15];
  }
  return hex;
}

}  // namespace tern
