// Workflow variables (Assign). Top-level states share one scope; each Parallel branch and Map
// iteration gets a child scope that reads its parents' variables and writes only its own.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "asl/jsonata/jsonata.h"
#include "asl/jsonpath/path_context.h"
#include "common/json.h"

namespace tern::engine {

class VariableScope final : public asl::jsonpath::VariableLookup {
 public:
  explicit VariableScope(const VariableScope* parent = nullptr) : parent_(parent) {}

  const Json* Find(std::string_view name) const override;
  void Set(const std::string& name, Json value) { vars_[name] = std::move(value); }
  const std::map<std::string, Json, std::less<>>& own() const { return vars_; }

 private:
  const VariableScope* parent_;
  std::map<std::string, Json, std::less<>> vars_;
};

// JSONata bindings for one evaluation: `$states` plus the workflow variables.
class StatesBindings final : public asl::jsonata::Bindings {
 public:
  StatesBindings(const VariableScope& scope, Json states)
      : scope_(scope), states_(std::move(states)) {}
  const Json* Find(std::string_view name) const override {
    if (name == "states") return &states_;
    return scope_.Find(name);
  }

 private:
  const VariableScope& scope_;
  Json states_;
};

}  // namespace tern::engine
