// Writing tern's JSON documents as text.
#pragma once

#include <string>

#include "common/json.h"

namespace tern {

// Compact JSON text (no spaces), the form history events, payloads and API bodies use. Strings
// that are not valid UTF-8 (a function may return anything) get U+FFFD in place of the bad
// bytes instead of an exception: the document is still written, and still valid JSON.
inline std::string DumpCompact(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace tern
