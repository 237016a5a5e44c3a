// StartExecution (idempotent by name as AWS), DescribeExecution, StopExecution, ListExecutions
// (../shared/spec/API.md A.2, D.2). STANDARD executions run durably through the Runner.
#include "runtime/redrive_policy.h"
#include "runtime/runner.h"
#include "server/detail/api.h"
#include "server/metrics.h"
#include "storage/names.h"

namespace tern::server {
namespace {

// redriveCount/redriveDate, and redriveStatus with AWS's reason when it is not redrivable.
void AddRedrive(Json& out, const storage::ExecutionRecord& e) {
  out["redriveCount"] = e.redrive_count;
  if (e.redrive_date) out["redriveDate"] = EpochSeconds(*e.redrive_date);
  if (auto why = runtime::NotRedrivableReason(e, NowMs())) {
    out["redriveStatus"] = "NOT_REDRIVABLE";
    out["redriveStatusReason"] = *why;
  } else {
    out["redriveStatus"] = "REDRIVABLE";
  }
}

Json DescribeJson(const storage::ExecutionRecord& e) {
  Json out = Json::object();
  out["executionArn"] = e.arn;
  out["stateMachineArn"] = e.state_machine_arn;
  out["name"] = e.name;
  out["status"] = storage::ExecutionStatusName(e.status);
  out["startDate"] = EpochSeconds(e.start);
  if (e.stop) out["stopDate"] = EpochSeconds(*e.stop);
  out["input"] = e.input;
  out["inputDetails"] = Json{{"included", true}};
  if (e.status == storage::ExecutionStatus::kSucceeded && e.output) {
    out["output"] = *e.output;
    out["outputDetails"] = Json{{"included", true}};
  }
  if (!e.error.empty()) out["error"] = e.error;
  if (!e.cause.empty()) out["cause"] = e.cause;
  AddRedrive(out, e);
  return out;
}

bool SameJson(const std::string& a, const std::string& b) {
  Json x = Json::parse(a, nullptr, false);
  Json y = Json::parse(b, nullptr, false);
  return !x.is_discarded() && !y.is_discarded() && x == y;
}

}  // namespace

ApiResult StartExecution(ApiContext& ctx, const Json& body, const HttpRequest& request) {
  auto arn = RequiredString(body, "stateMachineArn");
  if (!arn) return Unexpected(arn.error());
  auto name = OptionalString(body, "name");
  if (!name) return Unexpected(name.error());
  auto raw_input = OptionalString(body, "input");
  if (!raw_input) return Unexpected(raw_input.error());
  auto machine = LoadStateMachine(ctx, *arn);
  if (!machine) return Unexpected(machine.error());
  if (*name) {
    if (Status s = storage::ValidateName(**name); !s.ok()) {
      return Unexpected(SfnError("InvalidName", s.message()));
    }
  }
  auto input = CheckExecutionInput(*raw_input);
  if (!input) return Unexpected(input.error());
  // The caller's trace header (a function calling back into tern): the execution's tasks
  // continue its recursion lineage.
  const std::string trace_id = request.Header("x-amzn-trace-id");
  if (machine->type == "EXPRESS") {
    return StartExpressExecution(ctx, *machine, *name, *input, trace_id);
  }

  auto started =
      ctx.deps.runner->StartExecution(*machine, name->value_or(""), *input, true, trace_id);
  if (!started) {
    const Status& error = started.error();
    if (error.code() == StatusCode::kAlreadyExists && *name) {
      // AWS: the same name and input while the execution is still open -> the same execution.
      const std::string existing_arn = ExecutionArnFor(machine->arn, **name);
      auto existing = ctx.deps.store->GetExecution(existing_arn);
      if (existing && existing->status == storage::ExecutionStatus::kRunning &&
          SameJson(existing->input, *input)) {
        Json out = Json::object();
        out["executionArn"] = existing->arn;
        out["startDate"] = EpochSeconds(existing->start);
        return out;
      }
      return Unexpected(
          SfnError("ExecutionAlreadyExists", "Execution Already Exists: '" + existing_arn + "'"));
    }
    if (error.code() == StatusCode::kInvalidArgument) {
      return Unexpected(
          SfnError("InvalidExecutionInput",
                   "Invalid State Machine Execution Input: '" + error.message() + "'"));
    }
    if (error.code() == StatusCode::kResourceExhausted) {
      return Unexpected(SfnError("ExecutionLimitExceeded", error.message()));
    }
    return Unexpected(InternalError(error));
  }
  Json out = Json::object();
  out["executionArn"] = started->arn;
  out["startDate"] = EpochSeconds(started->start);
  return out;
}

ApiResult DescribeExecution(ApiContext& ctx, const Json& body) {
  auto arn = RequiredString(body, "executionArn");
  if (!arn) return Unexpected(arn.error());
  auto execution = LoadExecution(ctx, *arn);
  if (!execution) return Unexpected(execution.error());
  return DescribeJson(*execution);
}

ApiResult StopExecution(ApiContext& ctx, const Json& body) {
  auto arn = RequiredString(body, "executionArn");
  if (!arn) return Unexpected(arn.error());
  auto error = OptionalString(body, "error");
  if (!error) return Unexpected(error.error());
  auto cause = OptionalString(body, "cause");
  if (!cause) return Unexpected(cause.error());
  if (*error && (*error)->size() > 256) {
    return Unexpected(SfnError("ValidationException",
                               "1 validation error detected: Value at 'error' failed to satisfy "
                               "constraint: Member must have length less than or equal to 256"));
  }
  if (*cause && (*cause)->size() > 32768) {
    return Unexpected(SfnError("ValidationException",
                               "1 validation error detected: Value at 'cause' failed to satisfy "
                               "constraint: Member must have length less than or equal to 32768"));
  }
  auto execution = LoadExecution(ctx, *arn);
  if (!execution) return Unexpected(execution.error());
  if (execution->status == storage::ExecutionStatus::kRunning) {
    Status stopped = ctx.deps.runner->StopExecution(*arn, error->value_or(""), cause->value_or(""));
    if (!stopped.ok()) {
      if (stopped.code() != StatusCode::kNotFound) return Unexpected(InternalError(stopped));
      // It ended between the read and the stop, or another process owns it.
      auto again = LoadExecution(ctx, *arn);
      if (!again) return Unexpected(again.error());
      if (again->status == storage::ExecutionStatus::kRunning) {
        return Unexpected(SfnError("ValidationException",
                                   "Execution is running in another tern process: '" + *arn + "'"));
      }
      execution = std::move(again);
    } else {
      auto ended = ctx.deps.runner->WaitFor(*arn);
      if (!ended) return Unexpected(InternalError(ended.error()));
      execution = std::move(ended).value();
    }
  }
  Json out = Json::object();
  out["stopDate"] = EpochSeconds(execution->stop.value_or(NowMs()));
  return out;
}

ApiResult ListExecutions(ApiContext& ctx, const Json& body) {
  if (body.contains("mapRunArn")) {
    return Unexpected(SfnError("ValidationException", "mapRunArn is not supported by tern yet"));
  }
  auto arn = RequiredString(body, "stateMachineArn");
  if (!arn) return Unexpected(arn.error());
  auto status = OptionalString(body, "statusFilter");
  if (!status) return Unexpected(status.error());
  auto max = MaxResults(body, 100);
  if (!max) return Unexpected(max.error());
  auto token = OptionalString(body, "nextToken");
  if (!token) return Unexpected(token.error());
  if (*token && (*token)->size() > 3096) {
    return Unexpected(SfnError("ValidationException",
                               "1 validation error detected: Value at 'nextToken' failed to "
                               "satisfy constraint: Member must have length less than or equal "
                               "to 3096"));
  }
  storage::ExecutionFilter filter;
  if (*status) {
    auto parsed = storage::ParseExecutionStatus(**status);
    if (!parsed) {
      if (**status == "PENDING_REDRIVE") {
        Json out = Json::object();
        out["executions"] = Json::array();
        return out;
      }
      return Unexpected(SfnError(
          "ValidationException",
          "1 validation error detected: Value '" + **status +
              "' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value "
              "set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]"));
    }
    filter.status = parsed;
  }
  auto redrive_filter = OptionalString(body, "redriveFilter");
  if (!redrive_filter) return Unexpected(redrive_filter.error());
  if (*redrive_filter) {
    if (**redrive_filter != "REDRIVEN" && **redrive_filter != "NOT_REDRIVEN") {
      return Unexpected(SfnError(
          "ValidationException",
          "1 validation error detected: Value '" + **redrive_filter +
              "' at 'redriveFilter' failed to satisfy constraint: Member must satisfy enum value "
              "set: [REDRIVEN, NOT_REDRIVEN]"));
    }
    filter.redriven = **redrive_filter == "REDRIVEN";
  }
  auto machine = LoadStateMachine(ctx, *arn);
  if (!machine) return Unexpected(machine.error());
  if (machine->type == "EXPRESS") {
    return Unexpected(SfnError("StateMachineTypeNotSupported",
                               "This operation is not supported by this type of state machine"));
  }
  filter.state_machine_arn = *arn;
  filter.limit = *max;
  filter.page_token = token->value_or("");
  auto page = ctx.deps.store->ListExecutions(filter);
  if (!page) {
    if (page.error().code() == StatusCode::kInvalidArgument) {
      return Unexpected(SfnError("InvalidToken", "Invalid Token: '" + filter.page_token + "'"));
    }
    return Unexpected(InternalError(page.error()));
  }
  Json list = Json::array();
  for (const auto& e : page->executions) {
    Json item = Json::object();
    item["executionArn"] = e.arn;
    item["stateMachineArn"] = e.state_machine_arn;
    item["name"] = e.name;
    item["status"] = storage::ExecutionStatusName(e.status);
    item["startDate"] = EpochSeconds(e.start);
    if (e.stop) item["stopDate"] = EpochSeconds(*e.stop);
    item["redriveCount"] = e.redrive_count;
    if (e.redrive_date) item["redriveDate"] = EpochSeconds(*e.redrive_date);
    list.push_back(std::move(item));
  }
  Json out = Json::object();
  out["executions"] = std::move(list);
  if (!page->next_page_token.empty()) out["nextToken"] = page->next_page_token;
  return out;
}

}  // namespace tern::server
