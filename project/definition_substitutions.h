// DefinitionSubstitutions as SAM and Step Functions apply them: "${Name}" placeholders in the
// definition are replaced by the substitution's value.
//
// tern substitutes inside the parsed definition's string values rather than in its text, so a
// value cannot break the JSON/YAML around it and every value keeps its line. A string that is
// exactly "${Name}" takes the value's type (a number substituted into "${Max}" is a number);
// anywhere else the value's text is spliced in. Placeholders without a substitution are left
// as written (AWS does the same), and keys are not substituted.
#pragma once

#include <map>
#include <string>

#include "common/json.h"

namespace tern::project {

void ApplyDefinitionSubstitutions(Json& definition, const std::map<std::string, Json>& values);

}  // namespace tern::project
