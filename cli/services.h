// What the commands that run workflows share: how Task states are answered. With --mock, Step
// Functions Local's mocked responses; otherwise the trigger bus, with the functions of the
// project file (--config, else tern.yaml / template.yaml in the current folder, if any) running
// as real processes. Without a project a Task calling a function fails with Lambda's
// ResourceNotFoundException, as it would on AWS.
#pragma once

#include <memory>
#include <string>

#include "cli/invoker_flags.h"
#include "common/result.h"
#include "engine/invoker.h"
#include "project/project.h"
#include "triggers/bus.h"
#include "workers/pool.h"

namespace tern::storage {
class Store;
}

namespace tern::cli {

class Services {
 public:
  // `machine_name` picks the mock file's state machine; `store` (may be null) lets the bus
  // start nested executions.
  static Result<std::unique_ptr<Services>, std::string> Open(const InvokerFlags& flags,
                                                            const std::string& machine_name,
                                                            storage::Store* store);
  ~Services();

  engine::Invoker& invoker() { return *invoker_; }
  triggers::Bus* bus() { return bus_.get(); }  // null with --mock
  workers::Pool* pool() { return pool_.get(); }
  const project::Project* project() const { return project_ ? &*project_ : nullptr; }

 private:
  Services() = default;
  std::optional<project::Project> project_;
  std::unique_ptr<workers::Pool> pool_;
  std::unique_ptr<triggers::Bus> bus_;  // destroyed before the pool it uses
  std::unique_ptr<engine::Invoker> mock_;  // --mock, or the bus's wrapper without a project
  engine::Invoker* invoker_ = nullptr;
};

}  // namespace tern::cli
