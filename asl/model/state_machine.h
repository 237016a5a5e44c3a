// A compiled state machine (or a Parallel branch / Map ItemProcessor: the same shape).
// Build it from a validated definition; BuildStateMachine still reports what it cannot compile.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "asl/model/state.h"
#include "common/json.h"
#include "common/result.h"

namespace tern::asl {

class StateMachine {
 public:
  const std::string& start_at() const { return start_at_; }
  const State* Find(const std::string& name) const;
  // The state at `index` (a resolved Next); `index` must be valid.
  const State& at(size_t index) const { return states_[index]; }
  const std::vector<State>& states() const { return states_; }
  std::optional<int64_t> timeout_seconds() const { return timeout_seconds_; }
  QueryLanguage language() const { return language_; }
  const Json& definition() const { return definition_; }

 private:
  friend class StateMachineBuilder;
  std::string start_at_;
  std::vector<State> states_;
  std::unordered_map<std::string, size_t> index_;
  std::optional<int64_t> timeout_seconds_;
  QueryLanguage language_ = QueryLanguage::kJsonPath;
  Json definition_;
};

// Compiles `definition`. The error is "<json pointer>: <what>".
Result<std::shared_ptr<const StateMachine>, std::string> BuildStateMachine(const Json& definition);

}  // namespace tern::asl
