#include "engine/test_state.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "asl/core/error_names.h"
#include "asl/model/state_machine.h"
#include "engine/detail/io_pipeline.h"
#include "engine/scheduler.h"
#include "engine/timestamp.h"
#include "engine/variable_scope.h"

namespace tern::engine {
namespace {

constexpr const char* kSingleStateName = "TestState";

// Passes invocations through, keeping the payload the task was invoked with and its result
// (inspectionData's afterParameters/afterArguments and result). What it keeps is shared with
// the invocation's callback: a task still running when RunTestState gives up answers later,
// after this invoker is gone.
class CapturingInvoker final : public Invoker {
 public:
  explicit CapturingInvoker(Invoker& inner) : inner_(inner) {}
  void Invoke(const TaskRequest& request, std::function<void(TaskResult)> done) override {
    {
      std::lock_guard lock(captured_->mu);
      captured_->payload = request.payload;
    }
    inner_.Invoke(request, [captured = captured_, done = std::move(done)](TaskResult result) {
      {
        std::lock_guard lock(captured->mu);
        if (result) captured->result = *result;
      }
      done(std::move(result));
    });
  }
  std::optional<Json> payload() const {
    std::lock_guard lock(captured_->mu);
    return captured_->payload;
  }
  std::optional<Json> result() const {
    std::lock_guard lock(captured_->mu);
    return captured_->result;
  }

