// Wait: Seconds, SecondsPath, Timestamp, TimestampPath (JSONata: Seconds/Timestamp expressions).
// The deadline is a scheduler timer, so a waiting execution holds no thread.
#include <cmath>

#include "asl/core/error_names.h"
#include "engine/detail/execution_impl.h"
#include "engine/detail/io_pipeline.h"
#include "engine/detail/state_eval.h"
#include "engine/timestamp.h"

namespace tern::engine {
namespace {

// Step Functions' maximum wait (and task timeout) value, in seconds.
constexpr double kMaxWaitSeconds = 99999999;

asl::Failure Runtime(std::string cause) {
  return {std::string(asl::errors::kRuntime), std::move(cause)};
}

// Computes the deadline from the state's wait field; `effective` is the input after InputPath.
Result<TimeMs, asl::Failure> Deadline(ExecutionImpl& exec, Frame& frame, const Json& effective,
                                      const StateEval& ev, const asl::jsonata::Bindings* bindings) {
  const asl::State& s = *frame.state;
  const TimeMs now = exec.Now();
  auto from_seconds = [&](double seconds) -> Result<TimeMs, asl::Failure> {
    if (seconds > kMaxWaitSeconds) return Unexpected(Runtime("Wait state delay is too long."));
    return frame.entered_time + static_cast<TimeMs>(seconds * 1000);
  };
  if (s.seconds.literal) return from_seconds(*s.seconds.literal);
  if (s.seconds.path) {
    const std::string& p = s.seconds.path->text();
    auto v = s.seconds.path->Evaluate(ev.With(effective));
    if (!v) {
      return Unexpected(
          Runtime("The SecondsPath parameter does not reference an input value: " + p));
    }
    bool integral = v->is_number_integer() ||
                    (v->is_number_float() && std::floor(v->get<double>()) == v->get<double>());
    if (!integral) {
      std::string shown = v->is_string() ? v->get<std::string>() : Dump(*v);
      return Unexpected(Runtime("The SecondsPath parameter cannot be parsed as a long value: " + p +
                                " == " + shown));
    }
    double seconds = v->get<double>();
    if (seconds < 0) {
      return Unexpected(Runtime("The SecondsPath parameter references a negative value: " + p +
                                " == " + Dump(*v)));
    }
    return from_seconds(seconds);
  }
  if (s.seconds.expression && bindings) {
    auto v = s.seconds.expression->Evaluate(*bindings);
    if (!v) return Unexpected(v.error());
    if (!v->is_number() || v->get<double>() < 0 ||
        std::floor(v->get<double>()) != v->get<double>()) {
      return Unexpected(asl::Failure{
          std::string(asl::errors::kQueryEvaluationError),
          "The JSONata expression '" + s.seconds.expression->source().get<std::string>() +
              "' specified for the field 'Seconds' returned an unexpected result type. Expected "
              "'integer', but was '" +
              std::string(v->type_name()) + "' for value: " + Dump(*v)});
    }
    return from_seconds(v->get<double>());
  }
  std::string stamp;
  if (s.timestamp) {
    stamp = *s.timestamp;
  } else if (s.timestamp_path) {
    const std::string& p = s.timestamp_path->text();
    auto v = s.timestamp_path->Evaluate(ev.With(effective));
    if (!v) {
      return Unexpected(
          Runtime("The TimestampPath parameter does not reference an input value: " + p));
    }
    std::string shown = v->is_string() ? v->get<std::string>() : Dump(*v);
    auto t = v->is_string() ? ParseTimestamp(shown) : std::nullopt;
    if (!t) {
      return Unexpected(
          Runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset "
                  "date-time format string: " +
                  p + " == " + shown));
    }
    if ((*t - now) / 1000.0 > kMaxWaitSeconds) {
      return Unexpected(Runtime("Wait state delay is too long."));
    }
    return *t;
  } else if (s.timestamp_expression && bindings) {
    auto v = s.timestamp_expression->Evaluate(*bindings);
    if (!v) return Unexpected(v.error());
    stamp = v->is_string() ? v->get<std::string>() : Dump(*v);
    if (!v->is_string() || !ParseTimestamp(stamp)) {
      return Unexpected(asl::Failure{
          std::string(asl::errors::kQueryEvaluationError),
          "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format "
          "string: " +
              stamp});
    }
  } else {
    return now;
  }
  auto t = ParseTimestamp(stamp);
  if (!t) {
    return Unexpected(asl::Failure{
        std::string(asl::errors::kRuntime),
        "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format "
        "string: " +
            stamp});
  }
  if ((*t - now) / 1000.0 > kMaxWaitSeconds) {
    return Unexpected(Runtime("Wait state delay is too long."));
  }
  return *t;
}

// The effective input (after InputPath); JSONata states use the raw input.
Result<Json, asl::Failure> EffectiveWaitInput(const Frame& frame, const StateEval& ev) {
  const asl::State& s = *frame.state;
  if (s.language == asl::QueryLanguage::kJsonata) return frame.input;
  return ApplyFilterPath(s.input_path, frame.input, ev.pc);
}

// Ends the wait: Output and Assign are computed from the same input when the timer fires.
void FinishWait(ExecutionImpl& exec, Frame& frame, Json effective) {
  const asl::State& st = *frame.state;
  StateEval ev(exec, frame);
  if (st.language == asl::QueryLanguage::kJsonata) {
    StatesBindings b(*frame.scope, exec.StatesVariable(frame, nullptr, nullptr));
    auto output = EvaluateJsonata(st.output, frame.input, b);
    if (!output) return exec.FailState(frame, output.error());
    auto assign = EvaluateAssign(std::nullopt, st.assign_jsonata, frame.input, ev.pc, &b);
    if (!assign) return exec.FailState(frame, assign.error());
    Json assigned = CommitAssign(*frame.scope, std::move(assign).value());
    return exec.FinishState(frame, std::move(output).value(), assigned);
  }
  auto assign = EvaluateAssign(st.assign_jsonpath, std::nullopt, effective, ev.pc, nullptr);
  if (!assign) return exec.FailState(frame, assign.error());
  auto output = ApplyFilterPath(st.output_path, std::move(effective), ev.pc);
  if (!output) return exec.FailState(frame, output.error());
  Json assigned = CommitAssign(*frame.scope, std::move(assign).value());
  exec.FinishState(frame, std::move(output).value(), assigned);
}

// Waits until frame.wake_at. A waiting execution holds a timer, not a thread.
void ArmWait(ExecutionImpl& exec, Frame& frame, Json effective) {
  frame.blocked = Blocked::kWait;
  const uint64_t gen = frame.generation;
  frame.timer = exec.scheduler().At(
      frame.wake_at, [&exec, &frame, gen, effective = std::move(effective)]() mutable {
        if (frame.generation != gen || frame.done) return;
        frame.timer = 0;
        frame.blocked = Blocked::kNone;
        FinishWait(exec, frame, std::move(effective));
      });
}

}  // namespace

void RunWaitState(ExecutionImpl& exec, Frame& frame) {
  const asl::State& s = *frame.state;
  StateEval ev(exec, frame);
  std::optional<StatesBindings> bindings;
  if (s.language == asl::QueryLanguage::kJsonata) {
    bindings.emplace(*frame.scope, exec.StatesVariable(frame, nullptr, nullptr));
  }
  auto effective = EffectiveWaitInput(frame, ev);
  if (!effective) return exec.FailState(frame, effective.error());
  auto deadline = Deadline(exec, frame, *effective, ev, bindings ? &*bindings : nullptr);
  if (!deadline) return exec.FailState(frame, deadline.error());
  if (*deadline <= exec.Now()) return FinishWait(exec, frame, std::move(effective).value());
  frame.wake_at = *deadline;
  ArmWait(exec, frame, std::move(effective).value());
}

void ResumeWaitState(ExecutionImpl& exec, Frame& frame) {
  StateEval ev(exec, frame);
  auto effective = EffectiveWaitInput(frame, ev);
  if (!effective) return exec.FailState(frame, effective.error());
  ArmWait(exec, frame, std::move(effective).value());
}

}  // namespace tern::engine
