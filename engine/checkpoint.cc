// Checkpoints: an execution's running frames as JSON, and resuming from them.
//
// Between two scheduler callbacks every running frame is blocked on exactly one thing (a Wait
// timer, a Retry backoff, a task, its children), so a checkpoint taken then is complete: it is
// the frame tree with, per frame, the current state, its raw input, the event ids it links to,
// its retry counters, its own variables, and what it waits for. A Parallel/Map frame also
// holds its finished children's results and its running children's frames.
//
// Format (versioned by "v"; an engine that reads an unknown version refuses to resume):
//   {"v": 1, "vars": {...top-level variables}, "top": FRAME,
//    "draws": N (numbers drawn for retry jitter so far; absent when none)}
//   FRAME = {"state", "input", "prev", "entered", "entered_time", "retry_count",
//            "attempts": [...], "vars": {...own variables, child frames only},
//            "blocked": "wait"|"retry"|"task"|"children"|"reenter", "wake_at",
//            "token" and "delivered" (task: whether the token had been handed over),
//            "group" (children)}
//   group = {"launched", "succeeded", "failures", "started_event",
//            "results": {"<index>": value}, "running": {"<index>": FRAME},
//            "failed": [index, ...] (finished children whose failure was tolerated; absent
//            when none: every finished child of an older checkpoint succeeded),
//            "queued": [[index, FRAME], ...] (redriven children waiting for a slot under
//            MaxConcurrency, started before any new child; absent when none)}
// A "reenter" frame enters its state again from "input" (a redrive, engine/redrive.cc); its
// "prev" 0 means the event the resume continues after (ExecutionRedriven).
#include <set>
#include <stdexcept>

#include "engine/detail/execution_impl.h"

