// The array intrinsics: States.Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem,
// ArrayLength, ArrayUnique.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

#include "asl/jsonpath/detail/intrinsic_ast.h"
#include "asl/jsonpath/java_collections.h"
#include "asl/jsonpath/json_format.h"

namespace tern::asl::jsonpath::detail {
namespace {

// java.util.HashSet's smallest table when built from a collection.
constexpr size_t kJavaDefaultCapacity = 16;

// AWS's limit on the length of a States.ArrayRange result.
constexpr int64_t kMaxRangeElements = 1000;

// AWS converts numeric arguments to Java ints by truncation (ArrayPartition(a, 2.6) partitions
// by 2), so a fraction is accepted and dropped.
std::optional<int64_t> AsInteger(const Json& v) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      return std::nullopt;
    }
    return v.get<int64_t>();
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (!std::isfinite(d) || std::fabs(d) > 9.0e18) return std::nullopt;
    return static_cast<int64_t>(std::trunc(d));
  }
  return std::nullopt;
}

}  // namespace

Result<Json, Failure> StatesArray(const std::vector<Json>& args, const IntrinsicNode&) {
  Json out = Json::array();
  for (const Json& a : args) out.push_back(a);
  return out;
}

Result<Json, Failure> StatesArrayPartition(const std::vector<Json>& args,
                                           const IntrinsicNode& node) {
  std::optional<int64_t> size = AsInteger(args[1]);
  if (!args[0].is_array() || !size || *size < 1) return Unexpected(InvalidArguments(node));
  Json out = Json::array();
  const Json& array = args[0];
  for (size_t i = 0; i < array.size(); i += static_cast<size_t>(*size)) {
    Json chunk = Json::array();
    for (size_t j = i; j < array.size() && j < i + static_cast<size_t>(*size); ++j) {
      chunk.push_back(array[j]);
    }
    out.push_back(std::move(chunk));
  }
  return out;
}

Result<Json, Failure> StatesArrayContains(const std::vector<Json>& args,
                                          const IntrinsicNode& node) {
  if (!args[0].is_array()) return Unexpected(InvalidArguments(node));
  const Json& target = args[1];
  for (const Json& e : args[0]) {
    if (e == target) return Json(true);  // objects must match in key order too, as on AWS
    // AWS matches a scalar against a string by its text: true finds "true", 5 finds "5".
    if (!e.is_structured() && !target.is_structured() && (e.is_string() != target.is_string()) &&
        ToJavaString(e) == ToJavaString(target)) {
      return Json(true);
    }
  }
  return Json(false);
}

Result<Json, Failure> StatesArrayRange(const std::vector<Json>& args, const IntrinsicNode& node) {
  std::optional<int64_t> start = AsInteger(args[0]);
  std::optional<int64_t> end = AsInteger(args[1]);
  std::optional<int64_t> step = AsInteger(args[2]);
  if (!start || !end || !step || *step == 0) return Unexpected(InvalidArguments(node));
  int64_t count = 0;
  if ((*step > 0 && *start <= *end) || (*step < 0 && *start >= *end)) {
    count = (*end - *start) / *step + 1;
  }
  if (count > kMaxRangeElements) return Unexpected(InvalidArguments(node));
  Json out = Json::array();
  for (int64_t i = 0; i < count; ++i) out.push_back(*start + i * *step);
  return out;
}

Result<Json, Failure> StatesArrayGetItem(const std::vector<Json>& args, const IntrinsicNode& node) {
  std::optional<int64_t> index = AsInteger(args[1]);
  // AWS answers null for any index into an empty array, but fails out of range otherwise.
  if (args[0].is_array() && args[0].empty() && index) return Json(nullptr);
  if (!args[0].is_array() || !index || *index < 0 ||
      *index >= static_cast<int64_t>(args[0].size())) {
    return Unexpected(InvalidArguments(node));
  }
  return args[0][static_cast<size_t>(*index)];
}

Result<Json, Failure> StatesArrayLength(const std::vector<Json>& args, const IntrinsicNode& node) {
  if (!args[0].is_array()) return Unexpected(InvalidArguments(node));
  return Json(args[0].size());
}

// AWS returns new ArrayList<>(new HashSet<>(list)): duplicates by Java equality, in HashSet
// order (recorded: [true,false,true,false] -> [false,true]).
Result<Json, Failure> StatesArrayUnique(const std::vector<Json>& args, const IntrinsicNode& node) {
  if (!args[0].is_array()) return Unexpected(InvalidArguments(node));
  std::vector<const Json*> unique;
  std::vector<int32_t> hashes;
  for (const Json& e : args[0]) {
    int32_t hash = JavaHashCode(e);
    bool seen = false;
    for (size_t i = 0; i < unique.size() && !seen; ++i) {
      seen = hashes[i] == hash && JavaEquals(*unique[i], e);
    }
    if (seen) continue;
    unique.push_back(&e);
    hashes.push_back(hash);
  }
  // HashSet(Collection) sizes its table for the whole input, at least 16 buckets.
  auto n = static_cast<float>(args[0].size());
  size_t capacity =
      JavaTableSizeFor(std::max<size_t>(static_cast<size_t>(n / 0.75f) + 1, kJavaDefaultCapacity));
  Json out = Json::array();
  for (size_t i : HashMapIterationOrder(hashes, capacity)) out.push_back(*unique[i]);
  return out;
}

}  // namespace tern::asl::jsonpath::detail
