// `tern run DEFINITION`: runs one execution and prints its output (or, with --json, status,
// output, error, cause and the full history). In memory by default; with --db the execution is
// persisted as it runs and survives a crash (`tern resume`).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "asl/model/state_machine.h"
#include "asl/parse/definition_source.h"
#include "asl/parse/json_reader.h"
#include "asl/validate/validator.h"
#include "cli/commands.h"
#include "cli/invoker_flags.h"
#include "cli/machine_registration.h"
#include "cli/services.h"
#include "cli/store_flags.h"
#include "engine/execution.h"
#include "runtime/event_records.h"
#include "runtime/runner.h"

namespace tern::cli {
namespace {

struct RunArgs {
  std::string definition;
  std::string input;
  std::string input_file;
  std::string name;
  std::string machine_name;
  bool fast = false;
  InvokerFlags invoker;
  bool json = false;
  std::optional<StoreFlags> store;  // --db given: the execution is persisted
};

std::string Pretty(const Json& value) {
  return value.dump(2, ' ', false, Json::error_handler_t::replace);
}

// Prints what both modes print: the output (or the failure on stderr), or with --json the
// status, output, error, cause and history.
int Report(const RunArgs& args, std::string_view status, const std::optional<Json>& output,
           const std::string& error, const std::string& cause, Json history) {
  if (args.json) {
    Json out = Json::object();
    out["status"] = status;
    out["output"] = output ? *output : Json();
    out["error"] = error.empty() ? Json() : Json(error);
    out["cause"] = cause.empty() ? Json() : Json(cause);
    out["history"] = std::move(history);
    std::cout << Pretty(out) << "\n";
  } else if (status == "SUCCEEDED") {
    std::cout << Pretty(*output) << "\n";
  } else {
    std::cerr << status;
    if (!error.empty()) std::cerr << ": " << error;
    if (!cause.empty()) std::cerr << ": " << cause;
    std::cerr << "\n";
  }
  return status == "SUCCEEDED" ? kExitOk : kExitFailed;
}

// --db: the execution is recorded and persisted transition by transition; if this process
// dies, `tern resume` finishes it.
int RunDurable(const RunArgs& args, const DefinitionSource& source,
               const std::string& input_text) {
  auto store = OpenStoreFromFlags(*args.store);
  if (!store) {
    std::cerr << "tern run: " << store.error() << "\n";
    return kExitUsage;
  }
  auto services = Services::Open(args.invoker, source.machine_name, store->get());
  if (!services) {
    std::cerr << "tern run: " << services.error() << "\n";
    return kExitUsage;
  }
  auto machine = RegisterDefinition(**store, source);
  if (!machine) {
    std::cerr << "tern run: " << machine.error() << "\n";
    return kExitUsage;
  }
  engine::RealClock clock;
  runtime::Runner runner(**store, (*services)->invoker(), clock);
  triggers::RunnerBinding bind_runner((*services)->bus(), runner);
  auto started = runner.StartExecution(*machine, args.name, input_text);
  if (!started) {
    std::cerr << "tern run: " << started.error().message() << "\n";
    return kExitUsage;
  }
  std::cerr << started->arn << "\n";
  auto ended = runner.WaitFor(started->arn);
  if (!ended) {
    std::cerr << "tern run: " << ended.error().message() << "\n";
    return kExitUsage;
  }
  Json history = Json::array();
  if (args.json) {
    auto events = (*store)->GetHistory(started->arn, {});
    if (!events) {
      std::cerr << "tern run: " << events.error().message() << "\n";
      return kExitUsage;
    }
    for (const storage::EventRecord& e : *events) history.push_back(runtime::EventRecordToJson(e));
  }
  std::optional<Json> output;
  if (ended->output) output = Json::parse(*ended->output);
  return Report(args, storage::ExecutionStatusName(ended->status), output, ended->error,
                ended->cause, std::move(history));
}

int RunRun(const RunArgs& args) {
  auto source = ResolveDefinition(args.definition, args.machine_name, args.invoker.config);
  if (!source) {
    std::cerr << "tern run: " << source.error() << "\n";
    return kExitUsage;
  }
  auto doc = asl::ParseDefinitionText(source->text, asl::GuessFormat(source->label, source->text));
  if (!doc) {
    std::cerr << source->label << ": error: INVALID_JSON_DESCRIPTION: "
              << doc.error().error.ToString() << "\n";
    return kExitUsage;
  }
  auto diagnostics = asl::Validate(*doc);
  for (const auto& d : diagnostics) std::cerr << asl::FormatDiagnostic(d, source->label) << "\n";
  if (asl::HasErrors(diagnostics)) return kExitUsage;
  auto machine = asl::BuildStateMachine(doc->value);
  if (!machine) {
    std::cerr << source->label << ": error: " << machine.error() << "\n";
    return kExitUsage;
  }

  std::string input_text = "{}";
  if (!args.input.empty() && !args.input_file.empty()) {
    std::cerr << "tern run: give --input or --input-file, not both\n";
    return kExitUsage;
  }
  if (!args.input.empty()) input_text = args.input;
  if (!args.input_file.empty()) {
    auto text = ReadTextFile(args.input_file);
    if (!text) {
      std::cerr << "tern run: " << text.error() << "\n";
      return kExitUsage;
    }
    input_text = std::move(text).value();
  }
  asl::JsonReadOptions read_options;
  read_options.track_locations = false;
  auto input = asl::ReadJson(input_text, read_options);
  if (!input) {
    std::cerr << "tern run: the input is not JSON: " << input.error().ToString() << "\n";
    return kExitUsage;
  }

  if (args.store) {
    if (args.fast) {
      std::cerr << "tern run: --fast cannot be combined with --db: persisted executions run on "
                   "real time\n";
      return kExitUsage;
    }
    return RunDurable(args, *source, input_text);
  }
  auto services = Services::Open(args.invoker, source->machine_name, nullptr);
  if (!services) {
    std::cerr << "tern run: " << services.error() << "\n";
    return kExitUsage;
  }

  engine::ExecutionOptions options;
  options.state_machine_name = source->machine_name;
  options.execution_name = args.name;
  engine::RealClock real;
  engine::VirtualClock virtual_clock(real.Now());
  engine::Clock& clock = args.fast ? static_cast<engine::Clock&>(virtual_clock) : real;
  engine::ExecutionOutcome outcome = engine::RunExecution(
      std::move(machine).value(), std::move(input->value), options, (*services)->invoker(), clock);

  std::cerr << outcome.execution_arn << "\n";
  Json history = Json::array();
  for (const auto& e : outcome.history) history.push_back(engine::HistoryEventToJson(e));
  return Report(args, engine::ExecutionStatusName(outcome.status), outcome.output, outcome.error,
                outcome.cause, std::move(history));
}

}  // namespace

CommandRunner AddRunCommand(CLI::App& app);
const CommandRegistration kRegistration{20, &AddRunCommand};

CommandRunner AddRunCommand(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Run one execution of a state machine (in memory, or persisted with --db)");
  cmd->add_option("definition", args->definition,
                  "Definition file (.json, .yaml), or a state machine of the project file")
      ->required();
  cmd->add_option("--input", args->input, "Execution input as JSON text (default {})");
  cmd->add_option("--input-file", args->input_file, "Read the execution input from a file");
  cmd->add_option("--name", args->name, "Execution name (default: a UUID)");
  cmd->add_option("--machine-name", args->machine_name,
                  "State machine name (default: the file name without extensions)");
  cmd->add_flag("--fast", args->fast,
                "Virtual time: Waits, retry backoffs and timeouts complete instantly");
  AddInvokerFlags(*cmd, args->invoker);
  cmd->add_flag("--json", args->json, "Print status, output, error, cause and history as JSON");
  auto store = std::make_shared<StoreFlags>();
  CLI::Option* db = cmd->add_option(
      "--db", store->db, "Persist the execution in this database (resumable with `tern resume`)");
  cmd->add_option("--durability", store->durability, "strict, batched (default) or memory")
      ->check(CLI::IsMember({"strict", "batched", "memory"}))
      ->needs(db);
  return [args, store, db] {
    if (db->count() > 0) args->store = *store;
    return RunRun(*args);
  };
}

}  // namespace tern::cli
