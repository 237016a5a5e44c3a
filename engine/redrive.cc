// RedriveExecution: where a failed, timed-out or aborted execution starts over.
//
// When an execution ends unsuccessfully its frames are still in memory, each at the state it
// was in: the failed state, or a state that was aborted. A redrive point is a checkpoint
// (engine/checkpoint.cc) of that tree in which
//   - every frame re-enters its current state ("blocked": "reenter") with the raw input it
//     had, its variables as they were, and fresh retry counters: states that had exited are
//     not run again (AWS: a state is redriven when its ...Entered has no ...Exited);
//   - a Map or Parallel frame whose children had started keeps them instead of re-entering:
//     successful children keep their results, the others are redriven the same way
//     (recursively) but no more at once than MaxConcurrency allows (the rest queue, ahead of
//     children never launched, which are launched as usual); when every child had succeeded
//     (the state failed after them), the state is entered again.
// Resuming from it (Execution::Resume) after an ExecutionRedriven event is the redrive.
#include <map>
#include <utility>
#include <vector>

#include "engine/detail/execution_impl.h"

namespace tern::engine {
namespace {

Json OwnVariables(const VariableScope& scope) {
  Json vars = Json::object();
  for (const auto& [name, value] : scope.own()) vars[name] = value;
  return vars;
}

// The group of a Map/Parallel frame as a redrive keeps it; null when the state must be
// entered again instead (it had not started its children, or one was never created).
Json RedriveGroup(const Frame& frame, Json (*redrive_frame)(const Frame&)) {
  if (!frame.children || frame.state == nullptr) return Json();
  if (frame.state->type != asl::StateType::kMap && frame.state->type != asl::StateType::kParallel) {
    return Json();
  }
  const ChildGroup& g = *frame.children;
  if (g.entered_event != frame.entered_event) return Json();  // an earlier state's group
  if (g.total == 0 || g.launched == 0) return Json();
  // Every child succeeded, so the state failed in its own result processing (ResultSelector,
  // ResultPath, OutputPath, the size limit): kept, the group would have nothing left to run and
  // never finish. The state is entered again, children and all.
  if (g.launched == g.total && g.succeeded == g.total) return Json();
  // Children still queued by an earlier redrive have no frame yet: they are redriven from the
  // same checkpoint.
  std::map<size_t, const Json*> queued;
  for (const auto& [index, child] : g.queued) queued[index] = &child;
  Json results = Json::object();
  std::vector<std::pair<size_t, Json>> rerun;  // by index
  size_t succeeded = 0;
  for (size_t i = 0; i < g.launched; ++i) {
    const Frame* child = g.frames[i];
    if (child == nullptr) {
      if (auto q = queued.find(i); q != queued.end()) {
        rerun.emplace_back(i, *q->second);
        continue;
      }
      return Json();  // an iteration whose ItemSelector failed has no frame: rerun the state
    }
    if (child->succeeded) {
      results[std::to_string(i)] = g.results[i];
      ++succeeded;
    } else if (child->state == nullptr) {
      // A failure restored from a checkpoint keeps only its result, not the state it failed
      // in: it cannot be redriven on its own, so the whole state is.
      return Json();
    } else {
      rerun.emplace_back(i, redrive_frame(*child));
    }
  }
  // MaxConcurrency holds for the rerun children too: as many as it allows run at once, the
  // others wait for a slot (before any child that was never launched).
  Json running = Json::object();
  Json waiting = Json::array();
  for (auto& [index, child] : rerun) {
    if (g.limit == 0 || running.size() < g.limit) {
      running[std::to_string(index)] = std::move(child);
    } else {
      waiting.push_back(Json::array({index, std::move(child)}));
    }
  }
  Json group{{"launched", g.launched},
             {"succeeded", succeeded},
             {"failures", 0},
             {"started_event", g.started_event},
             {"results", std::move(results)},
             {"running", std::move(running)}};
  if (!waiting.empty()) group["queued"] = std::move(waiting);
  return group;
}

Json RedriveFrame(const Frame& frame) {
  Json f = Json::object();
  f["state"] = frame.state ? frame.state->name : std::string();
  f["input"] = frame.input;
  f["prev"] = 0;  // the ExecutionRedriven event
  f["entered"] = frame.entered_event;
  f["entered_time"] = frame.entered_time;
  f["retry_count"] = 0;
  f["attempts"] = Json::array();
  if (frame.own_scope) f["vars"] = OwnVariables(*frame.own_scope);
  f["wake_at"] = 0;
  Json group = RedriveGroup(frame, &RedriveFrame);
  if (group.is_null()) {
    f["blocked"] = "reenter";
  } else {
    // The Map/Parallel state goes on from its started event, as after a crash.
    f["prev"] = frame.prev_event;
    f["blocked"] = "children";
    f["group"] = std::move(group);
  }
  return f;
}

}  // namespace

Json ExecutionImpl::RedrivePoint() const {
  const bool unsuccessful = outcome_.status == ExecutionStatus::kFailed ||
                            outcome_.status == ExecutionStatus::kTimedOut ||
                            outcome_.status == ExecutionStatus::kAborted;
  // Nothing ran (the input was refused at the start): there is no state to go back to.
  if (!unsuccessful || top_ == nullptr || top_->state == nullptr) return Json();
  Json point{{"v", 1}, {"vars", OwnVariables(globals_)}, {"top", RedriveFrame(*top_)}};
  // The redriven run's jittered retries continue the sequence rather than repeat it.
  if (random_draws() > 0) point["draws"] = random_draws();
  return point;
}

void ExecutionImpl::ReenterLater(Frame& frame) {
  frame.blocked = Blocked::kReenter;
  const uint64_t gen = ++frame.generation;
  // Posted, not entered now: the state may complete at once, and its parent (a Map or
  // Parallel being restored) must be fully restored first.
  scheduler_.Post([this, &frame, gen] {
    if (frame.generation != gen || frame.done || finished()) return;
    frame.driving = true;
    EnterState(frame);
    frame.driving = false;
    Drive(frame);
  });
}

}  // namespace tern::engine
