// `tern sources [--config FILE]`: every event source the project declares (Kinesis mappings,
// schedules, S3 directories) with its target and state (checkpoint lag, next fire time).
// `tern sources run [--for DURATION]`: runs them (functions through the bus, state machines
// through the runner) until interrupted or DURATION ("30s", "5m", "500ms") has passed.
// `tern serve` runs the same sources alongside the API (triggers/streams/event_sources.h).
#include <cctype>
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "cli/invoker_flags.h"
#include "cli/services.h"
#include "cli/store_flags.h"
#include "runtime/runner.h"
#include "storage/stream_store.h"
#include "triggers/streams/event_sources.h"

namespace tern::cli {

Result<std::unique_ptr<storage::StreamStore>, std::string> OpenStreamsFromFlags(
    const StoreFlags& flags);

namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

struct SourcesArgs {
  StoreFlags store;
  InvokerFlags invoker;
  std::string duration;
};

std::optional<int64_t> ParseDurationMs(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == 0 || i > 12) return std::nullopt;  // at most 12 digits: no overflow
  int64_t n = std::stoll(text.substr(0, i));
  std::string unit = text.substr(i);
  if (unit == "ms") return n;
  if (unit == "s" || unit.empty()) return n * 1000;
  if (unit == "m") return n * 60'000;
  if (unit == "h") return n * 3'600'000;
  return std::nullopt;
}

int RunSources(const SourcesArgs& args, bool run) {
  const char* name = run ? "tern sources run" : "tern sources";
  if (!args.invoker.mock.empty()) {
    std::cerr << name << ": --mock does not apply to event sources\n";
    return kExitUsage;
  }
  std::optional<int64_t> duration;
  if (!args.duration.empty()) {
    duration = ParseDurationMs(args.duration);
    if (!duration) {
      std::cerr << name << ": --for takes a duration like 30s, 5m or 500ms\n";
      return kExitUsage;
    }
  }
  auto store = OpenStoreFromFlags(args.store);
  if (!store) {
    std::cerr << name << ": " << store.error() << "\n";
    return kExitUsage;
  }
  auto streams = OpenStreamsFromFlags(args.store);
  if (!streams) {
    std::cerr << name << ": " << streams.error() << "\n";
    return kExitUsage;
  }
  auto services = Services::Open(args.invoker, "", store->get());
  if (!services) {
    std::cerr << name << ": " << services.error() << "\n";
    return kExitUsage;
  }
  const project::Project* project = (*services)->project();
  if (!project) {
    std::cerr << name << ": no project file (tern.yaml / template.yaml, or --config)\n";
    return kExitUsage;
  }
  engine::RealClock clock;
  runtime::Runner runner(**store, (*services)->invoker(), clock);
  triggers::Bus* bus = (*services)->bus();
  triggers::RunnerBinding bind_runner(bus, runner);
  triggers::EventSources sources(*project, **streams, bus, &runner, store->get());
  if (run) {
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    if (Status s = sources.Start(); !s.ok()) {
      std::cerr << name << ": " << s.message() << "\n";
      return kExitUsage;
    }
    std::cerr << name << ": running " << sources.Describe().size() << " source(s)"
              << (duration ? " for " + args.duration : ", Ctrl-C to stop") << "\n";
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(duration.value_or(0));
    while (!g_stop && (!duration || std::chrono::steady_clock::now() < until)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    sources.Stop();
    runner.WaitSettled();
  }
  std::cout << "TYPE\tID\tSOURCE\tTARGET\tSTATE\tDETAIL\n";
  for (const triggers::SourceDescription& d : sources.Describe()) {
    std::cout << d.type << "\t" << d.id << "\t" << d.source << "\t" << d.target << "\t" << d.state
              << "\t" << d.detail << "\n";
  }
  return kExitOk;
}

}  // namespace

CommandRunner AddSourcesCommand(CLI::App& app);
const CommandRegistration kRegistration{81, &AddSourcesCommand};

CommandRunner AddSourcesCommand(CLI::App& app) {
  auto args = std::make_shared<SourcesArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sources", "List the project's event sources (streams, schedules, S3 directories)");
  AddStoreFlags(*cmd, args->store);
  AddInvokerFlags(*cmd, args->invoker);
  CLI::App* run = cmd->add_subcommand("run", "Run the project's event sources");
  AddStoreFlags(*run, args->store);
  AddInvokerFlags(*run, args->invoker);
  run->add_option("--for", args->duration, "Stop after this long (30s, 5m, 500ms)");
  return [args, run] { return RunSources(*args, run->parsed()); };
}

}  // namespace tern::cli
