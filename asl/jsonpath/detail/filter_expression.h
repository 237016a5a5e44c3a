// Filter expressions, the part of `[?( ... )]`: comparisons between relative (`@`) or absolute
// (`$`) paths and literals, existence tests, and the boolean operators && || !.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "asl/jsonpath/detail/filter_regex.h"
#include "asl/jsonpath/detail/path_ast.h"
#include "common/json.h"

namespace tern::asl::jsonpath::detail {

struct FilterOperand {
  enum class Kind { kLiteral, kPath, kRegex };
  Kind kind = Kind::kLiteral;
  Json literal;                                 // kLiteral
  std::shared_ptr<ParsedPath> path;             // kPath
  std::string regex;                            // kRegex: the pattern between the slashes
  bool ignore_case = false;                     // kRegex: the `i` flag
  std::shared_ptr<const FilterRegex> compiled;  // kRegex: built once when the path is compiled
};

struct FilterExpr {
  enum class Kind { kOr, kAnd, kNot, kCompare, kExists };
  Kind kind = Kind::kExists;
  // kOr and kAnd: two or more operands, in order (a chain is one node); kNot: one.
  std::vector<std::shared_ptr<const FilterExpr>> children;
  std::string op;       // kCompare: ==, !=, <, <=, >, >=, =~, in, nin, subsetof, anyof,
                        // noneof, size, empty, contains
  FilterOperand left;   // kCompare, kExists
  FilterOperand right;  // kCompare
};

// Whether `element` (the `@`) passes `expr`; `root` is the document `$` refers to.
bool EvaluateFilter(const FilterExpr& expr, const Json& element, const Json& root);

}  // namespace tern::asl::jsonpath::detail
