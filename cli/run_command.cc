// `tern run DEFINITION`: runs one execution in memory and prints its output (or, with --json,
// status, output, error, cause and the full history).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "asl/model/state_machine.h"
#include "asl/parse/definition_source.h"
#include "asl/parse/json_reader.h"
#include "asl/validate/validator.h"
#include "cli/commands.h"
#include "engine/execution.h"
#include "engine/mock_invoker.h"

namespace tern::cli {
namespace {

struct RunArgs {
  std::string definition;
  std::string input;
  std::string input_file;
  std::string name;
  std::string machine_name;
  bool fast = false;
  std::string mock;
  std::string test_case;
  bool json = false;
};

// "examples/hello/hello.asl.yaml" -> "hello"
std::string MachineNameFromPath(const std::string& path) {
  std::string stem = std::filesystem::path(path).filename().string();
  auto dot = stem.find('.');
  if (dot != std::string::npos && dot > 0) stem = stem.substr(0, dot);
  return stem.empty() ? "StateMachine" : stem;
}

bool ReadText(const std::string& path, std::string& out, std::string& error) {
  auto text = asl::ReadFileLimited(path, 64 * 1024 * 1024);
  if (!text) {
    error = text.error().error.message;
    return false;
  }
  out = std::move(text).value();
  return true;
}

int RunRun(const RunArgs& args) {
  auto doc = asl::LoadDefinitionFile(args.definition);
  if (!doc) {
    if (doc.error().kind == asl::LoadError::Kind::kIo) {
      std::cerr << "tern run: " << doc.error().error.message << "\n";
    } else {
      std::cerr << args.definition
                << ": error: INVALID_JSON_DESCRIPTION: " << doc.error().error.ToString() << "\n";
    }
    return kExitUsage;
  }
  auto diagnostics = asl::Validate(*doc);
  for (const auto& d : diagnostics) std::cerr << asl::FormatDiagnostic(d, args.definition) << "\n";
  if (asl::HasErrors(diagnostics)) return kExitUsage;
  auto machine = asl::BuildStateMachine(doc->value);
  if (!machine) {
    std::cerr << args.definition << ": error: " << machine.error() << "\n";
    return kExitUsage;
  }

  std::string input_text = "{}";
  std::string error;
  if (!args.input.empty() && !args.input_file.empty()) {
    std::cerr << "tern run: give --input or --input-file, not both\n";
    return kExitUsage;
  }
  if (!args.input.empty()) input_text = args.input;
  if (!args.input_file.empty() && !ReadText(args.input_file, input_text, error)) {
    std::cerr << "tern run: " << error << "\n";
    return kExitUsage;
  }
  asl::JsonReadOptions read_options;
  read_options.track_locations = false;
  auto input = asl::ReadJson(input_text, read_options);
  if (!input) {
    std::cerr << "tern run: the input is not JSON: " << input.error().ToString() << "\n";
    return kExitUsage;
  }

  std::unique_ptr<engine::Invoker> invoker;
  if (!args.mock.empty() || !args.test_case.empty()) {
    if (args.mock.empty() || args.test_case.empty()) {
      std::cerr << "tern run: --mock and --test-case go together\n";
      return kExitUsage;
    }
    std::string mock_text;
    if (!ReadText(args.mock, mock_text, error)) {
      std::cerr << "tern run: " << error << "\n";
      return kExitUsage;
    }
    auto mock_json = asl::ReadJson(mock_text, read_options);
    if (!mock_json) {
      std::cerr << "tern run: " << args.mock << ": " << mock_json.error().ToString() << "\n";
      return kExitUsage;
    }
    auto mock =
        engine::MockInvoker::FromConfig(mock_json->value, args.machine_name, args.test_case);
    if (!mock) {
      std::cerr << "tern run: " << args.mock << ": " << mock.error() << "\n";
      return kExitUsage;
    }
    invoker = std::move(mock).value();
  } else {
    invoker = std::make_unique<engine::UnavailableInvoker>();
  }

  engine::ExecutionOptions options;
  options.state_machine_name =
      args.machine_name.empty() ? MachineNameFromPath(args.definition) : args.machine_name;
  options.execution_name = args.name;
  engine::RealClock real;
  engine::VirtualClock virtual_clock(real.Now());
  engine::Clock& clock = args.fast ? static_cast<engine::Clock&>(virtual_clock) : real;
  engine::ExecutionOutcome outcome = engine::RunExecution(
      std::move(machine).value(), std::move(input->value), options, *invoker, clock);

  std::cerr << outcome.execution_arn << "\n";
  if (args.json) {
    Json out = Json::object();
    out["status"] = engine::ExecutionStatusName(outcome.status);
    out["output"] = outcome.output ? *outcome.output : Json();
    out["error"] = outcome.error.empty() ? Json() : Json(outcome.error);
    out["cause"] = outcome.cause.empty() ? Json() : Json(outcome.cause);
    Json history = Json::array();
    for (const auto& e : outcome.history) history.push_back(engine::HistoryEventToJson(e));
    out["history"] = std::move(history);
    std::cout << out.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  } else if (outcome.status == engine::ExecutionStatus::kSucceeded) {
    std::cout << outcome.output->dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  } else {
    std::cerr << engine::ExecutionStatusName(outcome.status);
    if (!outcome.error.empty()) std::cerr << ": " << outcome.error;
    if (!outcome.cause.empty()) std::cerr << ": " << outcome.cause;
    std::cerr << "\n";
  }
  return outcome.status == engine::ExecutionStatus::kSucceeded ? kExitOk : kExitFailed;
}

}  // namespace

CommandRunner AddRunCommand(CLI::App& app);
const CommandRegistration kRegistration{20, &AddRunCommand};

CommandRunner AddRunCommand(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run one execution of a state machine in memory");
  cmd->add_option("definition", args->definition, "Definition file (.json, .yaml)")->required();
  cmd->add_option("--input", args->input, "Execution input as JSON text (default {})");
  cmd->add_option("--input-file", args->input_file, "Read the execution input from a file");
  cmd->add_option("--name", args->name, "Execution name (default: a UUID)");
  cmd->add_option("--machine-name", args->machine_name,
                  "State machine name (default: the file name without extensions)");
  cmd->add_flag("--fast", args->fast,
                "Virtual time: Waits, retry backoffs and timeouts complete instantly");
  cmd->add_option("--mock", args->mock, "Mocked task responses (Step Functions Local format)");
  cmd->add_option("--test-case", args->test_case, "Test case of the mock file to use");
  cmd->add_flag("--json", args->json, "Print status, output, error, cause and history as JSON");
  return [args] { return RunRun(*args); };
}

}  // namespace tern::cli
