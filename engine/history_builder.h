// The only code that creates history events and assigns their ids (Temporal's history builder).
// State handlers ask it for events; they never build HistoryEvent values themselves.
//
// Thread safety: used from one execution's scheduler thread only.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

#include "asl/model/state.h"
#include "engine/clock.h"
#include "engine/history_event.h"

namespace tern::engine {

// The details field of every ...StateExited event.
inline constexpr std::string_view kStateExitedDetails = "stateExitedEventDetails";

// AWS's quota: an execution whose history reaches this many events fails.
inline constexpr size_t kMaxHistoryEvents = 25000;

class HistoryBuilder {
 public:
  // `max_events` 0: no limit (EXPRESS workflows have no history quota).
  explicit HistoryBuilder(const Clock& clock, size_t max_events = kMaxHistoryEvents)
      : clock_(clock), real_clock_(typeid(clock) == typeid(RealClock)), max_events_(max_events) {}

  int64_t ExecutionStarted(SharedText input, const std::string& role_arn);
  int64_t ExecutionSucceeded(SharedText output, int64_t previous);
  // ExecutionFailed / ExecutionAborted / ExecutionTimedOut; empty error/cause are omitted.
  int64_t ExecutionEnded(std::string_view type, std::string_view details_field,
                         const std::string& error, const std::string& cause, int64_t previous);

  // `at`: the event's time when the caller already has it (a transition's exit); 0 reads the
  // clock.
  int64_t StateEntered(asl::StateType type, const SharedText& name, SharedText&& input,
                       int64_t previous, TimeMs at = 0) {
    HistoryEvent& e = Append(kEnteredNames[static_cast<size_t>(type)], "stateEnteredEventDetails",
                             previous, at, name, std::move(input));
    return Commit(e);
  }
  // `assigned` maps variable names to their JSON text; null when the state assigned nothing
  // (copied only when it is not: most states assign nothing).
  int64_t StateExited(asl::StateType type, const SharedText& name, const SharedText& output,
                      const Json& assigned, int64_t previous) {
    HistoryEvent& e = Append(kExitedNames[static_cast<size_t>(type)], kStateExitedDetails, previous,
                             0, name, SharedText(), output);
    if (!assigned.is_null()) AddAssigned(e, assigned);
    return Commit(e);
  }
  // MapIterationStarted/Succeeded/Failed/Aborted.
  enum class Iteration { kStarted, kSucceeded, kFailed, kAborted };
  int64_t MapIteration(Iteration kind, const SharedText& map_name, int64_t index,
                       int64_t previous);

  // Any other event: `details` (an object, or null for types without details) is written as
  // is under `details_field`.
  int64_t Add(std::string_view type, std::string_view details_field, Json details,
              int64_t previous);

  // A resumed execution continues after the events already persisted: the next event gets
  // id `last_id + 1`.
  void ContinueAfter(int64_t last_id) { taken_ = last_id; }

  // The time of the newest event (0 before the first).
  TimeMs last_time() const { return last_time_; }
  int64_t last_id() const { return taken_ + static_cast<int64_t>(events_.size()); }
  // True when entering one more state could overflow the quota: a state visit needs room for
  // its entered and exited events and the execution's final event.
  bool limit_reached() const {
    return max_events_ != 0 && static_cast<size_t>(last_id()) + 3 > max_events_;
  }
  size_t max_events() const { return max_events_; }
  // The events not taken yet.
  const EventList& events() const { return events_; }
  // The event with id `id` when it has not been taken yet, else null.
  const HistoryEvent* Find(int64_t id) const {
    const int64_t i = id - taken_ - 1;
    return i >= 0 && i < static_cast<int64_t>(events_.size()) ? &events_[static_cast<size_t>(i)]
                                                               : nullptr;
  }
  // The newest event when its id is `id`, else null (taken, or an older event).
  const HistoryEvent* LastIf(int64_t id) const {
    return !events_.empty() && events_.back().id == id ? &events_.back() : nullptr;
  }
  // Hands over the events not taken yet (a durable runner takes them at every checkpoint);
  // ids keep counting.
  EventList TakeEvents() {
    taken_ += static_cast<int64_t>(events_.size());
    return std::exchange(events_, {});
  }

  // Called with every new event (storage, live tailing). Optional.
  std::function<void(const HistoryEvent&)> on_event;

  // "<Type>StateEntered" / "<Type>StateExited", by asl::StateType.
  using StateEventNames = std::array<std::string_view, 8>;

 private:
  static const StateEventNames kEnteredNames;
  static const StateEventNames kExitedNames;

  // Appends an event with the next id, `texts` its name, input and output (any leading ones);
  // `type` and `details_field` must be interned. `at` 0 reads the clock.
  // Defined here to be inlined into the callers of StateEntered and StateExited: a transition
  // writes two events, and the calls cost a tenth of that.
  template <typename... Texts>
  HistoryEvent& Append(std::string_view type, std::string_view details_field, int64_t previous,
                       TimeMs at, Texts&&... texts) {
    last_time_ = at != 0 ? at : real_clock_ ? RealClock::Read() : clock_.Now();
    return events_.emplace_back(taken_ + static_cast<int64_t>(events_.size()) + 1, previous,
                                last_time_, type, details_field, std::forward<Texts>(texts)...);
  }
  int64_t Commit(const HistoryEvent& e) {
    if (on_event) on_event(e);
    return e.id;
  }
  // assignedVariables for a ...StateExited event (out of line: most states assign nothing).
  [[gnu::noinline]] static void AddAssigned(HistoryEvent& e, const Json& assigned);

  const Clock& clock_;
  bool real_clock_;  // clock_ is a RealClock: read without the virtual call
  size_t max_events_;
  EventList events_;
  int64_t taken_ = 0;  // events handed over by TakeEvents (or persisted before a resume)
  TimeMs last_time_ = 0;
};

}  // namespace tern::engine
