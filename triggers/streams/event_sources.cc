#include "triggers/streams/event_sources.h"

#include <condition_variable>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "engine/timestamp.h"
#include "runtime/runner.h"
#include "triggers/bus.h"
#include "triggers/schedule_expression.h"
#include "triggers/stream_lag.h"

namespace tern::triggers {
namespace {

std::string StreamNameFromArn(const std::string& arn) {
  size_t slash = arn.rfind('/');
  return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

bool IsStateMachineArn(const std::string& arn) { return arn.find(":states:") != std::string::npos; }

// Lookups by ARN or name, here rather than Project's Find* so that tern_triggers needs only
// project/'s headers (it does not link tern_project).
const project::FunctionSpec* FindFunction(const project::Project& p, const std::string& key) {
  for (const auto& f : p.functions) {
    if (f.arn == key || f.name == key) return &f;
  }
  return nullptr;
}

const project::StateMachineSpec* FindStateMachine(const project::Project& p,
                                                  const std::string& key) {
  for (const auto& m : p.state_machines) {
    if (m.arn == key || m.name == key) return &m;
  }
  return nullptr;
}

const project::StreamSpec* FindStream(const project::Project& p, const std::string& key) {
  for (const auto& s : p.streams) {
    if (s.arn == key || s.name == key) return &s;
  }
  return nullptr;
}


}  // namespace

BatchOutcome BatchOutcomeOf(const FunctionResponse& response) {
  BatchOutcome out;
  const workers::InvokeResult& r = response.result;
  out.payload = r.payload;
  out.request_id = r.request_id;
  out.function_error = r.function_error;
  out.status_code = response.status_code;
  if (r.error_type == "RecursiveInvocationException") {
    out.kind = BatchOutcome::Kind::kStopped;  // the bus stopped a loop: refused the same again
    return out;
  }
  switch (r.status) {
    case workers::InvokeStatus::kOk:
      out.kind = BatchOutcome::Kind::kSuccess;
      break;
    case workers::InvokeStatus::kFunctionError:
    case workers::InvokeStatus::kTimeout:
    case workers::InvokeStatus::kRuntimeExited:
    case workers::InvokeStatus::kOutOfMemory:
    case workers::InvokeStatus::kInvalidRequest:  // too large: bisection can help
      out.kind = BatchOutcome::Kind::kFunctionError;
      if (out.function_error.empty()) out.function_error = "Unhandled";
      break;
    default:
      out.kind = BatchOutcome::Kind::kRetryable;
  }
  return out;
}

StreamMappingConfig MappingConfigFor(const project::Project& project, const std::string& target,
                                     const std::string& target_arn,
                                     const project::EventSpec& event) {
  StreamMappingConfig c;
  c.id = target + "/" + event.logical_id;
  c.stream_arn = event.stream_arn;
  const project::StreamSpec* spec = FindStream(project, event.stream_arn);
  c.stream = spec ? spec->name : StreamNameFromArn(event.stream_arn);
  c.target_arn = target_arn;
  c.region = project.region;
  c.invoke_identity_arn = "arn:aws:iam::" + project.account + ":role/tern";
  if (event.starting_position == "TRIM_HORIZON") {
    c.starting_position = StartingPosition::kTrimHorizon;
  } else if (event.starting_position == "AT_TIMESTAMP") {
    c.starting_position = StartingPosition::kAtTimestamp;
    c.starting_timestamp_ms = event.starting_position_timestamp.value_or(0) * 1000;
  }
  c.batch_size = event.batch_size;
  c.maximum_batching_window_ms = event.maximum_batching_window_seconds * 1000;
  c.parallelization_factor = event.parallelization_factor;
  c.bisect_batch_on_function_error = event.bisect_batch_on_function_error;
  c.maximum_retry_attempts = event.maximum_retry_attempts;
  c.maximum_record_age_seconds = event.maximum_record_age_seconds;
  c.report_batch_item_failures = event.report_batch_item_failures;
  c.enabled = event.enabled;
  return c;
}

struct EventSources::Impl {
  Impl(const project::Project& p, storage::StreamStore& s, Bus* b, runtime::Runner* r,
       storage::Store* st, EventSourcesOptions o)
      : project(p), streams(s), bus(b), runner(r), store(st), options(o) {}

