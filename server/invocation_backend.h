// How the server reaches functions and waiting tasks: Lambda Invoke and SendTask* go through
// this interface. `tern serve` wires the trigger bus (triggers/bus.h) behind it
// (cli/serve_command.cc); MakePoolBackend() invokes straight through the worker pool (no async
// queue, no task tokens), and tests use fakes. Only the bus's value types are used here, so
// tern_server does not link tern_triggers.
//
// Thread safety: every member may be called from any thread; `done` may run on any thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "triggers/bus.h"
#include "workers/invoke.h"

namespace tern::workers {
class Pool;
}

namespace tern::server {

class InvocationBackend {
 public:
  virtual ~InvocationBackend() = default;
  virtual void InvokeFunction(workers::InvokeRequest request, triggers::InvocationType type,
                              std::function<void(triggers::FunctionResponse)> done) = 0;
  // NotFound: TaskDoesNotExist; FailedPrecondition: TaskTimedOut; InvalidArgument: InvalidToken.
  virtual Status SendTaskSuccess(const std::string& token, const std::string& output_json) = 0;
  virtual Status SendTaskFailure(const std::string& token, const std::string& error,
                                 const std::string& cause) = 0;
  virtual Status SendTaskHeartbeat(const std::string& token) = 0;
  // GetActivityTask's long poll: the next task scheduled for `activity_arn` within `wait`.
  virtual std::optional<triggers::ActivityTask> GetActivityTask(const std::string& activity_arn,
                                                                std::chrono::milliseconds wait) {
    (void)activity_arn;
    (void)wait;
    return std::nullopt;
  }
};

// Sync invokes through the pool; Event runs the function in the background once (no retries,
// no destinations); DryRun checks that the function exists. Task tokens are not supported.
std::unique_ptr<InvocationBackend> MakePoolBackend(workers::Pool& pool);

}  // namespace tern::server
