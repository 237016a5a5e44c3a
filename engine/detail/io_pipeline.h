// The input/output processing steps Step Functions applies around every state, written once
// (../shared/spec/ASL.md §3): InputPath → Parameters → (state) → ResultSelector → ResultPath →
// OutputPath, plus Assign. Failures carry AWS's error names and cause texts (without the
// "An error occurred while executing the state ..." prefix, which the executor adds).
#pragma once

#include <optional>

#include "asl/core/failure.h"
#include "asl/jsonpath/path_context.h"
#include "asl/jsonpath/payload_template.h"
#include "asl/model/jsonata_template.h"
#include "asl/model/state.h"
#include "common/json.h"
#include "common/result.h"
#include "engine/variable_scope.h"

namespace tern::engine {

using JsonResult = Result<Json, asl::Failure>;

// InputPath / OutputPath (`null` gives {}).
JsonResult ApplyFilterPath(const asl::FilterPathDecl& decl, Json value,
                           const asl::jsonpath::PathContext& context);
// Parameters / ResultSelector / ItemSelector: `value` is what `$` means in the template.
JsonResult ApplyTemplate(const std::optional<asl::jsonpath::PayloadTemplate>& tmpl, Json value,
                         asl::jsonpath::PathContext context);
// ResultPath: `result` placed into `raw_input`.
JsonResult ApplyResultPath(const asl::ResultPathDecl& decl, const Json& raw_input, Json result);

// Assign: evaluates to {name: value} (nothing applied yet: assignments are atomic).
JsonResult EvaluateAssign(const std::optional<asl::jsonpath::PayloadTemplate>& jsonpath_assign,
                          const std::optional<asl::JsonataTemplate>& jsonata_assign,
                          const Json& dollar, asl::jsonpath::PathContext context,
                          const asl::jsonata::Bindings* bindings);
// Applies evaluated assignments; returns the history's assignedVariables map (name → JSON
// text, names sorted), or null when nothing was assigned.
Json CommitAssign(VariableScope& scope, Json values);

// JSONata template, or `fallback` when the field is absent.
JsonResult EvaluateJsonata(const std::optional<asl::JsonataTemplate>& tmpl, const Json& fallback,
                           const asl::jsonata::Bindings& bindings);

// Compact JSON text as AWS writes it in history and causes.
std::string Dump(const Json& value);

}  // namespace tern::engine
