#include "project/runtime.h"

#include <regex>
#include <string>

namespace tern::project {

std::optional<RuntimeFamily> RuntimeFamilyOf(std::string_view runtime) {
  static const std::regex kPython("python3\\.[0-9]+");
  static const std::regex kNode("nodejs[0-9]+\\.x");
  static const std::regex kProvided("provided(\\.al[0-9]+)?");
  std::string text(runtime);
  if (std::regex_match(text, kPython)) return RuntimeFamily::kPython;
  if (std::regex_match(text, kNode)) return RuntimeFamily::kNode;
  if (std::regex_match(text, kProvided)) return RuntimeFamily::kProvided;
  return std::nullopt;
}

}  // namespace tern::project
