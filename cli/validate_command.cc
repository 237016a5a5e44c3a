// `tern validate FILE...`: checks definitions and project files (SAM templates: every state
// machine's definition, and static recursion-loop detection); exit 0 valid, 1 invalid, 2 usage
// or I/O error.
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "asl/parse/definition_source.h"
#include "asl/validate/validator.h"
#include "cli/commands.h"
#include "project/loops.h"
#include "project/project.h"

namespace tern::cli {
namespace {

struct ValidateArgs {
  std::vector<std::string> files;
  bool json = false;
  bool no_paths = false;
  bool no_arns = false;
  bool express = false;
  bool strict = false;                           // recursion-loop warnings are errors
  std::vector<std::string> parameter_overrides;  // Key=Value, for templates
};

// What one file's check produced, in the shape both output formats need.
struct FileReport {
  bool valid = true;
  bool io_error = false;
  std::vector<std::string> lines;  // human format, for standard error
  Json diagnostics = Json::array();
  size_t errors = 0;
  size_t warnings = 0;
};

// "a.yaml:14: ..." -> 14 (LoadProject's errors start with the file and line).
int LineOf(const std::string& message, const std::string& file) {
  if (!message.starts_with(file + ":")) return 0;
  size_t start = file.size() + 1;
  size_t end = message.find(':', start);
  if (end == std::string::npos) return 0;
  try {
    return std::stoi(message.substr(start, end - start));
  } catch (const std::exception&) {
    return 0;
  }
}

// Definition files are shown relative to the working directory when they are under it.
std::string DisplayPath(const std::string& path) {
  std::error_code ec;
  std::filesystem::path relative = std::filesystem::proximate(path, ec);
  if (ec || relative.string().starts_with("..")) return path;
  return relative.string();
}

bool ParseOverrides(const std::vector<std::string>& pairs,
                    std::map<std::string, std::string>& out) {
  for (const std::string& pair : pairs) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "tern validate: --parameter-overrides takes Key=Value, got '" << pair << "'\n";
      return false;
    }
    out[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return true;
}

FileReport ValidateProjectFile(const std::string& file, const ValidateArgs& args,
                               const std::map<std::string, std::string>& overrides) {
  FileReport report;
  project::LoadOptions load_options;
  load_options.parameter_overrides = overrides;
  auto loaded = project::LoadProject(file, load_options);
  if (!loaded) {
    const Status& error = loaded.error();
    report.valid = false;
    report.io_error = error.code() == StatusCode::kIoError;
    report.errors = 1;
    report.lines.push_back(error.message());
    report.diagnostics.push_back({{"code", "INVALID_TEMPLATE"},
                                  {"severity", "error"},
                                  {"path", ""},
                                  {"line", LineOf(error.message(), file)},
                                  {"column", 0},
                                  {"message", error.message()}});
    return report;
  }
  for (const project::StateMachineSpec& machine : loaded->state_machines) {
    asl::ValidateOptions options;
    options.check_paths = !args.no_paths;
    options.check_arns = !args.no_arns;
    options.express = args.express || machine.type == "EXPRESS";
    std::string where =
        machine.definition_path.empty() ? file : DisplayPath(machine.definition_path);
    for (const asl::Diagnostic& d : asl::Validate(machine.document, options)) {
      bool error = d.severity == asl::Severity::kError;
      report.errors += error;
      report.warnings += !error;
      report.lines.push_back(asl::FormatDiagnostic(d, where) + " (state machine " +
                             machine.logical_id + ")");
      Json json = asl::DiagnosticToJson(d);
      json["file"] = where;
      json["stateMachine"] = machine.logical_id;
      report.diagnostics.push_back(std::move(json));
    }
  }
  for (const project::Loop& loop : project::FindLoops(*loaded)) {
    std::string severity = loop.allowed ? "info" : args.strict ? "error" : "warning";
    std::string code = loop.allowed ? "RECURSIVE_LOOP_ALLOWED" : "RECURSIVE_LOOP";
    std::string message = "recursive loop " + loop.ToString() + ": " + loop.Explain();
    if (loop.allowed) message += "; allowed: every function on it has RecursiveLoop: Allow";
    report.errors += severity == "error";
    report.warnings += severity == "warning";
    report.lines.push_back(file + (loop.line > 0 ? ":" + std::to_string(loop.line) : "") + ": " +
                           severity + ": " + code + ": " + message);
    report.diagnostics.push_back({{"code", code},
                                  {"severity", severity},
                                  {"path", ""},
                                  {"line", loop.line},
                                  {"column", 0},
                                  {"message", message},
                                  {"cycle", loop.path}});
  }
  report.valid = report.errors == 0;
  return report;
}

int RunValidate(const ValidateArgs& args) {
  bool any_invalid = false;
  bool any_io = false;
  Json report = Json::array();
  std::map<std::string, std::string> overrides;
  if (!ParseOverrides(args.parameter_overrides, overrides)) return kExitUsage;
  for (const std::string& file : args.files) {
    if (project::LooksLikeProjectFile(file)) {
      FileReport r = ValidateProjectFile(file, args, overrides);
      any_invalid |= !r.valid;
      any_io |= r.io_error;
      if (args.json) {
        report.push_back({{"file", file}, {"valid", r.valid}, {"diagnostics", r.diagnostics}});
        continue;
      }
      for (const std::string& line : r.lines) std::cerr << line << "\n";
      if (r.valid) {
        std::cout << file << ": valid"
                  << (r.warnings == 0 ? "" : " (" + std::to_string(r.warnings) + " warning(s))")
                  << "\n";
      } else {
        std::cout << file << ": invalid (" << r.errors << " error" << (r.errors == 1 ? "" : "s")
                  << ")\n";
      }
      continue;
    }
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
      "validate",
      "Check state machine definitions (JSON or YAML) against the States Language, and project "
      "files (SAM templates: their state machines and recursive loops)");
  cmd->add_option("files", args->files,
                  "Definition files (.json, .yaml, .yml) or project files (tern.yaml, "
                  "template.yaml)")
      ->required();
  cmd->add_flag("--json", args->json, "Print a machine-readable report (see docs/validate.md)");
  cmd->add_flag("--no-check-paths", args->no_paths,
                "Skip JSONPath, intrinsic and JSONata syntax checks");
  cmd->add_flag("--no-check-arns", args->no_arns, "Accept any Task Resource string");
  cmd->add_flag("--express", args->express,
                "Validate as an EXPRESS machine (no .sync, .waitForTaskToken or activities)");
  cmd->add_flag(
      "--strict", args->strict,
      "Project files: a recursive loop (not allowed by RecursiveLoop: Allow) is an error");
  cmd->add_option("--parameter-overrides", args->parameter_overrides,
                  "Project files: a template parameter's value, Key=Value (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  return [args] { return RunValidate(*args); };
}

}  // namespace tern::cli
