// The two query languages a state can use; set at the top level and overridable per state.
#pragma once

namespace tern::asl {

enum class QueryLanguage { kJsonPath, kJsonata };

}  // namespace tern::asl
