// Runs arbitrary definitions: bytes that parse as a JSON definition the validator accepts are
// built into a state machine and executed as `tern run --fast` would (virtual clock), with an
// invoker that answers every task at once (it echoes the payload, or fails for resources whose
// ARN ends in "fail", so Retry and Catch run too). Any crash, sanitizer report or timeout is a
// bug: the engine must end every execution with SUCCEEDED, FAILED, TIMED_OUT or ABORTED.
// See docs/fuzzing.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "asl/model/state_machine.h"
#include "asl/parse/definition_source.h"
#include "asl/validate/validator.h"
#include "engine/clock.h"
#include "engine/execution.h"

namespace {

class EchoInvoker final : public tern::engine::Invoker {
 public:
  void Invoke(const tern::engine::TaskRequest& request,
              std::function<void(tern::engine::TaskResult)> done) override {
    if (request.resource.ends_with("fail")) {
      done(tern::Unexpected(
          tern::asl::Failure{"Fuzz.Failed", "attempt " + std::to_string(request.attempt)}));
      return;
    }
    done(request.payload);
  }
};

const tern::Json& Input() {
  static const tern::Json input = tern::Json::parse(
      R"({"a": 1, "s": "text", "items": [1, 2, 3], "o": {"k": [true, null, 2.5]}})");
  return input;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = tern::asl::ParseDefinitionText(text, tern::asl::SourceFormat::kJson);
  if (!doc) return 0;
  for (const auto& d : tern::asl::Validate(*doc)) {
    if (d.severity == tern::asl::Severity::kError) return 0;  // tern run refuses it
  }
  auto machine = tern::asl::BuildStateMachine(doc->value);
  if (!machine) return 0;
  EchoInvoker invoker;
  tern::engine::VirtualClock clock(1'700'000'000'000);
  tern::engine::ExecutionOptions options;
  options.state_machine_name = "Fuzz";
  options.execution_name = "fuzz";
  options.max_history_events = 2000;  // bounds loops (AWS: 25,000) and keeps runs short
  auto outcome = tern::engine::RunExecution(*machine, Input(), options, invoker, clock);
  if (outcome.status == tern::engine::ExecutionStatus::kRunning) __builtin_trap();
  return 0;
}
