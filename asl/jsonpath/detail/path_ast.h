// The compiled form of a JSONPath: a root and a list of steps, as Jayway (the library AWS uses)
// models it. Shared by the path parser, the evaluator and filter expressions; not for other
// modules.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asl/jsonpath/path.h"
#include "common/result.h"

namespace tern::asl::jsonpath::detail {

struct FilterExpr;

enum class StepKind {
  kProperty,  // .name, ['name'], ['a','b']
  kIndex,     // [0], [-1], [0,2]
  kWildcard,  // .*, [*]
  kSlice,     // [a:b:c]
  kFilter,    // [?(...)]
  kScan,      // .. (recursive descent; the next step is applied at every level)
  kFunction,  // .length(), .min(), ... (Jayway path functions; always last)
};

struct SliceBounds {
  std::optional<int64_t> start;
  std::optional<int64_t> end;
  std::optional<int64_t> step;
};

struct Step {
  StepKind kind = StepKind::kProperty;
  std::vector<std::string> names;            // kProperty
  std::vector<int64_t> indexes;              // kIndex
  SliceBounds slice;                         // kSlice
  std::shared_ptr<const FilterExpr> filter;  // kFilter
  std::string function;                      // kFunction, without "()"
};

// `relative` marks an `@` path inside a filter (evaluated against the current element).
struct ParsedPath {
  PathRoot root = PathRoot::kInput;
  bool relative = false;
  std::string variable;
  std::vector<Step> steps;
};

// Parses a whole path ("$...", "$$...", "$name...", or "@..." when `allow_relative`).
Result<ParsedPath, std::string> ParsePath(std::string_view text, bool allow_relative = false);

// Parses the inside of `[?( ... )]`.
Result<std::shared_ptr<const FilterExpr>, std::string> ParseFilter(std::string_view text);

// Jayway's normalized rendering of one step, e.g. "['a']", "[0]", "[*]", "[?]", "..".
std::string RenderStep(const Step& step);

// True when the step list selects at most one node (Jayway's isDefinite).
bool IsDefinite(const std::vector<Step>& steps);

}  // namespace tern::asl::jsonpath::detail
