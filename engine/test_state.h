// TestState: one state run on its own, through the engine's own execution (the same input and
// output processing, Retry/Catch decisions and invocations as in a real execution), reporting
// what AWS's TestState reports (../shared/spec/API.md A.2).
//
// The state runs as the start of a small machine in which every state it can go to (Next,
// Default, Choices, Catch) is a Succeed stand-in: the run stops there, and the stand-in's
// name is the nextState. A retry is not waited for: the first failure a Retrier would retry
// gives RETRIABLE. Waits take no time (a virtual clock); tasks are really invoked.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "common/json.h"
#include "common/result.h"
#include "engine/execution.h"
#include "engine/invoker.h"

namespace tern::engine {

enum class InspectionLevel { kInfo, kDebug, kTrace };

// The machine a TestState runs.
struct TestStateMachine {
  Json definition;         // {"StartAt": <state>, "States": {...}} (validate it as any machine)
  std::string state_name;  // the tested state
  std::map<std::string, std::string> stand_ins;  // stand-in state name -> the target it replaces
};

// `definition`: one state's JSON, or a whole machine with `state_name` (empty: its StartAt).
// Error: AWS's InvalidDefinition message.
Result<TestStateMachine, std::string> BuildTestStateMachine(const Json& definition,
                                                            const std::string& state_name);

struct TestStateRequest {
  Json input = Json::object();
  Json variables = Json::object();  // the workflow variables the state sees
  InspectionLevel inspection = InspectionLevel::kInfo;
  ExecutionOptions options;  // names, role, region
  int max_wait_ms = 60000;   // real time a task may take before the test gives up
};

struct TestStateResult {
  std::string status;  // SUCCEEDED | FAILED | CAUGHT_ERROR | RETRIABLE
  std::optional<Json> output;
  std::string error;
  std::string cause;
  std::string next_state;  // empty: none (End, Fail, failed)
  // DEBUG/TRACE: input, afterInputPath, afterParameters (afterArguments for JSONata), result,
  // afterResultSelector, afterResultPath, variables, each as JSON text; null at INFO.
  Json inspection_data;
};

TestStateResult RunTestState(const TestStateMachine& machine, const TestStateRequest& request,
                             Invoker& invoker);

}  // namespace tern::engine
