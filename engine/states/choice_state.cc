// Choice: the first rule that matches picks the next state; else Default; else
// States.NoChoiceMatched.
#include "asl/core/error_names.h"
#include "engine/detail/execution_impl.h"
#include "engine/detail/io_pipeline.h"
#include "engine/detail/state_eval.h"

namespace tern::engine {

void RunChoiceState(ExecutionImpl& exec, Frame& frame) {
  const asl::State& s = *frame.state;
  StateEval ev(exec, frame);
  if (s.language == asl::QueryLanguage::kJsonata) {
    StatesBindings bindings(*frame.scope, exec.StatesVariable(frame, nullptr, nullptr));
    for (const asl::ChoiceBranch& b : s.choices) {
      if (!b.condition) continue;
      auto cond = b.condition->Evaluate(bindings);
      if (!cond) return exec.FailState(frame, cond.error());
      if (!cond->is_boolean()) {
        return exec.FailState(
            frame, {std::string(asl::errors::kQueryEvaluationError),
                    "The JSONata expression '" + b.condition->source().get<std::string>() +
                        "' specified for the field 'Condition' returned an unexpected result "
                        "type. Expected 'boolean', but was '" +
                        std::string(cond->type_name()) + "' for value: " + Dump(*cond)});
      }
      if (!cond->get<bool>()) continue;
      auto output = EvaluateJsonata(b.output ? b.output : s.output, frame.input, bindings);
      if (!output) return exec.FailState(frame, output.error());
      auto assign =
          EvaluateAssign(std::nullopt, b.assign_jsonata ? b.assign_jsonata : s.assign_jsonata,
                         frame.input, ev.pc, &bindings);
      if (!assign) return exec.FailState(frame, assign.error());
      Json assigned = CommitAssign(*frame.scope, std::move(assign).value());
      return exec.ExitTo(frame, std::move(output).value(), assigned, b.next_index);
    }
    if (s.default_next.empty()) {
      return exec.FailState(frame, {std::string(asl::errors::kNoChoiceMatched),
                                    "No Choice Rules matched and no Default is specified."});
    }
    auto output = EvaluateJsonata(s.output, frame.input, bindings);
    if (!output) return exec.FailState(frame, output.error());
    auto assign = EvaluateAssign(std::nullopt, s.assign_jsonata, frame.input, ev.pc, &bindings);
    if (!assign) return exec.FailState(frame, assign.error());
    Json assigned = CommitAssign(*frame.scope, std::move(assign).value());
    return exec.ExitTo(frame, std::move(output).value(), assigned, s.default_index);
  }

  auto effective = ApplyFilterPath(s.input_path, frame.input, ev.pc);
  if (!effective) return exec.FailState(frame, effective.error());
  const Json& input = *effective;
  const asl::ChoiceBranch* chosen = nullptr;
  for (const asl::ChoiceBranch& b : s.choices) {
    if (!b.rule) continue;
    auto matched = b.rule->Evaluate(ev.With(input));
    if (!matched) return exec.FailState(frame, matched.error());
    if (*matched) {
      chosen = &b;
      break;
    }
  }
  if (chosen == nullptr && s.default_next.empty()) {
    return exec.FailState(frame, {std::string(asl::errors::kNoChoiceMatched),
                                  "No Choice Rules matched and no Default is specified."});
  }
  const auto& assign_tmpl =
      chosen && chosen->assign_jsonpath ? chosen->assign_jsonpath : s.assign_jsonpath;
  auto assign = EvaluateAssign(assign_tmpl, std::nullopt, input, ev.pc, nullptr);
  if (!assign) return exec.FailState(frame, assign.error());
  auto output = ApplyFilterPath(s.output_path, input, ev.pc);
  if (!output) return exec.FailState(frame, output.error());
  Json assigned = CommitAssign(*frame.scope, std::move(assign).value());
  exec.ExitTo(frame, std::move(output).value(), assigned,
              chosen ? chosen->next_index : s.default_index);
}

}  // namespace tern::engine
