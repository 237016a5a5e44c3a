// How Task states reach the outside world (functions, integrations, activities). The engine
// sees only this interface; the trigger bus implements it, and tests use scripted fakes.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "asl/core/failure.h"
#include "common/json.h"
#include "common/result.h"

namespace tern::engine {

struct TaskRequest {
  std::string resource;  // the Task's Resource ARN as written
  Json payload;          // the effective input (Parameters / Arguments applied)
  std::string state_name;
  std::string execution_arn;
  std::string state_machine_name;
  int64_t attempt = 0;                    // 0 for the first try, then 1, 2, ... for retries
  std::optional<std::string> task_token;  // .waitForTaskToken and activities
  std::optional<double> timeout_seconds;
  // HeartbeatSeconds: a task-token task fails with States.HeartbeatTimeout when no heartbeat
  // (SendTaskHeartbeat) arrives for this long. The invoker enforces it.
  std::optional<double> heartbeat_seconds;
  // The task had handed its token over (on_delivered) before the execution was checkpointed and
  // resumed, so an invoker only waits for the token again. A resumed task that had not (a
  // plain task, or a token task whose function had not returned) comes with false: it is
  // invoked again.
  bool resumed = false;
  // The execution's trace header (X-Amzn-Trace-Id with its recursion Lineage); empty: new.
  std::string trace_id;
  // Task-token tasks: the invoker calls this (from any thread, at most once) when the token
  // has been handed over (the function that receives it returned, the activity task is queued),
  // so the execution knows it now only waits for an answer.
  std::function<void()> on_delivered;
};

using TaskResult = Result<Json, asl::Failure>;

class Invoker {
 public:
  virtual ~Invoker() = default;
  // Starts the task. `done` is called exactly once, from any thread (the engine re-posts it to
  // the execution's scheduler). A result that arrives after the task timed out is dropped.
  virtual void Invoke(const TaskRequest& request, std::function<void(TaskResult)> done) = 0;
};

}  // namespace tern::engine
