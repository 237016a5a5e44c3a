// The closed set of diagnostic codes the validator emits. They are part of the `--json` output
// contract: never rename one, and list any new one in docs/validate.md.
#pragma once

#include <string_view>

namespace tern::asl::codes {

// Wrong type, missing or unknown field, value out of range, field of the other query language,
// state name too long, and what EXPRESS machines refuse (AWS uses this code for all of them).
inline constexpr std::string_view kSchemaValidationFailed = "SCHEMA_VALIDATION_FAILED";
// The text is not JSON/YAML at all (emitted by the loader's callers, not by Validate()).
inline constexpr std::string_view kInvalidJsonDescription = "INVALID_JSON_DESCRIPTION";
// StartAt, Next, Default or a catcher's Next names no state of the same scope.
inline constexpr std::string_view kMissingTransitionTarget = "MISSING_TRANSITION_TARGET";
inline constexpr std::string_view kUnreachableState = "UNREACHABLE_STATE";
inline constexpr std::string_view kNoTerminalState = "NO_TERMINAL_STATE";
inline constexpr std::string_view kDuplicateStateName = "DUPLICATE_STATE_NAME";
// A key written twice in one object, or "x" and "x.$" in one payload template.
inline constexpr std::string_view kDuplicateKey = "DUPLICATE_KEY";
inline constexpr std::string_view kMutuallyExclusiveProperties = "MUTUALLY_EXCLUSIVE_PROPERTIES";
// Syntax of JSONPath, of a Reference Path where one is required, of intrinsic calls, of JSONata.
inline constexpr std::string_view kInvalidJsonPath = "INVALID_JSON_PATH";
inline constexpr std::string_view kInvalidReferencePath = "INVALID_REFERENCE_PATH";
inline constexpr std::string_view kInvalidIntrinsic = "INVALID_INTRINSIC";
inline constexpr std::string_view kInvalidJsonata = "INVALID_JSONATA";
// Assign names, reserved names, scope rules and references to variables that are never set.
inline constexpr std::string_view kInvalidVariable = "INVALID_VARIABLE";
// A Task Resource that is not an ARN (only with ValidateOptions::check_arns).
inline constexpr std::string_view kInvalidArn = "INVALID_ARN";

}  // namespace tern::asl::codes
