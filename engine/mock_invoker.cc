#include "engine/mock_invoker.h"

#include <cstdlib>

namespace tern::engine {

Result<std::unique_ptr<MockInvoker>, std::string> MockInvoker::FromConfig(
    const Json& config, const std::string& machine, const std::string& test_case) {
  if (!config.is_object()) return Unexpected(std::string("the mock file must hold a JSON object"));
  auto machines = config.find("StateMachines");
  if (machines == config.end() || !machines->is_object()) {
    return Unexpected(std::string("the mock file has no \"StateMachines\" object"));
  }
  const Json* cases = nullptr;
  std::string found_in;
  for (auto it = machines->begin(); it != machines->end(); ++it) {
    if (!machine.empty() && it.key() != machine) continue;
    auto tcs_it = it.value().find("TestCases");
    if (tcs_it == it.value().end() || !tcs_it->is_object()) continue;
    const Json& tcs = *tcs_it;
    if (tcs.contains(test_case)) {
      if (cases) {
        return Unexpected("test case '" + test_case + "' exists for machines '" + found_in +
                          "' and '" + it.key() + "'; name the machine with --machine-name");
      }
      cases = &tcs.at(test_case);
      found_in = it.key();
    }
  }
  if (!cases) {
    return Unexpected("no test case '" + test_case + "'" +
                      (machine.empty() ? std::string() : " for state machine '" + machine + "'") +
                      " in the mock file");
  }
  const Json responses = config.value("MockedResponses", Json::object());
  auto invoker = std::make_unique<MockInvoker>();
  for (auto it = cases->begin(); it != cases->end(); ++it) {
    if (!it.value().is_string()) {
      return Unexpected("test case '" + test_case + "', state '" + it.key() +
                        "': the value must name a MockedResponses entry");
    }
    const std::string name = it.value().get<std::string>();
    auto resp = responses.find(name);
    if (resp == responses.end() || !resp->is_object()) {
      return Unexpected("MockedResponses has no entry '" + name + "' (used by state '" + it.key() +
                        "')");
    }
    std::vector<Step> steps;
    for (auto r = resp->begin(); r != resp->end(); ++r) {
      Step step;
      const std::string& key = r.key();
      char* end = nullptr;
      step.first = std::strtoll(key.c_str(), &end, 10);
      step.last = step.first;
      if (*end == '-') step.last = std::strtoll(end + 1, &end, 10);
      if (*end != '\0' || end == key.c_str() || step.last < step.first || step.first < 0) {
        return Unexpected("MockedResponses '" + name + "': key '" + key +
                          "' must be an invocation number or a range like \"1-2\"");
      }
      if (r.value().contains("Return")) {
        step.value = r.value()["Return"];
      } else if (r.value().contains("Throw")) {
        step.is_throw = true;
        step.value = r.value()["Throw"];
      } else {
        return Unexpected("MockedResponses '" + name + "' entry '" + key +
                          "' needs \"Return\" or \"Throw\"");
      }
      steps.push_back(std::move(step));
    }
    invoker->responses_[it.key()] = std::move(steps);
  }
  return invoker;
}

void MockInvoker::Invoke(const TaskRequest& request, std::function<void(TaskResult)> done) {
  int64_t call;
  {
    std::lock_guard lock(mu_);
    call = calls_[request.state_name]++;
  }
  auto it = responses_.find(request.state_name);
  if (it == responses_.end()) {
    done(Unexpected(asl::Failure{
        "States.TaskFailed",
        "No mocked response for state '" + request.state_name + "' in this test case"}));
    return;
  }
  for (const Step& step : it->second) {
    if (call < step.first || call > step.last) continue;
    if (step.is_throw) {
      done(Unexpected(asl::Failure{step.value.value("Error", std::string("States.TaskFailed")),
                                   step.value.value("Cause", std::string())}));
    } else {
      done(step.value);
    }
    return;
  }
  done(Unexpected(asl::Failure{"States.TaskFailed",
                               "The mocked responses for state '" + request.state_name +
                                   "' have no entry for invocation " + std::to_string(call)}));
}

void UnavailableInvoker::Invoke(const TaskRequest& request, std::function<void(TaskResult)> done) {
  done(Unexpected(asl::Failure{
      "States.TaskFailed", "No function runtime is configured for resource '" + request.resource +
                               "'; run with --mock FILE --test-case NAME to mock the task"}));
}

}  // namespace tern::engine
