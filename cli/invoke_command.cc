// `tern invoke FUNCTION [--payload JSON | --payload-file F] [--log-type Tail] [--config FILE]
// [--invocation-type RequestResponse|Event|DryRun] [--db PATH]`: invokes one function of the
// project (tern.yaml / template.yaml, a SAM template) through the trigger bus, as Lambda's
// Invoke would (docs/functions.md, docs/async.md):
//   RequestResponse (default): runs it in a fresh execution environment and prints the response
//     payload. Exit 0 when the function returned, 1 when it failed (the error document on
//     stdout, "errorType: errorMessage" on stderr).
//   Event: writes the event durably to the database's async queue and prints
//     {"StatusCode":202,"RequestId":...} once it is durable; the function does not run in this
//     process. The tern process on that database that runs the function delivers it, with its
//     retries and destinations: a running `tern serve` picks it up within its poll interval
//     (0.5 s), or the next one started. An Invoke is acknowledged only once stored, so nothing
//     acknowledged is lost when this process exits.
//   DryRun: checks that the function exists and the payload is JSON; prints {"StatusCode":204}.
// Run inside a function, the invocation continues that function's recursion lineage
// (_X_AMZN_TRACE_ID; docs/recursion.md): a chain that passes one function more than 16 times is
// stopped. Exit 2 for usage, project or Invoke errors (unknown function, bad JSON, throttled,
// a recursion stop). Logs go to <project dir>/.tern/logs/<function>.log (`tern logs`).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/store_flags.h"
#include "common/json.h"
#include "project/project.h"
#include "triggers/bus.h"
#include "workers/log_files.h"
#include "workers/pool.h"

