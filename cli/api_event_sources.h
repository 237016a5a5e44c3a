// `tern serve`'s runner of event source mappings created through the Lambda API
// (server/event_source_backend.h): each mapping is a triggers::StreamMapping on a tern stream,
// checkpointed under its UUID, whose batches go to the function through the trigger bus
// (synchronously, as Lambda's stream pollers do) and whose given-up batches go to OnFailure: a
// built-in queue (arn:aws:sqs:...), a function or state machine (an Event invocation / an
// execution), else the stream's failure records (`tern sources failures`).
//
// Thread safety: every member may be called from any thread; Run/Stop of one UUID serialise.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/clock.h"
#include "server/event_source_backend.h"
#include "storage/store.h"
#include "storage/stream_store.h"
#include "triggers/bus.h"
#include "triggers/stream_mapping.h"

namespace tern::runtime {
class Runner;
}

namespace tern::cli {

class ApiEventSources final : public server::EventSourceBackend {
 public:
  // `store` (for queue destinations) and `runner` (state machine destinations) may be null.
  ApiEventSources(storage::StreamStore& streams, triggers::Bus& bus, storage::Store* store,
                  runtime::Runner* runner, std::string region, std::string account);
  ~ApiEventSources() override;  // StopAll()

  Status CheckStream(const std::string& stream) override;
  Status Run(const server::EventSourceMappingSpec& mapping) override;
  void Stop(const std::string& uuid) override;
  uint64_t Invocations(const std::string& uuid) override;
  // The running mappings' configurations (tern serve's stream lag gauge).
  std::vector<triggers::StreamMappingConfig> Running();
  // Stops every mapping (before the bus and the pool go).
  void StopAll();

 private:
  void SendFailure(const std::string& uuid, const std::string& destination,
                   const std::string& record);

  storage::StreamStore& streams_;
  triggers::Bus& bus_;
  storage::Store* store_;
  runtime::Runner* runner_;
  const std::string region_;
  const std::string account_;
  engine::RealClock clock_;
  // Removes and returns the mapping of `uuid` (null: none), for stopping outside mu_.
  std::unique_ptr<triggers::StreamMapping> Take(const std::string& uuid);

  std::mutex change_mu_;  // Run/Stop/StopAll: one change at a time
  std::mutex mu_;         // mappings_ only; never held while a mapping stops (that can be long)
  std::map<std::string, std::unique_ptr<triggers::StreamMapping>> mappings_;  // guarded by mu_
};

}  // namespace tern::cli
