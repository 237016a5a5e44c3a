// How AWS (Java, Jackson) renders JSON values as text: numbers as Java's Double.toString does
// (1.1 -> "1.1", 1.0E7), integers without ".0", compact JSON (States.JsonToString, error causes)
// and Java's Map/List toString (States.Format renders an object argument as {a=1, b=[x, y]}).
#pragma once

#include <string>

#include "common/json.h"

namespace tern::asl::jsonpath {

// A number as Jackson writes it: integers in full, doubles like Java's Double.toString.
std::string FormatJavaNumber(const Json& number);

// Compact JSON text as Jackson writes it (no spaces, numbers via FormatJavaNumber).
std::string ToCompactJson(const Json& value);

// Java's toString of the value Jackson would bind: strings raw, null "null", objects
// {k=v, k2=v2}, arrays [a, b].
std::string ToJavaString(const Json& value);

}  // namespace tern::asl::jsonpath
