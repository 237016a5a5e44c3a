// The table of intrinsic functions: name, arity and implementation.

#include <cstdint>
#include <string>

#include "asl/core/error_names.h"
#include "asl/jsonpath/detail/intrinsic_ast.h"

namespace tern::asl::jsonpath::detail {
namespace {

constexpr size_t kVariadic = SIZE_MAX;

constexpr IntrinsicFunction kFunctions[] = {
    {"States.Format", 1, kVariadic, &StatesFormat},
    {"States.StringToJson", 1, 1, &StatesStringToJson},
    {"States.JsonToString", 1, 1, &StatesJsonToString},
    {"States.Array", 0, kVariadic, &StatesArray},
    {"States.ArrayPartition", 2, 2, &StatesArrayPartition},
    {"States.ArrayContains", 2, 2, &StatesArrayContains},
    {"States.ArrayRange", 3, 3, &StatesArrayRange},
    {"States.ArrayGetItem", 2, 2, &StatesArrayGetItem},
    {"States.ArrayLength", 1, 1, &StatesArrayLength},
    {"States.ArrayUnique", 1, 1, &StatesArrayUnique},
    {"States.Base64Encode", 1, 1, &StatesBase64Encode},
    {"States.Base64Decode", 1, 1, &StatesBase64Decode},
    {"States.Hash", 2, 2, &StatesHash},
    {"States.JsonMerge", 3, 3, &StatesJsonMerge},
    {"States.MathRandom", 2, 3, &StatesMathRandom},
    {"States.MathAdd", 2, 2, &StatesMathAdd},
    {"States.StringSplit", 2, 2, &StatesStringSplit},
    {"States.UUID", 0, 0, &StatesUuid},
};

}  // namespace

const IntrinsicFunction* FindIntrinsic(std::string_view name) {
  for (const IntrinsicFunction& f : kFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

Failure InvalidArguments(const IntrinsicNode& node) {
  return Failure{std::string(errors::kRuntime),
                 "Invalid arguments in " + std::string(node.function->name)};
}

}  // namespace tern::asl::jsonpath::detail
