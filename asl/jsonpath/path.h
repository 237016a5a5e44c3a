// JSONPath as Step Functions uses it: Paths ($..., $$..., $var...) and Reference Paths.
// Compiled once when a definition is loaded, evaluated many times.
//
// Thread safety: a compiled Path is immutable; copies share it and any number of threads may
// evaluate it at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "asl/jsonpath/path_context.h"
#include "common/json.h"
#include "common/result.h"

namespace tern::asl::jsonpath {

enum class PathRoot {
  kInput,     // $      the state's data
  kContext,   // $$     the context object
  kVariable,  // $name  a workflow variable
};

class Path {
 public:
  // Compiles `text`; the error is a one-line message naming the offending part.
  static Result<Path, std::string> Compile(std::string_view text);

  const std::string& text() const;
  PathRoot root() const;
  const std::string& variable_name() const;  // kVariable only, without the '$'
  // Only `.member`, `['member']` and `[index]` steps (ResultPath, Choice Variable, *Path fields).
  bool is_reference() const;
  // Selects at most one node (no wildcard, filter, slice, union or `..`).
  bool is_definite() const;

  // A definite path yields its one value, or an error when it matches nothing; an indefinite
  // path yields the array of its matches (possibly empty). Error messages are AWS's text, e.g.
  // "Invalid path '$.a' : No results for path: $['a']".
  Result<Json, std::string> Evaluate(const PathContext& context) const;

 private:
  friend Result<Json, std::string> SetAtReferencePath(Json target, const Path& path, Json value);

  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

// ResultPath: returns `target` with `value` written at reference path `path` (which must have
// root kInput), creating intermediate objects. Fails when a step crosses a non-object.
Result<Json, std::string> SetAtReferencePath(Json target, const Path& path, Json value);

}  // namespace tern::asl::jsonpath
