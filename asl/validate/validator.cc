#include "asl/validate/validator.h"

namespace tern::asl {

// Minimal first pass; the full rule set lives in the passes under asl/validate/.
std::vector<Diagnostic> Validate(const Document& doc, const ValidateOptions&) {
  std::vector<Diagnostic> out;
  if (!doc.value.is_object()) {
    out.push_back({"SCHEMA_VALIDATION_FAILED", "", doc.locations.Find(""),
                   "Definition must be a valid JSON object"});
    return out;
  }
  for (const char* field : {"StartAt", "States"}) {
    if (!doc.value.contains(field)) {
      out.push_back({"SCHEMA_VALIDATION_FAILED", "", doc.locations.Find(""),
                     std::string("These fields are required: [") + field + "]"});
    }
  }
  return out;
}

}  // namespace tern::asl