  const project::Project& project;
  storage::StreamStore& streams;
  Bus* bus;
  runtime::Runner* runner;
  storage::Store* store;
  EventSourcesOptions options;
  engine::RealClock clock;
  std::vector<std::unique_ptr<Schedule>> schedules;
  std::vector<std::unique_ptr<FileEvents>> files;
  std::map<std::string, std::string> errors;  // source id -> why it is not running
  std::mutex machines_mu;
  std::map<std::string, storage::StateMachineRecord> machines;  // by ARN
  std::mutex trim_mu;
  std::condition_variable trim_wake;
  bool stopping = false;
  bool running = false;  // between Start and Stop
  std::thread trimmer;

  // The stored record of a project state machine (registered on first use).
  Result<storage::StateMachineRecord, Status> Machine(const std::string& arn) {
    std::lock_guard lock(machines_mu);
    if (auto it = machines.find(arn); it != machines.end()) return it->second;
    if (!store) return Unexpected(Status::NotFound("no store to run state machine " + arn));
    const project::StateMachineSpec* spec = FindStateMachine(project, arn);
    if (!spec) return Unexpected(Status::NotFound("state machine " + arn + " not in the project"));
    storage::StateMachineRecord record;
    record.arn = spec->arn;
    record.name = spec->name;
    record.type = spec->type;
    record.definition = spec->definition;
    record.role_arn = spec->role_arn;
    auto existing = store->GetStateMachine(spec->arn);
    Result<storage::StateMachineRecord, Status> stored =
        existing ? (existing->definition == record.definition ? existing
                                                              : store->UpdateStateMachine(record))
                 : store->CreateStateMachine(record);
    if (!stored) return stored;
    machines[arn] = *stored;
    return stored;
  }

  Status StartExecution(const std::string& arn, const std::string& input,
                        const std::string& trace) {
    if (!runner) return Status::NotFound("no runner for state machine " + arn);
    auto machine = Machine(arn);
    if (!machine) return machine.error();
    auto started = runner->StartExecution(*machine, "", input, true, trace);
    return started ? Status::Ok() : started.error();
  }

