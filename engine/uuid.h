// Random version-4 UUIDs (execution names, request ids, task tokens).
#pragma once

#include <string>

namespace tern::engine {

std::string NewUuid();

}  // namespace tern::engine
