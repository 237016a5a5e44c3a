// Mocked task responses in AWS Step Functions Local's MockConfigFile format, so workflows can be
// tested without any function or service:
//   {"StateMachines": {"<machine>": {"TestCases": {"<case>": {"<state>": "<response>"}}}},
//    "MockedResponses": {"<response>": {"0": {"Return": ...}, "1-2": {"Throw": {"Error",
//    "Cause"}}}}}
// Keys of a response are 0-based invocation numbers of that state in the execution (ranges
// "a-b" allowed). See docs/mocking.md.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "engine/invoker.h"

namespace tern::engine {

class MockInvoker final : public Invoker {
 public:
  // Picks `test_case` of `machine` (or, when `machine` is empty, of the only machine that has a
  // test case of that name). The error names what is missing or malformed.
  static Result<std::unique_ptr<MockInvoker>, std::string> FromConfig(const Json& config,
                                                                      const std::string& machine,
                                                                      const std::string& test_case);

  void Invoke(const TaskRequest& request, std::function<void(TaskResult)> done) override;

 private:
  struct Step {
    int64_t first = 0;
    int64_t last = 0;
    bool is_throw = false;
    Json value;  // Return value, or {"Error", "Cause"}
  };
  std::map<std::string, std::vector<Step>> responses_;  // state name -> steps
  std::mutex mu_;
  std::map<std::string, int64_t> calls_;  // state name -> invocations so far
};

// Without mocks and without a function runtime, a Task fails with a message saying how to
// provide one.
class UnavailableInvoker final : public Invoker {
 public:
  void Invoke(const TaskRequest& request, std::function<void(TaskResult)> done) override;
};

}  // namespace tern::engine
