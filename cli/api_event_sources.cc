#include "cli/api_event_sources.h"

#include <iostream>

#include "runtime/runner.h"
#include "triggers/streams/event_sources.h"

namespace tern::cli {
namespace {

triggers::StreamMappingConfig ConfigOf(const server::EventSourceMappingSpec& m,
                                       const std::string& region, const std::string& account) {
  triggers::StreamMappingConfig c;
  c.id = m.uuid;  // checkpoints are kept per UUID: an update or a restart resumes from them
  c.stream = m.stream;
  c.stream_arn = m.event_source_arn;
  c.target_arn = m.function_arn;
  c.region = region;
  c.invoke_identity_arn = "arn:aws:iam::" + account + ":role/tern";
  if (m.starting_position == "TRIM_HORIZON") {
    c.starting_position = triggers::StartingPosition::kTrimHorizon;
  } else if (m.starting_position == "AT_TIMESTAMP") {
    c.starting_position = triggers::StartingPosition::kAtTimestamp;
    c.starting_timestamp_ms = static_cast<int64_t>(m.starting_position_timestamp * 1000);
  } else {
    c.starting_position = triggers::StartingPosition::kLatest;
  }
  c.batch_size = m.batch_size;
  c.maximum_batching_window_ms = m.maximum_batching_window_seconds * 1000;
  c.parallelization_factor = m.parallelization_factor;
  c.bisect_batch_on_function_error = m.bisect_batch_on_function_error;
  c.maximum_retry_attempts = m.maximum_retry_attempts;
  c.maximum_record_age_seconds = m.maximum_record_age_seconds;
  c.report_batch_item_failures = m.report_batch_item_failures;
  c.enabled = m.enabled;
  return c;
}

}  // namespace

ApiEventSources::ApiEventSources(storage::StreamStore& streams, triggers::Bus& bus,
                                 storage::Store* store, runtime::Runner* runner, std::string region,
                                 std::string account)
    : streams_(streams),
      bus_(bus),
      store_(store),
      runner_(runner),
      region_(std::move(region)),
      account_(std::move(account)) {}

ApiEventSources::~ApiEventSources() { StopAll(); }

Status ApiEventSources::CheckStream(const std::string& stream) {
  auto info = streams_.GetStream(stream);
  return info ? Status::Ok() : info.error();
}

std::unique_ptr<triggers::StreamMapping> ApiEventSources::Take(const std::string& uuid) {
  std::lock_guard lock(mu_);
  auto it = mappings_.find(uuid);
  if (it == mappings_.end()) return nullptr;
  std::unique_ptr<triggers::StreamMapping> taken = std::move(it->second);
  mappings_.erase(it);
  return taken;
}

Status ApiEventSources::Run(const server::EventSourceMappingSpec& m) {
  std::lock_guard change(change_mu_);
  // Stopping waits for a batch in flight (up to the function's timeout): not under mu_, so
  // Invocations() and Running() (the API's Get/List, /metrics) are answered meanwhile. The new
  // settings start from the old mapping's checkpoint.
  if (auto old = Take(m.uuid)) old->Stop();
  if (!m.enabled) return Status::Ok();
  const std::string function = m.function_arn;
  triggers::BatchTarget invoke = [this, function](const std::string& event,
                                                  const std::string& trace) {
    workers::InvokeRequest request;
    request.function = function;
    request.payload = event;
    request.trace_id = trace;
    return triggers::BatchOutcomeOf(
        bus_.InvokeFunctionAndWait(std::move(request), triggers::InvocationType::kRequestResponse));
  };
  const std::string uuid = m.uuid;
  const std::string destination = m.on_failure;
  triggers::FailureSink sink = [this, uuid, destination](const std::string& record) {
    SendFailure(uuid, destination, record);
  };
  auto mapping = std::make_unique<triggers::StreamMapping>(
      ConfigOf(m, region_, account_), streams_, std::move(invoke), std::move(sink), clock_);
  if (Status s = mapping->Start(); !s.ok()) return s;
  std::lock_guard lock(mu_);
  mappings_[m.uuid] = std::move(mapping);
  return Status::Ok();
}

void ApiEventSources::Stop(const std::string& uuid) {
  std::lock_guard change(change_mu_);
  if (auto old = Take(uuid)) old->Stop();
}

uint64_t ApiEventSources::Invocations(const std::string& uuid) {
  std::lock_guard lock(mu_);
  auto it = mappings_.find(uuid);
  return it == mappings_.end() ? 0 : it->second->stats().invocations.load();
}

std::vector<triggers::StreamMappingConfig> ApiEventSources::Running() {
  std::lock_guard lock(mu_);
  std::vector<triggers::StreamMappingConfig> out;
  for (const auto& [uuid, mapping] : mappings_) out.push_back(mapping->config());
  return out;
}

void ApiEventSources::StopAll() {
  std::lock_guard change(change_mu_);
  std::map<std::string, std::unique_ptr<triggers::StreamMapping>> all;
  {
    std::lock_guard lock(mu_);
    all.swap(mappings_);
  }
  for (auto& [uuid, mapping] : all) mapping->Stop();
}

void ApiEventSources::SendFailure(const std::string& uuid, const std::string& destination,
                                  const std::string& record) {
  if (destination.rfind("arn:aws:sqs:", 0) == 0 && store_) {
    storage::QueueMessageRecord message;
    message.queue_arn = destination;
    message.body = record;
    message.sent = clock_.Now();
    if (store_->AppendQueueMessage(std::move(message))) return;
  } else if (destination.rfind("arn:aws:lambda:", 0) == 0) {
    workers::InvokeRequest request;
    request.function = destination;
    request.payload = record;
    bus_.InvokeFunction(std::move(request), triggers::InvocationType::kEvent,
                        [uuid, destination](triggers::FunctionResponse r) {
                          if (r.status_code >= 300) {
                            std::cerr << "tern: mapping " << uuid << ": OnFailure " << destination
                                      << " not accepted (" << r.status_code << " "
                                      << r.result.error_type << ")\n";
                          }
                        });
    return;
  } else if (destination.rfind("arn:aws:states:", 0) == 0 && runner_ && store_) {
    auto machine = store_->GetStateMachine(destination);
    if (machine && runner_->StartExecution(*machine, "", record, true, "")) return;
  }
  std::cerr << "tern: mapping " << uuid << " gave up a batch"
            << (destination.empty() ? "" : " (OnFailure " + destination + " could not take it)")
            << "; kept in the store: " << record << "\n";
  (void)streams_.AddStreamFailure(uuid, record, clock_.Now());
}

}  // namespace tern::cli
