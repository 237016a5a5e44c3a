// Pass, Succeed and Fail: the states that do no work of their own.
#include "asl/core/error_names.h"
#include "asl/jsonpath/intrinsic.h"
#include "engine/detail/execution_impl.h"
#include "engine/detail/io_pipeline.h"
#include "engine/detail/state_eval.h"

namespace tern::engine {

namespace {

// A JSONPath Pass with every field at its default (the common "move on" state): its output is
// its Result, or its input. Skips the pipeline's intermediate copies.
bool IsPlainPass(const asl::State& s) {
  return s.language == asl::QueryLanguage::kJsonPath &&
         s.input_path.kind == asl::FilterPathDecl::Kind::kDefault && !s.parameters &&
         s.result_path.kind == asl::ResultPathDecl::Kind::kDefault &&
         s.output_path.kind == asl::FilterPathDecl::Kind::kDefault && !s.assign_jsonpath;
}

// Every Pass but one that passes its input on unchanged: out of line, so that that one does not
// set up this one's large stack frame.
[[gnu::noinline]] void RunConfiguredPass(ExecutionImpl& exec, Frame& frame) {
  const asl::State& s = *frame.state;
  if (IsPlainPass(s)) return exec.FinishState(frame, *s.result, Json());  // only a Result
  StateEval ev(exec, frame);
  if (s.language == asl::QueryLanguage::kJsonata) {
    StatesBindings bindings(*frame.scope, exec.StatesVariable(frame, nullptr, nullptr));
    auto output = EvaluateJsonata(s.output, frame.input, bindings);
    if (!output) return exec.FailState(frame, output.error());
    auto assign = EvaluateAssign(std::nullopt, s.assign_jsonata, frame.input, ev.pc, &bindings);
    if (!assign) return exec.FailState(frame, assign.error());
    Json assigned = CommitAssign(*frame.scope, std::move(assign).value());
    return exec.FinishState(frame, std::move(output).value(), assigned);
  }
  auto effective = ApplyFilterPath(s.input_path, frame.input, ev.pc);
  if (!effective) return exec.FailState(frame, effective.error());
  auto params = ApplyTemplate(s.parameters, std::move(effective).value(), ev.pc);
  if (!params) return exec.FailState(frame, params.error());
  Json result = s.result ? *s.result : std::move(params).value();
  auto assign = EvaluateAssign(s.assign_jsonpath, std::nullopt, result, ev.pc, nullptr);
  if (!assign) return exec.FailState(frame, assign.error());
  auto placed = ApplyResultPath(s.result_path, frame.input, std::move(result));
  if (!placed) return exec.FailState(frame, placed.error());
  auto output = ApplyFilterPath(s.output_path, std::move(placed).value(), ev.pc);
  if (!output) return exec.FailState(frame, output.error());
  Json assigned = CommitAssign(*frame.scope, std::move(assign).value());
  exec.FinishState(frame, std::move(output).value(), assigned);
}

}  // namespace

// Both branches are tail calls: the Pass that passes its input on (the common one) costs its
// checks and a jump.
void RunPassState(ExecutionImpl& exec, Frame& frame) {
  const asl::State& s = *frame.state;
  if (IsPlainPass(s) && !s.result) return exec.FinishStateWithInput(frame);
  return RunConfiguredPass(exec, frame);
}

void RunSucceedState(ExecutionImpl& exec, Frame& frame) {
  const asl::State& s = *frame.state;
  if (s.language == asl::QueryLanguage::kJsonPath &&
      s.input_path.kind == asl::FilterPathDecl::Kind::kDefault &&
      s.output_path.kind == asl::FilterPathDecl::Kind::kDefault) {
    return exec.FinishStateWithInput(frame);
  }
  StateEval ev(exec, frame);
  if (s.language == asl::QueryLanguage::kJsonata) {
    StatesBindings bindings(*frame.scope, exec.StatesVariable(frame, nullptr, nullptr));
    auto output = EvaluateJsonata(s.output, frame.input, bindings);
    if (!output) return exec.FailState(frame, output.error());
    return exec.FinishState(frame, std::move(output).value(), Json());
  }
  auto effective = ApplyFilterPath(s.input_path, frame.input, ev.pc);
  if (!effective) return exec.FailState(frame, effective.error());
  auto output = ApplyFilterPath(s.output_path, std::move(effective).value(), ev.pc);
  if (!output) return exec.FailState(frame, output.error());
  exec.FinishState(frame, std::move(output).value(), Json());
}

namespace {

// ErrorPath / CausePath: a reference path or an intrinsic function yielding a string.
Result<std::string, asl::Failure> EvaluateFailField(const Json& spec, const char* field,
                                                    const asl::jsonpath::PathContext& pc) {
  const std::string text = spec.is_string() ? spec.get<std::string>() : spec.dump();
  Json value;
  if (asl::jsonpath::LooksLikeIntrinsic(text)) {
    auto call = asl::jsonpath::IntrinsicCall::Parse(text);
    if (!call) {
      return Unexpected(asl::Failure{std::string(asl::errors::kIntrinsicFailure), call.error()});
    }
    auto v = call->Evaluate(pc);
    if (!v) return Unexpected(v.error());
    value = std::move(v).value();
  } else {
    auto path = asl::jsonpath::Path::Compile(text);
    auto v = path ? path->Evaluate(pc) : Result<Json, std::string>(Unexpected(path.error()));
    if (!v) {
      return Unexpected(asl::Failure{std::string(asl::errors::kRuntime),
                                     "The JSONPath '" + text + "' specified for the field '" +
                                         field + "' could not be found in the input '" +
                                         Dump(*pc.input) + "'"});
    }
    value = std::move(v).value();
  }
  if (value.is_string()) return value.get<std::string>();
  return Dump(value);
}

}  // namespace

void RunFailState(ExecutionImpl& exec, Frame& frame) {
  const asl::State& s = *frame.state;
  asl::Failure failure;
  if (s.language == asl::QueryLanguage::kJsonata) {
    StatesBindings bindings(*frame.scope, exec.StatesVariable(frame, nullptr, nullptr));
    for (auto [tmpl, out] : {std::pair{&s.error_expression, &failure.error},
                             std::pair{&s.cause_expression, &failure.cause}}) {
      if (!*tmpl) continue;
      auto v = (*tmpl)->Evaluate(bindings);
      if (!v) return exec.FailState(frame, v.error());
      *out = v->is_string() ? v->get<std::string>() : Dump(*v);
    }
  } else {
    StateEval ev(exec, frame);
    if (s.error) failure.error = *s.error;
    if (s.cause) failure.cause = *s.cause;
    if (s.error_path) {
      auto v = EvaluateFailField(*s.error_path, "ErrorPath", ev.pc);
      if (!v) return exec.FailState(frame, v.error());
      failure.error = std::move(v).value();
    }
    if (s.cause_path) {
      auto v = EvaluateFailField(*s.cause_path, "CausePath", ev.pc);
      if (!v) return exec.FailState(frame, v.error());
      failure.cause = std::move(v).value();
    }
  }
  exec.FailStateRaw(frame, std::move(failure));
}

}  // namespace tern::engine
