// The one JSON type of tern.
//
// Step Functions exposes key order (States.JsonToString, States.Format, execution output), so
// every document keeps the order in which keys were written: nlohmann's ordered_json.
#pragma once

#include <nlohmann/json.hpp>

namespace tern {

using Json = nlohmann::ordered_json;

}  // namespace tern
