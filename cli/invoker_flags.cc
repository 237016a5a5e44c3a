#include "cli/invoker_flags.h"

#include "asl/parse/definition_source.h"
#include "asl/parse/json_reader.h"
#include "engine/mock_invoker.h"

namespace tern::cli {

void AddInvokerFlags(CLI::App& command, InvokerFlags& flags) {
  command.add_option("--mock", flags.mock,
                     "Mocked task responses (Step Functions Local MockConfigFile)");
  command.add_option("--test-case", flags.test_case, "Test case of the mock file to use");
  command.add_option("--config", flags.config,
                     "Project file whose functions Task states call (default: tern.yaml or "
                     "template.yaml here, if any)");
}

Result<std::string, std::string> ReadTextFile(const std::string& path) {
  auto text = asl::ReadFileLimited(path, 64 * 1024 * 1024);
  if (!text) return Unexpected(text.error().error.message);
  return std::move(text).value();
}

Result<std::unique_ptr<engine::Invoker>, std::string> MakeMockInvoker(
    const InvokerFlags& flags, const std::string& machine_name) {
  if (flags.mock.empty() || flags.test_case.empty()) {
    return Unexpected(std::string("--mock and --test-case go together"));
  }
  auto text = ReadTextFile(flags.mock);
  if (!text) return Unexpected(text.error());
  asl::JsonReadOptions read_options;
  read_options.track_locations = false;
  auto json = asl::ReadJson(*text, read_options);
  if (!json) return Unexpected(flags.mock + ": " + json.error().ToString());
  auto mock = engine::MockInvoker::FromConfig(json->value, machine_name, flags.test_case);
  if (!mock) return Unexpected(flags.mock + ": " + mock.error());
  return std::unique_ptr<engine::Invoker>(std::move(mock).value());
}

}  // namespace tern::cli
