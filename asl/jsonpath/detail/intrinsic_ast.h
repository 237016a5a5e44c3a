// The compiled form of an intrinsic call: a function name and its arguments (literals, Paths or
// nested calls), plus the table of functions with their arity and implementation.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asl/core/failure.h"
#include "asl/jsonpath/path.h"
#include "common/json.h"
#include "common/result.h"

namespace tern::asl::jsonpath::detail {

struct IntrinsicNode;

struct IntrinsicArg {
  enum class Kind { kLiteral, kPath, kCall };
  Kind kind = Kind::kLiteral;
  Json literal;              // kLiteral: a string (escapes resolved), number, boolean or null
  std::string raw;           // kLiteral strings: the text between the quotes, escapes kept
  bool is_string = false;    // kLiteral written as '...'
  std::optional<Path> path;  // kPath
  std::shared_ptr<const IntrinsicNode> call;  // kCall
};

// The evaluated arguments of one call. `node` gives access to how they were written (States.Format
// needs the raw template to tell `\{` from `{`).
using IntrinsicImpl = Result<Json, Failure> (*)(const std::vector<Json>& args,
                                                const IntrinsicNode& node);

struct IntrinsicFunction {
  std::string_view name;  // e.g. "States.Format"
  size_t min_args;        // checked when the call runs: AWS accepts a wrong count in a definition
  size_t max_args;        // SIZE_MAX: variadic
  IntrinsicImpl impl;
};

struct IntrinsicNode {
  const IntrinsicFunction* function = nullptr;
  std::vector<IntrinsicArg> args;
};

// The registry of every States.* function (intrinsic_registry.cc); null when unknown.
const IntrinsicFunction* FindIntrinsic(std::string_view name);

// AWS's failure for bad arguments: States.Runtime, "Invalid arguments in States.X".
Failure InvalidArguments(const IntrinsicNode& node);

// Parses a whole call such as "States.Format('{}', $.a)".
Result<std::shared_ptr<const IntrinsicNode>, std::string> ParseIntrinsic(std::string_view text);

// Implementations, one family per file.
Result<Json, Failure> StatesFormat(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesStringSplit(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesBase64Encode(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesBase64Decode(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesHash(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesUuid(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesStringToJson(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesJsonToString(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesJsonMerge(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesArray(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesArrayPartition(const std::vector<Json>& args,
                                           const IntrinsicNode& node);
Result<Json, Failure> StatesArrayContains(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesArrayRange(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesArrayGetItem(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesArrayLength(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesArrayUnique(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesMathRandom(const std::vector<Json>& args, const IntrinsicNode& node);
Result<Json, Failure> StatesMathAdd(const std::vector<Json>& args, const IntrinsicNode& node);

}  // namespace tern::asl::jsonpath::detail
