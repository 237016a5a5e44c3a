// The JSON intrinsics: States.StringToJson, JsonToString, JsonMerge.

#include <string>

#include "asl/jsonpath/detail/intrinsic_ast.h"
#include "asl/jsonpath/json_format.h"

namespace tern::asl::jsonpath::detail {

// A blank string parses to null, as AWS records ("" and " " -> null).
Result<Json, Failure> StatesStringToJson(const std::vector<Json>& args, const IntrinsicNode& node) {
  if (!args[0].is_string()) return Unexpected(InvalidArguments(node));
  const std::string& text = args[0].get_ref<const std::string&>();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return Json(nullptr);
  Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return Unexpected(InvalidArguments(node));
  return value;
}

Result<Json, Failure> StatesJsonToString(const std::vector<Json>& args, const IntrinsicNode&) {
  return Json(ToCompactJson(args[0]));
}

// Shallow merge only: AWS rejects a deep merge (third argument true) but treats any other third
// argument, even the string 'false', as shallow.
Result<Json, Failure> StatesJsonMerge(const std::vector<Json>& args, const IntrinsicNode& node) {
  if (!args[0].is_object() || !args[1].is_object() ||
      (args[2].is_boolean() && args[2].get<bool>())) {
    return Unexpected(InvalidArguments(node));
  }
  Json out = args[0];
  for (const auto& [key, value] : args[1].items()) out[key] = value;
  return out;
}

}  // namespace tern::asl::jsonpath::detail
