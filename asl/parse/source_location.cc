#include "asl/parse/source_location.h"

namespace tern::asl {

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

SourceLocation SourceMap::Find(std::string_view pointer) const {
  std::string key(pointer);
  while (true) {
    if (auto it = map_.find(key); it != map_.end()) return it->second;
    if (key.empty()) return {};
    auto slash = key.rfind('/');
    key.resize(slash == std::string::npos ? 0 : slash);
  }
}

}  // namespace tern::asl
