// Checks of JSONPath-mode values shared by several passes: Paths, Reference Paths, ResultPath,
// ErrorPath/CausePath (a reference path or an intrinsic call) and payload templates (`.$` keys).
// Syntax errors are reported only with ValidateOptions::check_paths; type errors and keys that
// collide once ".$" is stripped always.
#pragma once

#include <string>
#include <string_view>

#include "asl/validate/validation_context.h"

namespace tern::asl::validate {

enum class PathKind {
  kPath,                  // InputPath, OutputPath: any JSONPath ($, $$ or $var)
  kReferencePath,         // *Path fields, Choice Variable: one node only
  kResultPath,            // ResultPath: a reference path into the state input ("$...")
  kReferenceOrIntrinsic,  // Fail ErrorPath/CausePath
};

// `value` is the field's value at `pointer`; `field` names it in messages. Null is accepted for
// InputPath/OutputPath/ResultPath (AWS's "discard" forms) and refused elsewhere.
void CheckPathField(Context& ctx, int scope, const Json& value, const std::string& pointer,
                    std::string_view field, PathKind kind);

// Walks a payload template (Parameters, ResultSelector, ItemSelector, Assign, Credentials, ...):
// every "key.$" holds a string that is a Path or an intrinsic call, and no two keys of one
// object are equal once ".$" is stripped.
void CheckPayloadTemplate(Context& ctx, int scope, const Json& tmpl, const std::string& pointer);

}  // namespace tern::asl::validate