 private:
  struct Captured {
    std::mutex mu;
    std::optional<Json> payload;  // guarded by mu
    std::optional<Json> result;   // guarded by mu
  };
  Invoker& inner_;
  const std::shared_ptr<Captured> captured_ = std::make_shared<Captured>();
};

// Wakes the scheduler once `ms` of real time have passed, so a task that never answers does
// not hold the test forever.
class Watchdog {
 public:
  Watchdog(Scheduler& scheduler, int ms) {
    thread_ = std::thread([this, &scheduler, ms] {
      std::unique_lock lock(mu_);
      if (cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return cancelled_; })) return;
      expired_ = true;
      lock.unlock();
      scheduler.Post([] {});
    });
  }
  ~Watchdog() {
    {
      std::lock_guard lock(mu_);
      cancelled_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  bool expired() {
    std::lock_guard lock(mu_);
    return expired_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool cancelled_ = false;  // guarded by mu_
  bool expired_ = false;    // guarded by mu_
  std::thread thread_;
};

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

Result<TestStateMachine, std::string> BuildTestStateMachine(const Json& definition,
                                                            const std::string& state_name) {
  TestStateMachine m;
  Json state;
  Json machine = Json::object();
  if (definition.is_object() && definition.contains("States")) {
    m.state_name = state_name.empty() ? definition.value("StartAt", std::string()) : state_name;
    const Json& states = definition["States"];
    if (!states.is_object() || !states.contains(m.state_name)) {
      return Unexpected("Invalid State Machine Definition: 'The state '" + m.state_name +
                        "' is not in the definition's States'");
    }
    state = states[m.state_name];
    if (definition.contains("QueryLanguage"))
      machine["QueryLanguage"] = definition["QueryLanguage"];
  } else {
    m.state_name = state_name.empty() ? kSingleStateName : state_name;
    state = definition;
  }
  if (!state.is_object() || !state.contains("Type") || !state["Type"].is_string()) {
    return Unexpected(std::string("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: "
                                  "The field 'Type' is required but was missing at /States/") +
                      m.state_name + "'");
  }
  const std::string type = state["Type"].get<std::string>();
  if (type == "Map" || type == "Parallel") {
    return Unexpected(std::string(
        "TestState API does not support Map or Parallel states. Supported state types include: "
        "[Task, Wait, Pass, Succeed, Fail, Choice]"));
  }
  // Every place the state can go to becomes a Succeed stand-in (named as the target, unless
  // the state goes back to itself).
  Json states = Json::object();
  auto stand_in = [&](Json& field) {
    if (!field.is_string()) return;
    const std::string target = field.get<std::string>();
    std::string name = target;
    while (name == m.state_name) name += "#next";
    field = name;
    m.stand_ins[name] = target;
    states[name] = Json{{"Type", "Succeed"}};
  };
  if (state.contains("Next")) stand_in(state["Next"]);
  if (state.contains("Default")) stand_in(state["Default"]);
  for (const char* list : {"Choices", "Catch"}) {
    if (!state.contains(list) || !state[list].is_array()) continue;
    for (Json& item : state[list]) {
      if (item.is_object() && item.contains("Next")) stand_in(item["Next"]);
    }
  }
  states[m.state_name] = std::move(state);
  machine["StartAt"] = m.state_name;
  machine["States"] = std::move(states);
  m.definition = std::move(machine);
  return m;
}

TestStateResult RunTestState(const TestStateMachine& machine, const TestStateRequest& request,
                             Invoker& invoker) {
  TestStateResult r;
  auto compiled = asl::BuildStateMachine(machine.definition);
  if (!compiled) {
    r.status = "FAILED";
    r.error = std::string(asl::errors::kRuntime);
    r.cause = compiled.error();
    return r;
  }
  RealClock real;
  VirtualClock clock(real.Now());  // Waits and backoffs take no time; tasks still run for real
  CapturingInvoker capture(invoker);
  struct Seen {
    std::optional<asl::Failure> failure;
    FailureHandling handling = FailureHandling::kUncaught;
  } seen;
  ExecutionOptions options = request.options;
  options.max_history_events = 0;
  options.initial_variables = request.variables;
  options.on_top_state_failure = [&seen](const asl::Failure& f, FailureHandling h) {
    if (!seen.failure) {
      seen.failure = f;
      seen.handling = h;
    }
  };
  Scheduler scheduler(clock);
  Execution execution(*compiled, request.input, options, capture, scheduler);
  EventList events;
  bool gave_up = false;
  {
    Watchdog watchdog(scheduler, request.max_wait_ms);
    scheduler.Post([&] { execution.Start(); });
    scheduler.Run([&] {
      return execution.finished() || (seen.failure && seen.handling == FailureHandling::kRetried) ||
             watchdog.expired();
    });
    gave_up = !execution.finished() && !seen.failure && watchdog.expired();
    events = execution.TakeNewEvents();
  }

  const HistoryEvent* exited = nullptr;
  const HistoryEvent* next = nullptr;
  for (const HistoryEvent& e : events) {
    if (!exited && EndsWith(e.type, "StateExited") && e.name == machine.state_name) {
      exited = &e;
    } else if (exited && EndsWith(e.type, "StateEntered")) {
      next = &e;
      break;
    }
  }
  auto output = [&]() -> std::optional<Json> {
    if (!exited) return std::nullopt;
    const std::string_view text = exited->output.view();
    Json v = Json::parse(text.begin(), text.end(), nullptr, false);
    return v.is_discarded() ? std::nullopt : std::optional<Json>(std::move(v));
  };
  if (next) {
    const std::string next_name = next->name.str();
    auto it = machine.stand_ins.find(next_name);
    r.next_state = it == machine.stand_ins.end() ? next_name : it->second;
  }
  const ExecutionOutcome& outcome = execution.outcome();
  if (seen.failure && seen.handling == FailureHandling::kRetried) {
    r.status = "RETRIABLE";
    r.error = seen.failure->error;
    r.cause = seen.failure->cause;
    r.next_state.clear();
  } else if (seen.failure && seen.handling == FailureHandling::kCaught) {
    r.status = "CAUGHT_ERROR";
    r.error = seen.failure->error;
    r.cause = seen.failure->cause;
    r.output = output();
  } else if (gave_up) {
    r.status = "FAILED";
    r.error = std::string(asl::errors::kTimeout);
    r.cause = "TestState stopped waiting for the task after " +
              std::to_string(request.max_wait_ms / 1000) + " seconds";
  } else if (outcome.status == ExecutionStatus::kSucceeded) {
    r.status = "SUCCEEDED";
    r.output = output();
  } else {
    r.status = "FAILED";
    r.error = outcome.error;
    r.cause = outcome.cause;
    r.next_state.clear();
  }

  if (request.inspection == InspectionLevel::kInfo) return r;
  // DEBUG: the state's data at each step of its input/output processing, by the engine's own
  // steps (io_pipeline.h); what the task got and returned is what the invoker saw.
  Json data = Json::object();
  const Json& input = request.input;
  data["input"] = Dump(input);
  const asl::State* s = (*compiled)->Find(machine.state_name);
  VariableScope scope(nullptr);
  if (request.variables.is_object()) {
    for (auto& [name, value] : request.variables.items()) scope.Set(name, value);
  }
  Json context{
      {"Execution",
       {{"Id", outcome.execution_arn},
        {"Input", input},
        {"Name", request.options.execution_name},
        {"RoleArn", request.options.role_arn},
        {"StartTime", FormatTimestamp(outcome.start)},
        {"RedriveCount", 0}}},
      {"StateMachine",
       {{"Id", outcome.state_machine_arn}, {"Name", request.options.state_machine_name}}},
      {"State", {{"Name", machine.state_name}, {"EnteredTime", FormatTimestamp(outcome.start)}}}};
  asl::jsonpath::PathContext pc{&input, &context, &scope};
  const bool task = s->type == asl::StateType::kTask;
  std::optional<Json> result = task ? capture.result() : std::nullopt;
  if (s->language == asl::QueryLanguage::kJsonata) {
    if (auto payload = capture.payload(); task && payload) data["afterArguments"] = Dump(*payload);
    if (result) data["result"] = Dump(*result);
  } else {
    auto after_input = ApplyFilterPath(s->input_path, input, pc);
    if (after_input) {
      data["afterInputPath"] = Dump(*after_input);
      std::optional<Json> params;
      if (auto payload = capture.payload(); task && payload) {
        params = *payload;
      } else if (auto p = ApplyTemplate(s->parameters, *after_input, pc); p) {
        params = std::move(p).value();
      }
      if (params) data["afterParameters"] = Dump(*params);
      if (s->type == asl::StateType::kPass && params) result = s->result ? *s->result : *params;
    }
    if (result) {
      data["result"] = Dump(*result);
      auto selected = task ? ApplyTemplate(s->result_selector, *result, pc) : JsonResult(*result);
      if (selected) {
        data["afterResultSelector"] = Dump(*selected);
        auto placed = ApplyResultPath(s->result_path, input, *selected);
        if (placed) data["afterResultPath"] = Dump(*placed);
      }
    }
  }
  Json variables = request.variables.is_object() ? request.variables : Json::object();
  if (const Json* assigned = exited ? exited->assigned_variables() : nullptr;
      assigned && assigned->is_object()) {
    for (auto& [name, text] : assigned->items()) {
      variables[name] = Json::parse(text.get<std::string>(), nullptr, false);
    }
  }
  data["variables"] = Dump(variables);
  r.inspection_data = std::move(data);
  return r;
}

}  // namespace tern::engine
