#include "cli/services.h"

#include <filesystem>

#include "workers/log_files.h"

namespace tern::cli {
namespace {

// Without a project file no function exists: a Task calling one fails as on AWS
// (Lambda.ResourceNotFoundException), and the cause says how to provide one.
class NoProjectInvoker final : public engine::Invoker {
 public:
  explicit NoProjectInvoker(engine::Invoker& bus) : bus_(bus) {}
  void Invoke(const engine::TaskRequest& request,
              std::function<void(engine::TaskResult)> done) override {
    bus_.Invoke(request, [done = std::move(done)](engine::TaskResult result) {
      if (!result && result.error().error == "Lambda.ResourceNotFoundException") {
        asl::Failure f = result.error();
        f.cause += " (no project file here: give --config FILE with the function, or run with "
                   "--mock FILE --test-case NAME to mock the task)";
        return done(Unexpected(std::move(f)));
      }
      done(std::move(result));
    });
  }

 private:
  engine::Invoker& bus_;
};

}  // namespace

Result<std::unique_ptr<Services>, std::string> Services::Open(const InvokerFlags& flags,
                                                              const std::string& machine_name,
                                                              storage::Store* store) {
  std::unique_ptr<Services> s(new Services());
  if (!flags.mock.empty() || !flags.test_case.empty()) {
    auto mock = MakeMockInvoker(flags, machine_name);
    if (!mock) return Unexpected(mock.error());
    s->mock_ = std::move(mock).value();
    s->invoker_ = s->mock_.get();
    return s;
  }
  std::string config = flags.config;
  if (config.empty()) {
    auto found = project::FindProjectFile(std::filesystem::current_path().string());
    if (found) config = *found;  // no project file: workflows without functions still run
  }
  workers::PoolOptions options;
  if (!config.empty()) {
    auto loaded = project::LoadProject(config);
    if (!loaded) return Unexpected(loaded.error().message());
    s->project_ = std::move(loaded).value();
    options.log_dir = workers::ProjectLogDir(s->project_->dir);
    options.region = s->project_->region;
    options.account = s->project_->account;
  }
  s->pool_ = std::make_unique<workers::Pool>(options);
  if (s->project_) {
    for (const project::FunctionSpec& f : s->project_->functions) {
      if (Status st = s->pool_->PutFunction(f); !st.ok()) {
        return Unexpected(config + ": function " + f.name + ": " + st.message());
      }
    }
  }
  triggers::BusOptions bus_options;
  bus_options.region = options.region;
  bus_options.account = options.account;
  s->bus_ = std::make_unique<triggers::Bus>(*s->pool_, store, bus_options);
  s->invoker_ = s->bus_.get();
  if (!s->project_) {
    s->mock_ = std::make_unique<NoProjectInvoker>(*s->bus_);
    s->invoker_ = s->mock_.get();
  }
  return s;
}

Services::~Services() = default;

}  // namespace tern::cli
