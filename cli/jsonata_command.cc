// `tern jsonata EXPRESSION [--input FILE] [--bindings JSON] [--stepfunctions]`: evaluates a
// JSONata expression and prints the result as JSON. Exit 0 with nothing printed when the
// result is undefined, 1 on a JSONata error ("CODE: message" on stderr), 2 on usage or I/O
// errors (unreadable input file, invalid JSON).
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "asl/jsonata/jsonata.h"
#include "cli/commands.h"
#include "common/json.h"

namespace tern::cli {
namespace {

struct JsonataArgs {
  std::string expression;
  std::string input_file;
  std::string bindings;
  bool stepfunctions = false;
  bool compact = false;
};

class JsonBindings : public asl::jsonata::Bindings {
 public:
  explicit JsonBindings(const Json& vars) : vars_(vars) {}
  const Json* Find(std::string_view name) const override {
    auto it = vars_.find(name);
    return it == vars_.end() ? nullptr : &*it;
  }

 private:
  const Json& vars_;
};

int RunJsonata(const JsonataArgs& args) {
  Json input;
  bool has_input = false;
  if (!args.input_file.empty()) {
    std::string text;
    if (args.input_file == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      std::ifstream in(args.input_file);
      if (!in) {
        std::cerr << "tern jsonata: cannot read " << args.input_file << "\n";
        return kExitUsage;
      }
      text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    try {
      input = Json::parse(text);
    } catch (const Json::exception& e) {
      std::cerr << "tern jsonata: " << args.input_file << " is not JSON: " << e.what() << "\n";
      return kExitUsage;
    }
    has_input = true;
  }
  Json vars = Json::object();
  if (!args.bindings.empty()) {
    try {
      vars = Json::parse(args.bindings);
    } catch (const Json::exception& e) {
      std::cerr << "tern jsonata: --bindings is not JSON: " << e.what() << "\n";
      return kExitUsage;
    }
    if (!vars.is_object()) {
      std::cerr << "tern jsonata: --bindings must be a JSON object of variable values\n";
      return kExitUsage;
    }
  }
  asl::jsonata::CompileOptions options;
  options.stepfunctions_functions = args.stepfunctions;
  auto expr = asl::jsonata::Expression::Compile(args.expression, options);
  if (!expr) {
    std::cerr << expr.error().ToString() << "\n";
    return kExitFailed;
  }
  JsonBindings bindings(vars);
  auto result = expr->Evaluate(has_input ? &input : nullptr, &bindings);
  if (!result) {
    std::cerr << result.error().ToString() << "\n";
    return kExitFailed;
  }
  if (*result) std::cout << (*result)->dump(args.compact ? -1 : 2) << "\n";
  return kExitOk;
}

}  // namespace

CommandRunner AddJsonataCommand(CLI::App& app);
const CommandRegistration kRegistration{90, &AddJsonataCommand};

CommandRunner AddJsonataCommand(CLI::App& app) {
  auto args = std::make_shared<JsonataArgs>();
  CLI::App* cmd = app.add_subcommand("jsonata", "Evaluate a JSONata expression");
  cmd->add_option("expression", args->expression, "The JSONata expression")->required();
  cmd->add_option("--input", args->input_file, "JSON input document (- for stdin)");
  cmd->add_option("--bindings", args->bindings,
                  "JSON object of variables, e.g. '{\"x\": 1}' binds $x");
  cmd->add_flag("--stepfunctions", args->stepfunctions,
                "Also provide Step Functions' functions ($partition, $hash, $uuid, ...)");
  cmd->add_flag("--compact", args->compact, "Print the result on one line");
  return [args] { return RunJsonata(*args); };
}

}  // namespace tern::cli
