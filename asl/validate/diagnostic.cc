#include "asl/validate/diagnostic.h"

#include <algorithm>

namespace tern::asl {

std::string FormatDiagnostic(const Diagnostic& d, const std::string& file_name) {
  std::string out = file_name;
  if (d.where.known()) {
    out += ":" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column);
  }
  out += d.severity == Severity::kError ? ": error: " : ": warning: ";
  out += d.code;
  out += " at " + (d.pointer.empty() ? std::string("/") : d.pointer);
  out += ": " + d.message;
  return out;
}

Json DiagnosticToJson(const Diagnostic& d) {
  Json j = Json::object();
  j["code"] = d.code;
  j["severity"] = d.severity == Severity::kError ? "error" : "warning";
  j["path"] = d.pointer.empty() ? "/" : d.pointer;
  j["line"] = d.where.line;
  j["column"] = d.where.column;
  j["message"] = d.message;
  return j;
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

}  // namespace tern::asl
