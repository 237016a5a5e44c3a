// Pool's public face: forwards to Pool::Impl (detail/pool_impl.h).
#include "workers/pool.h"

#include <future>

#include "workers/detail/pool_impl.h"

namespace tern::workers {

Pool::Pool(PoolOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Pool::~Pool() = default;

Status Pool::PutFunction(const project::FunctionSpec& spec) { return impl_->PutFunction(spec); }
Status Pool::RemoveFunction(const std::string& name) { return impl_->RemoveFunction(name); }
Status Pool::SetReservedConcurrency(const std::string& name, std::optional<int> reserved) {
  return impl_->SetReservedConcurrency(name, reserved);
}
Status Pool::SetProvisionedConcurrency(const std::string& name, int environments) {
  return impl_->SetProvisionedConcurrency(name, environments);
}
Status Pool::SetInvokeSettings(const std::string& name,
                               std::optional<project::EventInvokeConfig> event_invoke_config,
                               bool recursive_loop_allow) {
  return impl_->SetInvokeSettings(name, std::move(event_invoke_config), recursive_loop_allow);
}
std::optional<project::FunctionSpec> Pool::GetFunction(const std::string& name_or_arn) const {
  return impl_->GetFunction(name_or_arn);
}
std::vector<std::string> Pool::ListFunctions() const { return impl_->ListFunctions(); }

void Pool::Invoke(InvokeRequest request, std::function<void(InvokeResult)> done) {
  impl_->Invoke(std::move(request), std::move(done));
}

InvokeResult Pool::InvokeAndWait(InvokeRequest request) {
  std::promise<InvokeResult> promise;
  std::future<InvokeResult> future = promise.get_future();
  impl_->Invoke(std::move(request),
                [&promise](InvokeResult result) { promise.set_value(std::move(result)); });
  return future.get();
}

Status Pool::AwaitProvisioned(const std::string& name, std::chrono::milliseconds timeout) {
  return impl_->AwaitProvisioned(name, timeout);
}
std::vector<FunctionStats> Pool::Stats() const { return impl_->Stats(); }
std::optional<FunctionStats> Pool::StatsFor(const std::string& name) const {
  return impl_->StatsFor(name);
}
std::string Pool::LogPath(const std::string& name) const { return impl_->LogPath(name); }
const PoolOptions& Pool::options() const { return impl_->options(); }

}  // namespace tern::workers