  // Asynchronous delivery (schedules, file events, OnFailure to a function).
  void Deliver(const std::string& target_arn, const std::string& event, const std::string& what) {
    if (IsStateMachineArn(target_arn)) {
      if (Status s = StartExecution(target_arn, event, ""); !s.ok()) {
        std::cerr << "tern: " << what << ": " << s.message() << "\n";
      }
      return;
    }
    if (!bus) {
      std::cerr << "tern: " << what << ": no bus to invoke " << target_arn << "\n";
      return;
    }
    workers::InvokeRequest request;
    request.function = target_arn;
    request.payload = event;
    bus->InvokeFunction(std::move(request), InvocationType::kEvent, [what](FunctionResponse r) {
      if (r.status_code >= 300) {
        std::cerr << "tern: " << what << ": not accepted (" << r.status_code << " "
                  << r.result.error_type << ")\n";
      }
    });
  }
};

EventSources::EventSources(const project::Project& project, storage::StreamStore& streams, Bus* bus,
                           runtime::Runner* runner, storage::Store* store,
                           EventSourcesOptions options)
    : impl_(std::make_unique<Impl>(project, streams, bus, runner, store, options)) {}

EventSources::~EventSources() { Stop(); }

Status EventSources::Start() {
  Impl& m = *impl_;
  m.running = true;
  for (const project::StreamSpec& s : m.project.streams) {
    storage::StreamInfo info;
    info.name = s.name;
    info.arn = s.arn;
    info.shard_count = s.shard_count;
    info.retention_hours = s.retention_hours;
    info.created = m.clock.Now();
    if (auto created = m.streams.CreateStream(info); !created) {
      std::cerr << "tern: stream " << s.name << ": " << created.error().message() << "\n";
    }
  }
  auto each_event = [&](const std::string& target, const std::string& arn,
                        const std::vector<project::EventSpec>& events) {
    for (const project::EventSpec& e : events) {
      const std::string id = target + "/" + e.logical_id;
      if (e.kind == project::EventSpec::Kind::kStream) {
        StreamMappingConfig config = MappingConfigFor(m.project, target, arn, e);
        config.poll_interval_ms = m.options.stream_poll_interval_ms;
        BatchTarget invoke;
        if (IsStateMachineArn(arn)) {
          invoke = [this, arn](const std::string& event, const std::string& trace) {
            BatchOutcome out;
            Status s = impl_->StartExecution(arn, event, trace);
            if (!s.ok()) out.kind = BatchOutcome::Kind::kRetryable;
            return out;
          };
        } else {
          invoke = [this, arn](const std::string& event, const std::string& trace) {
            if (!impl_->bus) return BatchOutcome{BatchOutcome::Kind::kRetryable, "", "", "", 500};
            workers::InvokeRequest request;
            request.function = arn;
            request.payload = event;
            request.trace_id = trace;
            return BatchOutcomeOf(impl_->bus->InvokeFunctionAndWait(std::move(request),
                                                                InvocationType::kRequestResponse));
          };
        }
        std::string destination = e.on_failure ? e.on_failure->arn : "";
        FailureSink sink = [this, id, destination](const std::string& record) {
          bool deliverable =
              !destination.empty() && (FindFunction(impl_->project, destination) ||
                                       FindStateMachine(impl_->project, destination));
          if (deliverable) {
            impl_->Deliver(destination, record, "OnFailure of " + id);
            return;
          }
          if (destination.find(":sqs:") != std::string::npos && impl_->store) {
            // One of tern's built-in queues (the async destinations' queues).
            storage::QueueMessageRecord message;
            message.queue_arn = destination;
            message.body = record;
            message.sent = impl_->clock.Now();
            if (impl_->store->AppendQueueMessage(std::move(message))) return;
          }
          std::cerr << "tern: mapping " << id << " gave up a batch"
                    << (destination.empty()
                            ? ""
                            : " (OnFailure " + destination + " is not a function or state machine)")
                    << "; kept in the store: " << record << "\n";
          (void)impl_->streams.AddStreamFailure(id, record, impl_->clock.Now());
        };
        auto mapping = std::make_unique<StreamMapping>(config, m.streams, std::move(invoke),
                                                       std::move(sink), m.clock);
        if (Status s = mapping->Start(); !s.ok()) {
          m.errors[id] = s.message();
          std::cerr << "tern: mapping " << id << ": " << s.message() << "\n";
        }
        mappings_.push_back(std::move(mapping));
      } else if (e.kind == project::EventSpec::Kind::kSchedule) {
        auto expression = ScheduleExpression::Parse(e.schedule_expression);
        if (!expression) {
          m.errors[id] = expression.error();
          continue;
        }
        if (!e.schedule_timezone.empty() && e.schedule_timezone != "UTC" &&
            e.schedule_timezone != "Etc/UTC") {
          m.errors[id] =
              "ScheduleExpressionTimezone " + e.schedule_timezone + " is not supported (UTC only)";
          std::cerr << "tern: schedule " << id << ": " << m.errors[id] << "\n";
          continue;
        }
        ScheduleConfig config;
        config.id = id;
        config.rule_arn = "arn:aws:events:" + m.project.region + ":" + m.project.account +
                          ":rule/" + target + "-" + e.logical_id;
        config.region = m.project.region;
        config.account = m.project.account;
        config.input = e.input;
        config.enabled = e.enabled;
        auto schedule = std::make_unique<Schedule>(
            config, *expression,
            [this, arn, id](const std::string& event, int64_t) {
              impl_->Deliver(arn, event, "schedule " + id);
            },
            m.clock);
        schedule->Start();
        m.schedules.push_back(std::move(schedule));
      } else if (e.kind == project::EventSpec::Kind::kFile) {
        FileEventsConfig config;
        config.id = id;
        config.bucket = e.bucket;
        config.directory = e.directory;
        if (!e.file_events.empty()) config.events = e.file_events;
        config.key_prefix = e.key_prefix;
        config.key_suffix = e.key_suffix;
        config.region = m.project.region;
        config.poll_interval_ms = m.options.file_poll_interval_ms;
        config.enabled = e.enabled;
        auto files =
            std::make_unique<FileEvents>(config, [this, arn, id](const std::string& event) {
              impl_->Deliver(arn, event, "file events " + id);
            });
        files->Start();
        m.files.push_back(std::move(files));
      }
    }
  };
  for (const project::FunctionSpec& f : m.project.functions) each_event(f.name, f.arn, f.events);
  for (const project::StateMachineSpec& s : m.project.state_machines) {
    each_event(s.name, s.arn, s.events);
  }
  if (!m.project.streams.empty() || !mappings_.empty()) {
    m.trimmer = std::thread([&m] {
      std::unique_lock lock(m.trim_mu);
      while (!m.stopping) {
        m.trim_wake.wait_for(lock, std::chrono::milliseconds(m.options.trim_interval_ms));
        if (m.stopping) break;
        lock.unlock();
        (void)m.streams.TrimExpired(m.clock.Now());
        lock.lock();
      }
    });
  }
  return Status::Ok();
}

void EventSources::Stop() {
  Impl& m = *impl_;
  {
    std::lock_guard lock(m.trim_mu);
    m.stopping = true;
  }
  m.running = false;
  m.trim_wake.notify_all();
  if (m.trimmer.joinable()) m.trimmer.join();
  for (auto& s : m.schedules) s->Stop();
  for (auto& f : m.files) f->Stop();
  for (auto& mapping : mappings_) mapping->Stop();
}

Result<std::vector<storage::StreamPutResult>, Status> EventSources::Put(
    const std::string& stream, const std::vector<storage::StreamPut>& records) {
  auto result = impl_->streams.PutRecords(stream, records, impl_->clock.Now());
  if (result) {
    for (auto& mapping : mappings_) {
      if (mapping->config().stream == stream) mapping->Notify();
    }
  }
  return result;
}

std::vector<SourceDescription> EventSources::Describe() {
  Impl& m = *impl_;
  std::vector<SourceDescription> out;
  auto state_of = [&](const std::string& id, bool enabled, bool running) -> std::string {
    if (auto it = m.errors.find(id); it != m.errors.end()) return "Error: " + it->second;
    if (!enabled) return "Disabled";
    return running ? "Running" : "Enabled";
  };
  auto each_event = [&](const std::string& target, const std::string& arn,
                        const std::vector<project::EventSpec>& events) {
    for (const project::EventSpec& e : events) {
      SourceDescription d;
      d.id = target + "/" + e.logical_id;
      d.target = arn;
      if (e.kind == project::EventSpec::Kind::kStream) {
        d.type = "Kinesis";
        d.source = e.stream_arn;
        bool running = false;
        for (auto& mapping : mappings_) {
          if (mapping->config().id == d.id) running = mapping->running();
        }
        StreamMappingConfig config = MappingConfigFor(m.project, target, arn, e);
        if (m.streams.GetStream(config.stream)) {
          std::optional<int64_t> lag = RecordsBehind(m.streams, d.id, config.stream);
          d.detail = "BatchSize " + std::to_string(e.batch_size) + ", " + e.starting_position +
                     (lag ? ", " + std::to_string(*lag) + " records behind" : ", not started");
        } else {
          d.detail = "stream " + config.stream + " not created yet";
        }
        d.state = state_of(d.id, e.enabled, running);
      } else if (e.kind == project::EventSpec::Kind::kSchedule) {
        d.type = "Schedule";
        d.source = e.schedule_expression;
        bool running = false;
        for (auto& s : m.schedules) {
          if (s->config().id == d.id) running = m.running;
        }
        auto expression = ScheduleExpression::Parse(e.schedule_expression);
        if (!expression) {
          m.errors[d.id] = expression.error();
        } else if (auto next = expression->Next(m.clock.Now(), m.clock.Now())) {
          d.detail = "next " + engine::FormatTimestamp(*next);
        }
        d.state = state_of(d.id, e.enabled, running);
      } else if (e.kind == project::EventSpec::Kind::kFile) {
        d.type = "S3";
        d.source = e.directory;
        d.detail = "bucket " + e.bucket;
        bool running = false;
        for (auto& f : m.files) {
          if (f->config().id == d.id) running = m.running;
        }
        d.state = state_of(d.id, e.enabled, running);
      } else {
        continue;  // HTTP routes belong to tern serve
      }
      out.push_back(std::move(d));
    }
  };
  for (const project::FunctionSpec& f : m.project.functions) each_event(f.name, f.arn, f.events);
  for (const project::StateMachineSpec& s : m.project.state_machines) {
    each_event(s.name, s.arn, s.events);
  }
  return out;
}

}  // namespace tern::triggers
