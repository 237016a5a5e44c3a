// One state of a compiled state machine. Immutable after BuildStateMachine; everything that
// can be compiled (paths, intrinsics, templates, JSONata) is compiled here once.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/jsonpath/choice_rule.h"
#include "asl/jsonpath/path.h"
#include "asl/jsonpath/payload_template.h"
#include "asl/model/jsonata_template.h"
#include "asl/model/query_language.h"
#include "asl/model/retrier.h"
#include "common/shared_text.h"
#include "common/json.h"

namespace tern::asl {

class StateMachine;

// An index into StateMachine::states() that names no state (a terminal state's Next).
inline constexpr size_t kNoState = static_cast<size_t>(-1);

enum class StateType { kPass, kTask, kChoice, kWait, kSucceed, kFail, kParallel, kMap };
std::string_view StateTypeName(StateType type);  // "Pass", "Task", ...

// InputPath / OutputPath: default `$`, `null` (an empty object), or a path.
struct FilterPathDecl {
  enum class Kind { kDefault, kNull, kPath };
  Kind kind = Kind::kDefault;
  std::optional<jsonpath::Path> path;
};

// A number that is either written literally, read from a reference path, or (JSONata) computed.
struct NumberDecl {
  std::optional<double> literal;
  std::optional<jsonpath::Path> path;
  std::optional<JsonataTemplate> expression;
  bool present() const { return literal || path || expression; }
};

struct ChoiceBranch {
  std::optional<jsonpath::ChoiceRule> rule;  // JSONPath
  std::optional<JsonataTemplate> condition;  // JSONata
  std::string next;
  size_t next_index = kNoState;
  std::optional<jsonpath::PayloadTemplate> assign_jsonpath;
  std::optional<JsonataTemplate> assign_jsonata;
  std::optional<JsonataTemplate> output;  // JSONata
};

struct State {
  std::string name;
  // The same name, shared by every history event that names the state: a copy per event is a
  // count or 24 bytes, never an allocation (names over 15 characters allocated with std::string).
  SharedText name_text;
  StateType type = StateType::kPass;
  QueryLanguage language = QueryLanguage::kJsonPath;
  std::string next;  // empty when terminal
  // Next, Default, Choices[].Next and Catch[].Next are also resolved to indices into the
  // machine's states() when it is built, so a transition never looks a name up.
  size_t next_index = kNoState;
  bool end = false;
  bool uses_context = false;  // mentions $$ / $states.context: build the context object
  Json raw;                   // the state as written

  // JSONPath input/output processing.
  FilterPathDecl input_path;
  FilterPathDecl output_path;
  std::optional<jsonpath::PayloadTemplate> parameters;  // Parameters (Map: ItemSelector)
  std::optional<jsonpath::PayloadTemplate> result_selector;
  ResultPathDecl result_path;
  std::optional<Json> result;  // Pass
  std::optional<jsonpath::PayloadTemplate> assign_jsonpath;

  // JSONata input/output processing.
  std::optional<JsonataTemplate> arguments;  // Task/Parallel Arguments; Map ItemSelector
  std::optional<JsonataTemplate> output;
  std::optional<JsonataTemplate> assign_jsonata;

  std::vector<Retrier> retriers;
  std::vector<Catcher> catchers;

  // Task
  std::string resource;
  NumberDecl timeout_seconds;
  NumberDecl heartbeat_seconds;
  std::optional<Json> credentials;

  // Choice
  std::vector<ChoiceBranch> choices;
  std::string default_next;
  size_t default_index = kNoState;

  // Wait (exactly one of these)
  NumberDecl seconds;
  std::optional<std::string> timestamp;
  std::optional<jsonpath::Path> timestamp_path;
  std::optional<JsonataTemplate> timestamp_expression;

  // Fail
  std::optional<std::string> error;
  std::optional<std::string> cause;
  std::optional<Json> error_path;  // compiled on use: a Path or an intrinsic call
  std::optional<Json> cause_path;
  std::optional<JsonataTemplate> error_expression;
  std::optional<JsonataTemplate> cause_expression;

  // Parallel
  std::vector<std::shared_ptr<const StateMachine>> branches;

  // Map
  std::shared_ptr<const StateMachine> processor;
  std::optional<jsonpath::Path> items_path;
  std::optional<JsonataTemplate> items;  // JSONata Items
  NumberDecl max_concurrency;
  NumberDecl tolerated_failure_count;
  NumberDecl tolerated_failure_percentage;
  bool distributed = false;
  std::optional<Json> item_batcher;
};

}  // namespace tern::asl
