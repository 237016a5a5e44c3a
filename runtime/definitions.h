// Definitions as stored (the text a user gave, JSON or YAML) compiled into state machines, once
// per state machine revision: an execution always runs the revision it started with, even
// after the machine was updated.
//
// Thread safety: Compile may be called from any thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "asl/model/state_machine.h"
#include "common/result.h"
#include "common/status.h"

namespace tern::runtime {

// Parses, validates and builds `text`. The error lists every validation error, one per line.
Result<std::shared_ptr<const asl::StateMachine>, Status> CompileDefinition(const std::string& text);

class DefinitionCache {
 public:
  Result<std::shared_ptr<const asl::StateMachine>, Status> Compile(const std::string& arn,
                                                                  int64_t revision,
                                                                  const std::string& text);

 private:
  std::mutex mu_;
  std::map<std::pair<std::string, int64_t>, std::shared_ptr<const asl::StateMachine>> cache_;
};

}  // namespace tern::runtime
