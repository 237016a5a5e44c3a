// EXPRESS machines: StartSyncExecution answers with the outcome; StartExecution runs them in the
// background. Neither is recorded in the store (AWS keeps Express executions in logs only), so
// they cannot be described or listed.
#include <cmath>

#include "engine/clock.h"
#include "engine/execution.h"
#include "engine/uuid.h"
#include "server/detail/api.h"
#include "server/metrics.h"
#include "storage/names.h"

namespace tern::server {
namespace {

struct ExpressRun {
  engine::ExecutionOutcome outcome;
  std::string arn;
  std::string name;
};

Result<std::shared_ptr<const asl::StateMachine>, ApiError> Compile(
    ApiContext& ctx, const storage::StateMachineRecord& machine) {
  auto compiled = ctx.definitions.Compile(machine.arn, machine.revision, machine.definition);
  if (!compiled) {
    return Unexpected(SfnError("InvalidDefinition", "Invalid State Machine Definition: '" +
                                                        compiled.error().message() + "'"));
  }
  return std::move(compiled).value();
}

std::string ExpressArn(const ApiContext& ctx, const storage::StateMachineRecord& machine,
                       const std::string& name) {
  return "arn:aws:states:" + ctx.options.region + ":" + ctx.options.account +
         ":express:" + machine.name + ":" + name + ":" + engine::NewUuid();
}

ExpressRun Run(ApiContext& ctx, const storage::StateMachineRecord& machine,
               std::shared_ptr<const asl::StateMachine> compiled, const std::string& name,
               const std::string& input, const std::string& trace_id) {
  engine::ExecutionOptions options;
  options.state_machine_name = machine.name;
  options.execution_name = name;
  options.region = ctx.options.region;
  options.account = ctx.options.account;
  options.role_arn = machine.role_arn;
  options.max_history_events = 0;
  options.trace_id = trace_id;  // the starter's recursion lineage, carried by the tasks
  options.telemetry = ctx.metrics.get();  // state transitions and durations, as durable runs
  ExpressRun run;
  run.name = name;
  run.arn = ExpressArn(ctx, machine, name);
  engine::RealClock clock;
  run.outcome = engine::RunExecution(std::move(compiled), Json::parse(input), options,
                                     *ctx.deps.invoker, clock);
  if (ctx.metrics) {
    ctx.metrics->ExecutionEnded(machine.name,
                                std::string(engine::ExecutionStatusName(run.outcome.status)));
  }
  return run;
}

}  // namespace

ApiResult StartSyncExecution(ApiContext& ctx, const Json& body, const HttpRequest& request) {
  auto arn = RequiredString(body, "stateMachineArn");
  if (!arn) return Unexpected(arn.error());
  auto name = OptionalString(body, "name");
  if (!name) return Unexpected(name.error());
  auto raw_input = OptionalString(body, "input");
  if (!raw_input) return Unexpected(raw_input.error());
  auto machine = LoadStateMachine(ctx, *arn);
  if (!machine) return Unexpected(machine.error());
  if (machine->type != "EXPRESS") {
    return Unexpected(SfnError("StateMachineTypeNotSupported",
                               "This operation is not supported by this type of state machine"));
  }
  if (*name) {
    if (Status s = storage::ValidateName(**name); !s.ok()) {
      return Unexpected(SfnError("InvalidName", s.message()));
    }
  }
  auto input = CheckExecutionInput(*raw_input);
  if (!input) return Unexpected(input.error());
  auto compiled = Compile(ctx, *machine);
  if (!compiled) return Unexpected(compiled.error());
  if (ctx.metrics) ctx.metrics->ExecutionStarted(machine->name);

  const std::string exec_name = name->value_or(engine::NewUuid());
  ExpressRun run = Run(ctx, *machine, std::move(compiled).value(), exec_name, *input,
                       request.Header("x-amzn-trace-id"));
  const engine::ExecutionOutcome& o = run.outcome;
  Json out = Json::object();
  out["executionArn"] = run.arn;
  out["stateMachineArn"] = machine->arn;
  out["name"] = exec_name;
  out["startDate"] = EpochSeconds(o.start);
  out["stopDate"] = EpochSeconds(o.stop);
  out["status"] = engine::ExecutionStatusName(o.status);
  if (!o.error.empty()) out["error"] = o.error;
  if (!o.cause.empty()) out["cause"] = o.cause;
  out["input"] = *input;
  out["inputDetails"] = Json{{"included", true}};
  if (o.output) {
    out["output"] = o.output->dump();
    out["outputDetails"] = Json{{"included", true}};
  }
  const int64_t duration = std::max<int64_t>(0, o.stop - o.start);
  const int64_t billed = std::max<int64_t>(100, (duration + 99) / 100 * 100);
  out["billingDetails"] =
      Json{{"billedMemoryUsedInMB", 64}, {"billedDurationInMilliseconds", billed}};
  return out;
}

ApiResult StartExpressExecution(ApiContext& ctx, const storage::StateMachineRecord& machine,
                                const std::optional<std::string>& name, const std::string& input,
                                const std::string& trace_id) {
  auto compiled = Compile(ctx, machine);
  if (!compiled) return Unexpected(compiled.error());
  if (ctx.metrics) ctx.metrics->ExecutionStarted(machine.name);
  const std::string exec_name = name.value_or(engine::NewUuid());
  const std::string arn = ExpressArn(ctx, machine, exec_name);
  const storage::TimeMs start = NowMs();
  // Asynchronous as AWS: the caller gets the ARN at once; the run takes a worker thread (the
  // server joins them on shutdown).
  ctx.post_background(
      [&ctx, machine, machine_ptr = std::move(compiled).value(), exec_name, input, trace_id] {
        (void)Run(ctx, machine, machine_ptr, exec_name, input, trace_id);
      });
  Json out = Json::object();
  out["executionArn"] = arn;
  out["startDate"] = EpochSeconds(start);
  return out;
}

}  // namespace tern::server
