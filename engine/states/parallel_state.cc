// Parallel: every branch gets the same effective input; the result is the array of branch
// outputs in branch order. A failing branch stops the others and fails the state with the
// branch's own error (AWS behaviour, not the spec's States.BranchFailed).
#include "engine/detail/execution_impl.h"
#include "engine/detail/io_pipeline.h"

namespace tern::engine {
namespace {

// Creates the child group; `input` is the effective input every branch starts with.
ChildGroup& NewGroup(ExecutionImpl& exec, Frame& frame, Json input) {
  frame.children = std::make_unique<ChildGroup>();
  frame.blocked = Blocked::kChildren;
  ChildGroup& g = *frame.children;
  g.entered_event = frame.entered_event;
  g.total = frame.state->branches.size();
  g.results.assign(g.total, Json());
  g.result_texts.assign(g.total, SharedText());
  g.frames.assign(g.total, nullptr);
  const uint64_t gen = frame.generation;
  g.attach = [&exec, &frame, &g, gen](size_t i) -> Frame& {
    Frame& child = exec.NewChildFrame(frame, *frame.state->branches[i]);
    g.frames[i] = &child;
    child.on_done = [&exec, &frame, &g, gen, i](Result<Json, asl::Failure> r, int64_t last) {
      if (frame.generation != gen || frame.done || g.failed) return;
      --g.running;
      if (!r) {
        g.failed = true;
        for (Frame* other : g.frames) {
          if (other && !other->done) exec.AbortFrame(*other);
        }
        frame.prev_event = last;
        return exec.FailStateFromChildren(frame, std::move(r).error());
      }
      g.results[i] = std::move(r).value();
      g.result_texts[i] = ChildOutputText(*frame.history, last);
      frame.prev_event = std::max(frame.prev_event, last);
      if (++g.succeeded == g.total) {
        frame.prev_event = frame.history->Add("ParallelStateSucceeded", "", Json(), last);
        Json results = Json::array();
        for (Json& v : g.results) results.push_back(std::move(v));
        return FinishWithResult(exec, frame, std::move(results), ResultText(g));
      }
      exec.Pump(frame);
    };
    return child;
  };
  // Every branch starts from the same input: its text is written once and shared.
  g.launch = [&exec, &g, input = std::move(input), text = SharedText()](size_t i) mutable {
    if (text.empty()) text = SharedText(Dump(input));
    Frame& child = g.attach(i);
    child.prev_event = g.started_event;
    exec.StartFrame(child, input, text);
  };
  return g;
}

}  // namespace

void RunParallelState(ExecutionImpl& exec, Frame& frame) {
  Json input;
  if (!EffectiveInput(exec, frame, input)) return;
  HistoryBuilder& h = *frame.history;
  frame.prev_event = h.Add("ParallelStateStarted", "", Json(), frame.prev_event);
  ChildGroup& g = NewGroup(exec, frame, std::move(input));
  g.started_event = frame.prev_event;
  if (g.total == 0) {
    frame.prev_event = h.Add("ParallelStateSucceeded", "", Json(), frame.prev_event);
    return FinishWithResult(exec, frame, Json::array());
  }
  exec.Pump(frame);
}

void ResumeParallelState(ExecutionImpl& exec, Frame& frame, const Json& group) {
  Json input;
  if (!EffectiveInput(exec, frame, input)) return;
  NewGroup(exec, frame, std::move(input));
  exec.RestoreChildren(frame, group);
}

}  // namespace tern::engine