namespace tern::engine {
namespace {

constexpr int kCheckpointVersion = 1;

const char* BlockedName(Blocked b) {
  switch (b) {
    case Blocked::kWait:
      return "wait";
    case Blocked::kRetry:
      return "retry";
    case Blocked::kTask:
      return "task";
    case Blocked::kChildren:
      return "children";
    case Blocked::kReenter:
      return "reenter";
    case Blocked::kNone:
      break;
  }
  return "none";
}

Blocked ParseBlocked(const std::string& name) {
  if (name == "wait") return Blocked::kWait;
  if (name == "retry") return Blocked::kRetry;
  if (name == "task") return Blocked::kTask;
  if (name == "children") return Blocked::kChildren;
  if (name == "reenter") return Blocked::kReenter;
  throw std::runtime_error("checkpoint: a frame waits for '" + name + "'");
}

Json Variables(const VariableScope& scope) {
  Json vars = Json::object();
  for (const auto& [name, value] : scope.own()) vars[name] = value;
  return vars;
}

Json FrameCheckpoint(const Frame& frame) {
  Json f = Json::object();
  f["state"] = frame.state ? frame.state->name : std::string();
  f["input"] = frame.input;
  f["prev"] = frame.prev_event;
  f["entered"] = frame.entered_event;
  f["entered_time"] = frame.entered_time;
  f["retry_count"] = frame.retry_count;
  f["attempts"] = frame.retrier_attempts;
  if (frame.own_scope) f["vars"] = Variables(*frame.own_scope);
  f["blocked"] = BlockedName(frame.blocked);
  f["wake_at"] = frame.wake_at;
  if (frame.task_token) {
    f["token"] = *frame.task_token;
    f["delivered"] = frame.token_delivered;
  }
  if (frame.blocked == Blocked::kChildren && frame.children) {
    const ChildGroup& g = *frame.children;
    Json results = Json::object();
    Json running = Json::object();
    Json failed = Json::array();
    for (size_t i = 0; i < g.launched; ++i) {
      const Frame* child = g.frames[i];
      if (child == nullptr) continue;
      if (child->done) {
        results[std::to_string(i)] = g.results[i];
        if (!child->succeeded) failed.push_back(i);
      } else {
        running[std::to_string(i)] = FrameCheckpoint(*child);
      }
    }
    f["group"] = Json{{"launched", g.launched},       {"succeeded", g.succeeded},
                      {"failures", g.failures},       {"started_event", g.started_event},
                      {"results", std::move(results)}, {"running", std::move(running)}};
    if (!failed.empty()) f["group"]["failed"] = std::move(failed);
    if (!g.queued.empty()) {
      Json queued = Json::array();
      for (const auto& [index, child] : g.queued) queued.push_back(Json::array({index, child}));
      f["group"]["queued"] = std::move(queued);
    }
  }
  return f;
}

}  // namespace

Json ExecutionImpl::Checkpoint() const {
  if (top_ == nullptr || finished()) return Json();
  Json checkpoint{
      {"v", kCheckpointVersion}, {"vars", Variables(globals_)}, {"top", FrameCheckpoint(*top_)}};
  if (random_draws() > 0) checkpoint["draws"] = random_draws();
  return checkpoint;
}

namespace {

void CollectTokens(const Frame& frame, std::map<std::string, std::string>& tokens,
                   bool& only_tokens, size_t& delivered) {
  if (frame.done) return;
  switch (frame.blocked) {
    case Blocked::kTask:
      if (frame.task_token) tokens[*frame.task_token] = frame.state ? frame.state->name : std::string();
      if (!frame.task_token || !frame.token_delivered) only_tokens = false;
      if (frame.task_token && frame.token_delivered) ++delivered;
      return;
    case Blocked::kChildren:
      if (frame.children) {
        for (const Frame* child : frame.children->frames) {
          if (child) CollectTokens(*child, tokens, only_tokens, delivered);
        }
      }
      return;
    case Blocked::kWait:
    case Blocked::kRetry:
    case Blocked::kReenter:
    case Blocked::kNone:
      only_tokens = false;
      return;
  }
}

}  // namespace

std::map<std::string, std::string> ExecutionImpl::PendingTokens(bool* only_tokens,
                                                                size_t* delivered) const {
  std::map<std::string, std::string> tokens;
  bool only = top_ != nullptr && !finished();
  size_t handed_over = 0;
  if (only) CollectTokens(*top_, tokens, only, handed_over);
  if (only_tokens) *only_tokens = only && !tokens.empty();
  if (delivered) *delivered = handed_over;
  return tokens;
}

void ExecutionImpl::RestoreFrame(Frame& frame, const Json& cp) {
  const std::string state_name = cp.at("state").get<std::string>();
  frame.state = frame.machine.Find(state_name);
  if (frame.state == nullptr) {
    throw std::runtime_error("checkpoint: state '" + state_name + "' is not in the state machine");
  }
  frame.input = cp.at("input");
  frame.prev_event = cp.at("prev").get<int64_t>();
  frame.entered_event = cp.at("entered").get<int64_t>();
  frame.entered_time = cp.at("entered_time").get<TimeMs>();
  frame.retry_count = cp.at("retry_count").get<int64_t>();
  frame.retrier_attempts = cp.at("attempts").get<std::vector<int64_t>>();
  frame.retrier_attempts.resize(frame.state->retriers.size(), 0);
  if (frame.own_scope && cp.contains("vars")) {
    for (auto& [name, value] : cp.at("vars").items()) frame.own_scope->Set(name, value);
  }
  frame.wake_at = cp.at("wake_at").get<TimeMs>();
  if (cp.contains("token")) frame.task_token = cp.at("token").get<std::string>();
  // Not handed over (or a checkpoint older than the flag): the task is invoked again, as any
  // interrupted task is (at least once).
  frame.token_delivered = cp.value("delivered", false);
  frame.blocked = ParseBlocked(cp.at("blocked").get<std::string>());
  ++frame.generation;
  switch (frame.blocked) {
    case Blocked::kWait:
      return ResumeWaitState(*this, frame);
    case Blocked::kRetry:
      return ArmRetry(frame);
    case Blocked::kTask:
      return ResumeTaskState(*this, frame);
    case Blocked::kChildren:
      if (frame.state->type == asl::StateType::kParallel) {
        return ResumeParallelState(*this, frame, cp.at("group"));
      }
      return ResumeMapState(*this, frame, cp.at("group"));
    case Blocked::kReenter:
      if (frame.prev_event == 0) frame.prev_event = frame.history->last_id();
      return ReenterLater(frame);
    case Blocked::kNone:
      break;
  }
}

void ExecutionImpl::RestoreChildren(Frame& frame, const Json& cp) {
  ChildGroup& g = *frame.children;
  g.launched = cp.at("launched").get<size_t>();
  g.succeeded = cp.at("succeeded").get<size_t>();
  g.failures = cp.at("failures").get<size_t>();
  g.started_event = cp.at("started_event").get<int64_t>();
  std::set<size_t> failed;
  if (auto f = cp.find("failed"); f != cp.end()) {
    for (const Json& i : *f) failed.insert(i.get<size_t>());
  }
  for (auto& [index, value] : cp.at("results").items()) {
    size_t i = std::stoul(index);
    g.results.at(i) = value;
    // A finished child is represented by a done frame so later checkpoints keep its result,
    // and a redrive after a later failure keeps it too unless it failed (tolerated).
    Frame& child = g.attach(i);
    child.done = true;
    child.succeeded = !failed.contains(i);
  }
  for (auto& [index, child_cp] : cp.at("running").items()) {
    size_t i = std::stoul(index);
    Frame& child = g.attach(i);
    ++g.running;
    RestoreFrame(child, child_cp);
  }
  if (auto q = cp.find("queued"); q != cp.end()) {
    for (const Json& entry : *q) g.queued.emplace_back(entry.at(0).get<size_t>(), entry.at(1));
  }
  frame.blocked = Blocked::kChildren;
  Pump(frame);
}

}  // namespace tern::engine
