// Which Lambda runtimes tern runs, and how (DESIGN.md): python3.x with the machine's python3,
// nodejs*.x with node, provided / provided.al2 / provided.al2023 as an executable `bootstrap`.
#pragma once

#include <optional>
#include <string_view>

#include "project/project.h"

namespace tern::project {

// nullopt for anything else (java21, dotnet8, ruby3.3, python2.7, ...).
std::optional<RuntimeFamily> RuntimeFamilyOf(std::string_view runtime);

}  // namespace tern::project
