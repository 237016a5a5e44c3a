// `tern validate FILE...`: checks definitions; exit 0 valid, 1 invalid, 2 usage or I/O error.
#include <iostream>
#include <string>
#include <vector>

#include "asl/parse/definition_source.h"
#include "asl/validate/validator.h"
#include "cli/commands.h"

namespace tern::cli {
namespace {

struct ValidateArgs {
  std::vector<std::string> files;
  bool json = false;
  bool no_paths = false;
  bool no_arns = false;
  bool express = false;
};

int RunValidate(const ValidateArgs& args) {
  bool any_invalid = false;
  bool any_io = false;
  Json report = Json::array();
  for (const std::string& file : args.files) {
    std::vector<asl::Diagnostic> diagnostics;
    auto doc = asl::LoadDefinitionFile(file);
    if (!doc) {
      const asl::LoadError& err = doc.error();
      if (err.kind == asl::LoadError::Kind::kIo) {
        any_io = true;
        if (args.json) {
          report.push_back({{"file", file}, {"valid", false}, {"error", err.error.message}});
        } else {
          std::cerr << "tern validate: " << err.error.message << "\n";
        }
        continue;
      }
      diagnostics.push_back({"INVALID_JSON_DESCRIPTION", "", err.error.where, err.error.message,
                             asl::Severity::kError});
    } else {
      asl::ValidateOptions options;
      options.check_paths = !args.no_paths;
      options.check_arns = !args.no_arns;
      options.express = args.express;
      diagnostics = asl::Validate(*doc, options);
    }
    bool valid = !asl::HasErrors(diagnostics);
    any_invalid |= !valid;
    if (args.json) {
      Json list = Json::array();
      for (const auto& d : diagnostics) list.push_back(asl::DiagnosticToJson(d));
      report.push_back({{"file", file}, {"valid", valid}, {"diagnostics", std::move(list)}});
    } else {
      for (const auto& d : diagnostics) std::cerr << asl::FormatDiagnostic(d, file) << "\n";
      size_t errors = 0;
      for (const auto& d : diagnostics) errors += d.severity == asl::Severity::kError;
      if (valid) {
        std::cout << file << ": valid"
                  << (diagnostics.empty()
                          ? ""
                          : " (" + std::to_string(diagnostics.size()) + " warning(s))")
                  << "\n";
      } else {
        std::cout << file << ": invalid (" << errors << " error" << (errors == 1 ? "" : "s")
                  << ")\n";
      }
    }
  }
  if (args.json) std::cout << report.dump(2) << "\n";
  if (any_io) return kExitUsage;
  return any_invalid ? kExitFailed : kExitOk;
}

}  // namespace

CommandRunner AddValidateCommand(CLI::App& app);
const CommandRegistration kRegistration{10, &AddValidateCommand};

CommandRunner AddValidateCommand(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check state machine definitions (JSON or YAML) against the States Language");
  cmd->add_option("files", args->files, "Definition files (.json, .yaml, .yml)")->required();
  cmd->add_flag("--json", args->json, "Print a machine-readable report (see docs/validate.md)");
  cmd->add_flag("--no-check-paths", args->no_paths,
                "Skip JSONPath, intrinsic and JSONata syntax checks");
  cmd->add_flag("--no-check-arns", args->no_arns, "Accept any Task Resource string");
  cmd->add_flag("--express", args->express,
                "Validate as an EXPRESS machine (no .sync, .waitForTaskToken or activities)");
  return [args] { return RunValidate(*args); };
}

}  // namespace tern::cli
