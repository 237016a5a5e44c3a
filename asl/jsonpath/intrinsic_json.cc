// The JSON intrinsics: States.StringToJson, JsonToString, JsonMerge.

#include <string>
#include <vector>

#include "asl/core/error_names.h"
#include "asl/jsonpath/detail/intrinsic_ast.h"
#include "asl/jsonpath/java_collections.h"
#include "asl/jsonpath/json_format.h"
#include "common/json_depth.h"

namespace tern::asl::jsonpath::detail {

// A blank string parses to null, as AWS records ("" and " " -> null).
Result<Json, Failure> StatesStringToJson(const std::vector<Json>& args, const IntrinsicNode& node) {
  if (!args[0].is_string()) return Unexpected(InvalidArguments(node));
  const std::string& text = args[0].get_ref<const std::string&>();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return Json(nullptr);
  // Refused before parsing: what handles the value afterwards recurses on its depth.
  if (JsonNestsDeeperThan(text)) {
    return Unexpected(Failure{std::string(asl::errors::kIntrinsicFailure),
                              "The JSON given to States.StringToJson nests deeper than " +
                                  std::to_string(kMaxJsonNesting) + " levels"});
  }
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
  // AWS merges into a java.util.HashMap (the recorded merge of {a,b,d} and {a,c,d} comes back
  // as a,b,c,d), so the keys come out in HashMap order. Replay its table growth: sized for the
  // left object, grown before the right one is put if that one alone passes the threshold.
  const Json& left = args[0];
  const Json& right = args[1];
  Json merged = left;
  for (const auto& [key, value] : right.items()) merged[key] = value;
  if (merged.empty()) return merged;
  auto sized_for = [](size_t n) {
    return JavaTableSizeFor(static_cast<size_t>(static_cast<float>(n) / 0.75f + 1.0f));
  };
  size_t capacity = left.empty() ? sized_for(right.size()) : sized_for(left.size());
  while (!left.empty() &&
         static_cast<double>(right.size()) > static_cast<double>(capacity) * 0.75) {
    capacity *= 2;
  }
  std::vector<int32_t> hashes;
  std::vector<std::string> keys;
  for (const auto& [key, _] : merged.items()) {
    keys.push_back(key);
    hashes.push_back(JavaStringHash(key));
  }
  Json out = Json::object();
  for (size_t i : HashMapIterationOrder(hashes, capacity))
    out[keys[i]] = std::move(merged[keys[i]]);
  return out;
}

}  // namespace tern::asl::jsonpath::detail
