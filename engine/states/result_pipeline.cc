// The parts of input/output processing that Task, Parallel and Map share.
#include "engine/detail/execution_impl.h"
#include "engine/detail/io_pipeline.h"
#include "engine/detail/state_eval.h"

namespace tern::engine {

bool EffectiveInput(ExecutionImpl& exec, Frame& frame, Json& out) {
  const asl::State& s = *frame.state;
  StateEval ev(exec, frame);
  if (s.language == asl::QueryLanguage::kJsonata) {
    StatesBindings bindings(*frame.scope, exec.StatesVariable(frame, nullptr, nullptr));
    auto args = EvaluateJsonata(s.arguments, frame.input, bindings);
    if (!args) {
      exec.FailState(frame, args.error());
      return false;
    }
    out = std::move(args).value();
    return true;
  }
  auto effective = ApplyFilterPath(s.input_path, frame.input, ev.pc);
  if (!effective) {
    exec.FailState(frame, effective.error());
    return false;
  }
  auto params = ApplyTemplate(s.parameters, std::move(effective).value(), ev.pc);
  if (!params) {
    exec.FailState(frame, params.error());
    return false;
  }
  out = std::move(params).value();
  return true;
}

SharedText ChildOutputText(const HistoryBuilder& history, int64_t last_event) {
  const HistoryEvent* e = history.Find(last_event);
  return e != nullptr && e->details_field == kStateExitedDetails ? e->output : SharedText();
}

SharedText ResultText(const ChildGroup& group) {
  if (group.result_texts.empty()) return SharedText();
  size_t size = 1 + group.result_texts.size();  // brackets and commas
  for (const SharedText& t : group.result_texts) {
    if (t.empty()) return SharedText();
    size += t.size();
  }
  std::string text;
  text.reserve(size);
  text += '[';
  for (const SharedText& t : group.result_texts) {
    if (text.size() > 1) text += ',';
    text += t.view();
  }
  text += ']';
  return SharedText(std::move(text));
}

void FinishWithResult(ExecutionImpl& exec, Frame& frame, Json value, SharedText value_text) {
  const asl::State& s = *frame.state;
  StateEval ev(exec, frame);
  // The output is the result itself: its text, when known, is the output's.
  const bool output_is_result =
      s.language == asl::QueryLanguage::kJsonata
          ? !s.output
          : !s.result_selector && s.result_path.kind == asl::ResultPathDecl::Kind::kDefault &&
                s.output_path.kind == asl::FilterPathDecl::Kind::kDefault;
  if (!output_is_result) value_text = SharedText();
  if (s.language == asl::QueryLanguage::kJsonata) {
    StatesBindings bindings(*frame.scope, exec.StatesVariable(frame, &value, nullptr));
    auto output = EvaluateJsonata(s.output, value, bindings);
    if (!output) return exec.FailState(frame, output.error());
    auto assign = EvaluateAssign(std::nullopt, s.assign_jsonata, value, ev.pc, &bindings);
    if (!assign) return exec.FailState(frame, assign.error());
    Json assigned = CommitAssign(*frame.scope, std::move(assign).value());
    return exec.FinishStateWithText(frame, std::move(output).value(), std::move(value_text),
                                    assigned);
  }
  auto selected = ApplyTemplate(s.result_selector, std::move(value), ev.pc);
  if (!selected) return exec.FailState(frame, selected.error());
  auto assign = EvaluateAssign(s.assign_jsonpath, std::nullopt, *selected, ev.pc, nullptr);
  if (!assign) return exec.FailState(frame, assign.error());
  auto placed = ApplyResultPath(s.result_path, frame.input, std::move(selected).value());
  if (!placed) return exec.FailState(frame, placed.error());
  auto output = ApplyFilterPath(s.output_path, std::move(placed).value(), ev.pc);
  if (!output) return exec.FailState(frame, output.error());
  Json assigned = CommitAssign(*frame.scope, std::move(assign).value());
  exec.FinishStateWithText(frame, std::move(output).value(), std::move(value_text), assigned);
}

}  // namespace tern::engine