namespace tern::cli {
namespace {

struct InvokeArgs {
  std::string function;
  std::string payload;
  std::string payload_file;
  std::string log_type = "None";
  std::string config;
  std::string invocation_type = "RequestResponse";
  StoreFlags store;  // Event: the database whose async queue takes the event
};

std::string DecodeBase64(const std::string& text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0, buffer = 0;
  for (char c : text) {
    int v = value(c);
    if (v < 0) continue;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

int RunInvoke(const InvokeArgs& args) {
  std::string payload = args.payload.empty() ? "{}" : args.payload;
  if (!args.payload_file.empty()) {
    std::ifstream in(args.payload_file);
    if (!in) {
      std::cerr << "tern invoke: cannot read " << args.payload_file << "\n";
      return kExitUsage;
    }
    payload.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string config = args.config;
  if (config.empty()) {
    auto found = project::FindProjectFile(std::filesystem::current_path().string());
    if (!found) {
      std::cerr << "tern invoke: " << found.error().message() << "\n";
      return kExitUsage;
    }
    config = *found;
  }
  auto loaded = project::LoadProject(config);
  if (!loaded) {
    std::cerr << "tern invoke: " << loaded.error().message() << "\n";
    return kExitUsage;
  }
  const project::FunctionSpec* spec = loaded->FindFunction(args.function);
  if (!spec) {
    std::cerr << "tern invoke: no function '" << args.function << "' in " << config;
    if (!loaded->functions.empty()) {
      std::cerr << " (functions:";
      for (const auto& f : loaded->functions) std::cerr << " " << f.name;
      std::cerr << ")";
    }
    std::cerr << "\n";
    return kExitUsage;
  }

  if (Json::parse(payload, nullptr, false).is_discarded()) {
    std::cerr << "tern invoke: the payload is not JSON (InvalidRequestContentException)\n";
    return kExitUsage;
  }

  workers::PoolOptions options;
  options.log_dir = workers::ProjectLogDir(loaded->dir);
  options.region = loaded->region;
  options.account = loaded->account;
  workers::Pool pool(options);
  project::FunctionSpec one = *spec;
  one.provisioned_concurrency = 0;  // one invocation: no environments ahead
  if (Status status = pool.PutFunction(one); !status.ok()) {
    std::cerr << "tern invoke: " << status.message() << "\n";
    return kExitUsage;
  }
  triggers::InvocationType type = triggers::InvocationType::kRequestResponse;
  if (args.invocation_type == "Event") type = triggers::InvocationType::kEvent;
  if (args.invocation_type == "DryRun") type = triggers::InvocationType::kDryRun;

  // Event: the bus accepts into the store and this process delivers nothing (it exits next);
  // whoever runs the function on that database does.
  std::unique_ptr<storage::Store> store;
  if (type == triggers::InvocationType::kEvent) {
    auto opened = OpenStoreFromFlags(args.store);
    if (!opened) {
      std::cerr << "tern invoke: " << opened.error() << "\n";
      return kExitUsage;
    }
    store = std::move(opened).value();
  }
  triggers::BusOptions bus_options;
  bus_options.region = loaded->region;
  bus_options.account = loaded->account;
  bus_options.async.deliver = false;
  triggers::Bus bus(pool, store.get(), bus_options);

  workers::InvokeRequest request;
  request.function = spec->name;
  request.payload = payload;
  request.log_tail = args.log_type == "Tail" && type == triggers::InvocationType::kRequestResponse;
  // Inside a function: carry on its chain (the recursion lineage).
  if (const char* trace = std::getenv("_X_AMZN_TRACE_ID")) request.trace_id = trace;
  triggers::FunctionResponse response = bus.InvokeFunctionAndWait(request, type);
  const workers::InvokeResult& result = response.result;

  if (type != triggers::InvocationType::kRequestResponse && response.status_code < 300) {
    Json out{{"StatusCode", response.status_code}};
    if (type == triggers::InvocationType::kEvent) out["RequestId"] = result.request_id;
    std::cout << out.dump() << "\n";
    if (type == triggers::InvocationType::kEvent) {
      std::cerr << "tern invoke: queued in "
                << (args.store.db.empty() ? storage::DefaultDatabasePath() : args.store.db)
                << "; a tern serve running " << spec->name << " on that database delivers it\n";
    }
    return kExitOk;
  }
  if (request.log_tail && !result.log_result.empty()) {
    std::cerr << DecodeBase64(result.log_result);
  }
  if (!result.payload.empty()) std::cout << result.payload << "\n";
  if (result.ok()) return kExitOk;
  std::cerr << "tern invoke: " << spec->name << ": " << result.error_type;
  if (!result.error_message.empty()) std::cerr << ": " << result.error_message;
  if (!result.throttle_reason.empty()) std::cerr << " (" << result.throttle_reason << ")";
  std::cerr << "\n";
  return result.function_failed() ? kExitFailed : kExitUsage;
}

}  // namespace

CommandRunner AddInvokeCommand(CLI::App& app);
const CommandRegistration kRegistration{60, &AddInvokeCommand};

CommandRunner AddInvokeCommand(CLI::App& app) {
  auto args = std::make_shared<InvokeArgs>();
  CLI::App* cmd = app.add_subcommand("invoke", "Invoke a function of the project (tern.yaml)");
  cmd->add_option("function", args->function, "The function's name or ARN")->required();
  auto* payload = cmd->add_option("--payload", args->payload, "The event, JSON text");
  cmd->add_option("--payload-file", args->payload_file, "Read the event from a file")
      ->excludes(payload);
  cmd->add_option("--log-type", args->log_type,
                  "Tail: also print the last 4 KB of the invocation's log on stderr")
      ->check(CLI::IsMember({"None", "Tail"}));
  cmd->add_option("--config", args->config,
                  "The project file (default: tern.yaml, template.yaml in this folder)");
  cmd->add_option("--invocation-type", args->invocation_type,
                  "RequestResponse (default: run and print the result), Event (queue it durably "
                  "for the tern serve on --db to deliver) or DryRun (check only)")
      ->check(CLI::IsMember({"RequestResponse", "Event", "DryRun"}));
  AddStoreFlags(*cmd, args->store);
  return [args] { return RunInvoke(*args); };
}

}  // namespace tern::cli
