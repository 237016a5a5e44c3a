#include "storage/sqlite/hash_chain.h"

#include "common/digest.h"

namespace tern::storage::sqlite {

std::string ChainHash(std::string_view seed, const EventRecord& event) {
  std::string text;
  text.reserve(seed.size() + event.type.size() + event.details_field.size() + event.details.size() +
               64);
  text.append(seed);
  text += '\n';
  text += std::to_string(event.id);
  text += '\n';
  text += std::to_string(event.previous_id);
  text += '\n';
  text += std::to_string(event.timestamp);
  text += '\n';
  text += event.type;
  text += '\n';
  text += event.details_field;
  text += '\n';
  text += event.details;
  return *HexDigest("SHA-256", text);
}

std::string HexToBytes(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return "";
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return "";
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string BytesToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

}  // namespace tern::storage::sqlite
