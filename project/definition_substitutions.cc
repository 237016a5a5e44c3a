#include "project/definition_substitutions.h"

namespace tern::project {
namespace {

std::string Text(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

Json SubstituteString(const std::string& s, const std::map<std::string, Json>& values) {
  if (s.size() > 3 && s.starts_with("${") && s.back() == '}' && s.find('}') == s.size() - 1) {
    if (auto it = values.find(s.substr(2, s.size() - 3)); it != values.end()) return it->second;
  }
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t open = s.find("${", i);
    size_t close = open == std::string::npos ? open : s.find('}', open + 2);
    if (close == std::string::npos) {
      out += s.substr(i);
      break;
    }
    out += s.substr(i, open - i);
    auto it = values.find(s.substr(open + 2, close - open - 2));
    out += it != values.end() ? Text(it->second) : s.substr(open, close - open + 1);
    i = close + 1;
  }
  return out;
}

}  // namespace

void ApplyDefinitionSubstitutions(Json& definition, const std::map<std::string, Json>& values) {
  if (values.empty()) return;
  if (definition.is_string()) {
    definition = SubstituteString(definition.get<std::string>(), values);
  } else if (definition.is_structured()) {
    for (auto& [key, child] : definition.items()) ApplyDefinitionSubstitutions(child, values);
  }
}

}  // namespace tern::project
