// Every event source a project declares, run together: Kinesis events as stream mappings
// (triggers/stream_mapping.h) on tern's streams, Schedule/ScheduleV2 events as schedules
// (triggers/schedule.h), S3 events as watched directories (triggers/file_events.h). Targets
// are the project's functions (through the bus: stream batches synchronously, schedules and
// file events asynchronously, as Lambda does) and state machines (one execution per batch or
// per event, through the runner). docs/streams.md describes the semantics.
//
// `tern serve` and `tern sources run` own one:
//   triggers::EventSources sources(project, *streams, bus, &runner, &store);
//   sources.Start();   // after the bus, runner and pool exist; reports sources it cannot run
//   ...
//   sources.Stop();    // before the runner, bus and pool go
//
// Thread safety: Start/Stop/Describe from one thread; Put from any thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/clock.h"
#include "project/project.h"
#include "storage/store.h"
#include "triggers/bus.h"
#include "triggers/file_events.h"
#include "triggers/schedule.h"
#include "triggers/stream_mapping.h"

namespace tern::runtime {
class Runner;
}

namespace tern::triggers {

class Bus;

struct EventSourcesOptions {
  int stream_poll_interval_ms = 100;
  int file_poll_interval_ms = 500;
  int trim_interval_ms = 60'000;  // retention trimming of the project's streams
};

// One declared source, as `tern sources` lists it.
struct SourceDescription {
  std::string type;    // Kinesis | Schedule | S3
  std::string id;      // "Target/EventId"
  std::string source;  // the stream ARN, the expression, the directory
  std::string target;  // function or state machine ARN
  std::string state;   // Enabled | Disabled | Running | "Error: ..."
  std::string detail;  // checkpoints and lag, next fire time, ...
};

class EventSources {
 public:
  // `runner` and `store` may be null (then state machine targets are reported, not run).
  EventSources(const project::Project& project, storage::StreamStore& streams, Bus* bus,
               runtime::Runner* runner, storage::Store* store, EventSourcesOptions options = {});
  ~EventSources();
  EventSources(const EventSources&) = delete;
  EventSources& operator=(const EventSources&) = delete;

  // Creates the project's streams (AWS::Kinesis::Stream) and starts every enabled source.
  // A source that cannot start is reported in Describe() and on stderr; the others run.
  Status Start();
  void Stop();

  // Every declared source with its state (works before Start too).
  std::vector<SourceDescription> Describe();

  // Puts records and wakes this process's mappings on that stream.
  Result<std::vector<storage::StreamPutResult>, Status> Put(
      const std::string& stream, const std::vector<storage::StreamPut>& records);

  const std::vector<std::unique_ptr<StreamMapping>>& mappings() const { return mappings_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<std::unique_ptr<StreamMapping>> mappings_;
};

// A synchronous invocation's answer as a stream mapping sees it: the function ran and failed
// (an attempt; may bisect), the bus stopped a recursive loop (given up at once), or the
// invocation did not happen (retried, never counted).
BatchOutcome BatchOutcomeOf(const FunctionResponse& response);

// A mapping's configuration from a project's Kinesis event of `target`.
StreamMappingConfig MappingConfigFor(const project::Project& project, const std::string& target,
                                     const std::string& target_arn,
                                     const project::EventSpec& event);

}  // namespace tern::triggers
