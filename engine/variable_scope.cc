#include "engine/variable_scope.h"

namespace tern::engine {

const Json* VariableScope::Find(std::string_view name) const {
  for (const VariableScope* s = this; s != nullptr; s = s->parent_) {
    auto it = s->vars_.find(name);
    if (it != s->vars_.end()) return &it->second;
  }
  return nullptr;
}

}  // namespace tern::engine
