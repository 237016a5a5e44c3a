// Helpers for engine tests: compile a definition from JSON text and run it on a virtual clock
// with a scripted invoker.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "asl/model/state_machine.h"
#include "engine/execution.h"

namespace tern::engine::testing {

// Answers each Invoke with the next scripted result (or a function of the request), optionally
// after a delay on the scheduler's clock (so timeouts can race it).
class ScriptedInvoker final : public Invoker {
 public:
  using Responder = std::function<TaskResult(const TaskRequest&)>;
  void Add(TaskResult r) {
    script_.push_back([r](const TaskRequest&) { return r; });
  }
  void Add(Responder f) { script_.push_back(std::move(f)); }
  void Never() { never_ = true; }  // invocations never complete (for timeouts)

  void Invoke(const TaskRequest& request, std::function<void(TaskResult)> done) override {
    requests.push_back(request);
    if (never_) {
      pending.push_back(std::move(done));
      return;
    }
    if (script_.empty()) {
      done(Unexpected(asl::Failure{"Test.NoScript", "no scripted response left"}));
      return;
    }
    Responder next = std::move(script_.front());
    script_.pop_front();
    done(next(request));
  }

  std::vector<TaskRequest> requests;
  std::vector<std::function<void(TaskResult)>> pending;

 private:
  std::deque<Responder> script_;
  bool never_ = false;
};

inline std::shared_ptr<const asl::StateMachine> Compile(const std::string& definition) {
  auto machine = asl::BuildStateMachine(Json::parse(definition));
  EXPECT_TRUE(machine.has_value()) << (machine ? "" : machine.error());
  return machine ? *machine : nullptr;
}

struct RunResult {
  ExecutionOutcome outcome;
  TimeMs elapsed_ms = 0;  // virtual time the execution took
  std::vector<std::string> types() const {
    std::vector<std::string> t;
    for (const auto& e : outcome.history) t.emplace_back(e.type);
    return t;
  }
  size_t Count(const std::string& type) const {
    size_t n = 0;
    for (const auto& e : outcome.history) n += e.type == type;
    return n;
  }
};

inline constexpr TimeMs kStart = 1'700'000'000'000;  // a fixed virtual start time

inline RunResult RunMachine(const std::string& definition, const std::string& input,
                            Invoker& invoker) {
  VirtualClock clock(kStart);
  ExecutionOptions options;
  options.state_machine_name = "Test";
  options.execution_name = "exec";
  RunResult run;
  run.outcome = RunExecution(Compile(definition), Json::parse(input), options, invoker, clock);
  run.elapsed_ms = clock.Now() - kStart;
  return run;
}

inline RunResult RunMachine(const std::string& definition, const std::string& input = "{}") {
  ScriptedInvoker invoker;
  return RunMachine(definition, input, invoker);
}

}  // namespace tern::engine::testing
