// The invocation backend used until the trigger bus is built: straight to the worker pool.
#include <memory>

#include "server/invocation_backend.h"
#include "workers/pool.h"

namespace tern::server {
namespace {

class PoolBackend final : public InvocationBackend {
 public:
  explicit PoolBackend(workers::Pool& pool) : pool_(pool) {}

  void InvokeFunction(workers::InvokeRequest request, triggers::InvocationType type,
                      std::function<void(triggers::FunctionResponse)> done) override {
    if (type == triggers::InvocationType::kDryRun) {
      triggers::FunctionResponse response;
      if (pool_.GetFunction(request.function)) {
        response.status_code = 204;
      } else {
        response.status_code = 404;
        response.result.status = workers::InvokeStatus::kNotFound;
      }
      done(std::move(response));
      return;
    }
    if (type == triggers::InvocationType::kEvent) {
      // Accepted at once; the function runs once in the background (no retries, no
      // destinations: those come with the trigger bus's durable queue).
      pool_.Invoke(std::move(request), [](workers::InvokeResult) {});
      triggers::FunctionResponse response;
      response.status_code = 202;
      done(std::move(response));
      return;
    }
    pool_.Invoke(std::move(request), [done = std::move(done)](workers::InvokeResult result) {
      triggers::FunctionResponse response;
      response.status_code = result.HttpStatus();
      response.result = std::move(result);
      done(std::move(response));
    });
  }

  Status SendTaskSuccess(const std::string&, const std::string&) override { return Unsupported(); }
  Status SendTaskFailure(const std::string&, const std::string&, const std::string&) override {
    return Unsupported();
  }
  Status SendTaskHeartbeat(const std::string&) override { return Unsupported(); }

 private:
  static Status Unsupported() {
    return Status::NotFound("Task tokens need the trigger bus, which this tern build lacks");
  }
  workers::Pool& pool_;
};

}  // namespace

std::unique_ptr<InvocationBackend> MakePoolBackend(workers::Pool& pool) {
  return std::make_unique<PoolBackend>(pool);
}

}  // namespace tern::server
