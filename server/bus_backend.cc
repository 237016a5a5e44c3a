// The invocation backend of `tern serve`: the trigger bus.
#include <memory>

#include "server/invocation_backend.h"
#include "triggers/bus.h"

namespace tern::server {
namespace {

class BusBackend final : public InvocationBackend {
 public:
  explicit BusBackend(triggers::Bus& bus) : bus_(bus) {}

  void InvokeFunction(workers::InvokeRequest request, triggers::InvocationType type,
                      std::function<void(triggers::FunctionResponse)> done) override {
    bus_.InvokeFunction(std::move(request), type, std::move(done));
  }
  Status SendTaskSuccess(const std::string& token, const std::string& output) override {
    return bus_.SendTaskSuccess(token, output);
  }
  Status SendTaskFailure(const std::string& token, const std::string& error,
                         const std::string& cause) override {
    return bus_.SendTaskFailure(token, error, cause);
  }
  Status SendTaskHeartbeat(const std::string& token) override {
    return bus_.SendTaskHeartbeat(token);
  }

 private:
  triggers::Bus& bus_;
};

}  // namespace

std::unique_ptr<InvocationBackend> MakeBusBackend(triggers::Bus& bus) {
  return std::make_unique<BusBackend>(bus);
}

}  // namespace tern::server
