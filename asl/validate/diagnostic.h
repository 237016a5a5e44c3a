// One finding of the validator: a stable code, where (JSON pointer and line:column) and what.
// The `--json` form is documented in docs/validate.md; keep the two in agreement.
#pragma once

#include <string>
#include <vector>

#include "asl/parse/source_location.h"
#include "common/json.h"

namespace tern::asl {

enum class Severity { kError, kWarning };

struct Diagnostic {
  std::string code;  // AWS-like and stable: SCHEMA_VALIDATION_FAILED, MISSING_TRANSITION_TARGET...
  std::string pointer;   // JSON pointer into the definition, "" for the root
  SourceLocation where;  // line:column of `pointer` in the file (0 when unknown)
  std::string message;   // one sentence, naming the offending field or value
  Severity severity = Severity::kError;
};

// "file.yaml:17:5: error: MISSING_TRANSITION_TARGET at /States/A/Next: Missing 'Next' target: B"
std::string FormatDiagnostic(const Diagnostic& d, const std::string& file_name);
// {"code", "severity", "path", "line", "column", "message"}
Json DiagnosticToJson(const Diagnostic& d);

bool HasErrors(const std::vector<Diagnostic>& diagnostics);

}  // namespace tern::asl
