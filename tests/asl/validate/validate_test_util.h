// Helpers for the validator's tests: parse a definition, validate it, and assert that one
// finding (code, JSON pointer and the line of a given piece of text) is there, or none is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "asl/parse/definition_source.h"
#include "asl/validate/validator.h"

namespace tern::asl::testing {

inline std::string Describe(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += "  " + FormatDiagnostic(d, "def") + "\n";
  return out;
}

inline std::vector<Diagnostic> Check(std::string_view text, const ValidateOptions& options = {},
                                     SourceFormat format = SourceFormat::kJson) {
  auto doc = ParseDefinitionText(text, format);
  if (!doc) {
    ADD_FAILURE() << "does not parse: " << doc.error().error.ToString();
    return {};
  }
  return Validate(*doc, options);
}

// 1-based line of the first occurrence of `needle` in `text` (0 when absent).
inline int LineOf(std::string_view text, std::string_view needle) {
  size_t at = text.find(needle);
  if (at == std::string_view::npos) return 0;
  int line = 1;
  for (size_t i = 0; i < at; ++i) line += text[i] == '\n';
  return line;
}

// Expects an error `code` at `pointer`, on the line where `line_of` is written.
inline void ExpectError(std::string_view text, std::string_view code, std::string_view pointer,
                        std::string_view line_of, const ValidateOptions& options = {}) {
  auto diagnostics = Check(text, options);
  for (const auto& d : diagnostics) {
    if (d.code != code || d.pointer != pointer || d.severity != Severity::kError) continue;
    EXPECT_EQ(d.where.line, LineOf(text, line_of)) << FormatDiagnostic(d, "def");
    EXPECT_FALSE(d.message.empty());
    return;
  }
  ADD_FAILURE() << "no " << code << " at " << pointer << "; got:\n" << Describe(diagnostics);
}

inline void ExpectValid(std::string_view text, const ValidateOptions& options = {}) {
  auto diagnostics = Check(text, options);
  EXPECT_FALSE(HasErrors(diagnostics)) << Describe(diagnostics);
}

inline size_t CountCode(const std::vector<Diagnostic>& diagnostics, std::string_view code) {
  size_t n = 0;
  for (const auto& d : diagnostics) n += d.code == code && d.severity == Severity::kError;
  return n;
}

}  // namespace tern::asl::testing
