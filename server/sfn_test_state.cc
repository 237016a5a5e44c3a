// TestState (../shared/spec/API.md A.2, D.1): one state run on its own by the engine
// (engine/test_state.h): Task states really invoke their function through the server's
// invoker, the other states are evaluated; DEBUG/TRACE add inspectionData.
#include "engine/test_state.h"
#include "engine/uuid.h"
#include "server/detail/api.h"

namespace tern::server {
namespace {

Result<Json, ApiError> JsonMember(const std::optional<std::string>& text, const char* field,
                                  const char* error_type, Json fallback) {
  if (!text) return fallback;
  Json value = Json::parse(*text, nullptr, false);
  if (value.is_discarded()) {
    return Unexpected(SfnError(error_type, std::string("The ") + field + " is not valid JSON"));
  }
  return value;
}

}  // namespace

ApiResult TestState(ApiContext& ctx, const Json& body) {
  auto definition_text = RequiredString(body, "definition");
  if (!definition_text) return Unexpected(definition_text.error());
  auto role = OptionalString(body, "roleArn");
  if (!role) return Unexpected(role.error());
  auto input_text = OptionalString(body, "input");
  if (!input_text) return Unexpected(input_text.error());
  auto level = OptionalString(body, "inspectionLevel");
  if (!level) return Unexpected(level.error());
  auto variables_text = OptionalString(body, "variables");
  if (!variables_text) return Unexpected(variables_text.error());
  auto state_name = OptionalString(body, "stateName");
  if (!state_name) return Unexpected(state_name.error());
  auto reveal = OptionalBool(body, "revealSecrets", false);
  if (!reveal) return Unexpected(reveal.error());

  engine::TestStateRequest request;
  const std::string inspection = level->value_or("INFO");
  if (inspection == "DEBUG") {
    request.inspection = engine::InspectionLevel::kDebug;
  } else if (inspection == "TRACE") {
    request.inspection = engine::InspectionLevel::kTrace;
  } else if (inspection != "INFO") {
    return Unexpected(SfnError(
        "ValidationException",
        "1 validation error detected: Value '" + inspection +
            "' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value "
            "set: [INFO, DEBUG, TRACE]"));
  }
  auto definition = JsonMember(*definition_text, "definition", "InvalidDefinition", Json());
  if (!definition) {
    return Unexpected(SfnError("InvalidDefinition",
                               "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: "
                               "the definition is not valid JSON'"));
  }
  auto input = JsonMember(*input_text, "input", "InvalidExecutionInput", Json::object());
  if (!input) {
    return Unexpected(SfnError("InvalidExecutionInput",
                               "Invalid State Machine Execution Input: 'the input is not valid "
                               "JSON'"));
  }
  auto variables = JsonMember(*variables_text, "variables", "ValidationException", Json::object());
  if (!variables) return Unexpected(variables.error());
  if (!variables->is_object()) {
    return Unexpected(SfnError("ValidationException", "variables must be a JSON object"));
  }

  auto machine = engine::BuildTestStateMachine(*definition, state_name->value_or(""));
  if (!machine) return Unexpected(SfnError("InvalidDefinition", machine.error()));
  const Json& state = machine->definition["States"][machine->state_name];
  if (state.value("Type", std::string()) == "Task" && !*role) {
    return Unexpected(
        SfnError("ValidationException", "RoleArn must be specified when testing a Task state"));
  }
  // The same validation as CreateStateMachine, on the one-state machine; the variables the
  // request gives are assigned by a state before it, so references to them validate.
  Json checked = machine->definition;
  if (!variables->empty()) {
    std::string prelude = "Variables of " + machine->state_name;
    while (checked["States"].contains(prelude)) prelude += "'";
    Json assign = Json::object();
    for (auto it = variables->begin(); it != variables->end(); ++it) assign[it.key()] = nullptr;
    checked["States"][prelude] =
        Json{{"Type", "Pass"}, {"Assign", std::move(assign)}, {"Next", machine->state_name}};
    checked["StartAt"] = prelude;
  }
  if (auto bad = CheckDefinition(checked.dump(), false)) return Unexpected(*bad);

  request.input = std::move(input).value();
  request.variables = std::move(variables).value();
  request.options.region = ctx.options.region;
  request.options.account = ctx.options.account;
  request.options.state_machine_name = "TestState";
  request.options.execution_name = engine::NewUuid();
  request.options.role_arn = role->value_or("");
  engine::TestStateResult result = engine::RunTestState(*machine, request, *ctx.deps.invoker);

  Json out = Json::object();
  out["status"] = result.status;
  if (result.output) out["output"] = result.output->dump();
  if (!result.error.empty()) out["error"] = result.error;
  if (!result.cause.empty()) out["cause"] = result.cause;
  if (!result.next_state.empty()) out["nextState"] = result.next_state;
  if (!result.inspection_data.is_null()) out["inspectionData"] = result.inspection_data;
  return out;
}

}  // namespace tern::server
