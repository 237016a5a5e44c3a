// UTF-8 helpers. JSONata's string functions count Unicode code points (the reference iterates
// strings with `for...of`), so strings are indexed by code point, not by byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tern::asl::jsonata {

void AppendUtf8(std::string* out, uint32_t cp);
// Decodes one code point at `*pos` and advances; invalid bytes decode as themselves.
uint32_t DecodeUtf8(std::string_view s, size_t* pos);
std::vector<uint32_t> ToCodePoints(std::string_view s);
std::string FromCodePoints(const std::vector<uint32_t>& cps, size_t begin, size_t end);
size_t CodePointLength(std::string_view s);

}  // namespace tern::asl::jsonata
