// Writing tern's JSON documents as text.
#pragma once

#include <string>
#include <string_view>

#include "common/json.h"

namespace tern {

// Compact JSON text (no spaces), the form history events, payloads and API bodies use. Strings
// that are not valid UTF-8 (a function may return anything) get U+FFFD in place of the bad
// bytes instead of an exception: the document is still written, and still valid JSON.
//
// The text is exactly what `value.dump(-1, ' ', false, Json::error_handler_t::replace)` gives
// (same escapes, same number formatting); it is written directly into the string because every
// state transition writes its input and output into the history, and nlohmann's serializer
// costs an allocation and a locale lookup per call.
std::string DumpCompact(const Json& value);

// Appends DumpCompact(value) to `out`.
void AppendCompact(const Json& value, std::string& out);

// Appends `text` as a JSON string, exactly as DumpCompact(Json(text)) writes it.
void AppendJsonString(std::string_view text, std::string& out);

}  // namespace tern
