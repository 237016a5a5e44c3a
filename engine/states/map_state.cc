// Map (inline, and distributed run inline): items from ItemsPath / Items, ItemSelector per item,
// MaxConcurrency, ToleratedFailure*; one child frame per iteration, results in item order.
#include <cmath>

#include "asl/core/error_names.h"
#include "engine/detail/execution_impl.h"
#include "engine/detail/io_pipeline.h"
#include "engine/detail/state_eval.h"
#include "engine/uuid.h"

namespace tern::engine {
namespace {

asl::Failure Runtime(std::string cause) {
  return {std::string(asl::errors::kRuntime), std::move(cause)};
}

// MaxConcurrency / ToleratedFailureCount / ToleratedFailurePercentage from literal, path or
// expression. `integer` selects AWS's "valid integer" vs "valid float" wording.
Result<std::optional<double>, asl::Failure> ResolveNumber(const asl::NumberDecl& decl,
                                                          const std::string& path_field,
                                                          bool integer, const StateEval& ev,
                                                          const Json& effective,
                                                          const asl::jsonata::Bindings* b) {
  if (decl.literal) return std::optional<double>(*decl.literal);
  if (decl.path) {
    auto v = decl.path->Evaluate(ev.With(effective));
    bool ok = v && v->is_number() && (!integer || std::floor(v->get<double>()) == v->get<double>());
    if (!ok) {
      std::string shown = !v ? "null" : v->is_string() ? v->get<std::string>() : Dump(*v);
      return Unexpected(Runtime("The " + path_field + " field refers to value \"" + shown +
                                "\" which is not a valid " + (integer ? "integer" : "float") +
                                ": " + decl.path->text()));
    }
    return std::optional<double>(v->get<double>());
  }
  if (decl.expression && b) {
    auto v = decl.expression->Evaluate(*b);
    if (!v) return Unexpected(v.error());
    if (!v->is_number()) {
      return Unexpected(asl::Failure{std::string(asl::errors::kQueryEvaluationError),
                                     "The field '" + path_field.substr(0, path_field.size() - 4) +
                                         "' must be a number, but was " + Dump(*v)});
    }
    return std::optional<double>(v->get<double>());
  }
  return std::optional<double>();
}


// Runs the Map state, or (with `resume_group`) continues it from a checkpoint: the same
// evaluation, without writing MapStateStarted/MapRunStarted again.
void RunOrResumeMap(ExecutionImpl& exec, Frame& frame, const Json* resume_group) {
  const asl::State& s = *frame.state;
  StateEval ev(exec, frame);
  const bool jsonata = s.language == asl::QueryLanguage::kJsonata;
  std::optional<StatesBindings> bindings;
  Json effective;
  Json items;
  if (jsonata) {
    bindings.emplace(*frame.scope, exec.StatesVariable(frame, nullptr, nullptr));
    effective = frame.input;
    if (s.items) {
      auto v = s.items->Evaluate(*bindings);
      if (!v) return exec.FailState(frame, v.error());
      if (!v->is_array()) {
        std::string text = s.items->source().get<std::string>();
        text = text.substr(2, text.size() - 4);
        while (!text.empty() && text.front() == ' ') text.erase(0, 1);
        while (!text.empty() && text.back() == ' ') text.pop_back();
        return exec.FailState(
            frame, {std::string(asl::errors::kQueryEvaluationError),
                    "The JSONata expression '" + text +
                        "' specified for the field 'Items' returned an unexpected result type. "
                        "Expected 'array', but was '" +
                        std::string(v->type_name()) + "' for value: " + Dump(*v)});
      }
      items = std::move(v).value();
    } else {
      if (!frame.input.is_array()) {
        return exec.FailState(frame,
                              {std::string(asl::errors::kQueryEvaluationError),
                               "Map state input must be an array but was: " + Dump(frame.input)});
      }
      items = frame.input;
    }
  } else {
    auto selected = ApplyFilterPath(s.input_path, frame.input, ev.pc);
    if (!selected) return exec.FailState(frame, selected.error());
    effective = std::move(selected).value();
    if (s.items_path) {
      auto v = s.items_path->Evaluate(ev.With(effective));
      if (!v) return exec.FailState(frame, Runtime(v.error()));
      items = std::move(v).value();
    } else {
      items = effective;
    }
    if (!items.is_array()) {
      return exec.FailStateRaw(
          frame, Runtime("Reference path \"" + (s.items_path ? s.items_path->text() : "$") +
                         "\" must point to array."));
    }
  }
  // AWS reads MaxConcurrency before MapStateStarted and the tolerated thresholds after it.
  const asl::jsonata::Bindings* b = bindings ? &*bindings : nullptr;
  auto max_conc = ResolveNumber(s.max_concurrency, "MaxConcurrencyPath", true, ev, effective, b);
  if (!max_conc) return exec.FailState(frame, max_conc.error());
  HistoryBuilder& h = *frame.history;
  if (!resume_group) {
    frame.prev_event =
        h.Add("MapStateStarted", "mapStateStartedEventDetails",
              Json{{"length", static_cast<int64_t>(items.size())}}, frame.prev_event);
  }
  const bool distributed = s.distributed;
  auto tol_count =
      ResolveNumber(s.tolerated_failure_count, "ToleratedFailureCountPath", true, ev, effective, b);
  if (!tol_count) return exec.FailState(frame, tol_count.error());
  if (*tol_count && **tol_count < 0) {
    return exec.FailState(frame, Runtime("ToleratedFailureCount cannot be negative."));
  }
  auto tol_pct = ResolveNumber(s.tolerated_failure_percentage, "ToleratedFailurePercentagePath",
                               false, ev, effective, b);
  if (!tol_pct) return exec.FailState(frame, tol_pct.error());
  if (*tol_pct && (**tol_pct < 0 || **tol_pct > 100)) {
    return exec.FailState(frame, Runtime("ToleratedFailurePercentage must be between 0 and 100."));
  }

  if (distributed && !resume_group) {
    // A DISTRIBUTED Map runs its iterations as child executions of a Map Run: the parent's
    // history shows the Map Run, not the iterations.
    std::string label = s.raw.value("Label", std::string());
    frame.prev_event =
        h.Add("MapRunStarted", "mapRunStartedEventDetails",
              Json{{"mapRunArn", "arn:aws:states:" + exec.options().region + ":" +
                                     exec.options().account +
                                     ":mapRun:" + exec.options().state_machine_name + "/" +
                                     (label.empty() ? s.name : label) + ":" + NewUuid()}},
              frame.prev_event);
  }
  frame.children = std::make_unique<ChildGroup>();
  frame.blocked = Blocked::kChildren;
  ChildGroup& g = *frame.children;
  g.entered_event = frame.entered_event;
  g.total = items.size();
  g.limit = *max_conc && **max_conc > 0 ? static_cast<size_t>(**max_conc) : 0;
  g.results.assign(g.total, Json());
  if (!s.distributed) g.result_texts.assign(g.total, SharedText());
  g.frames.assign(g.total, nullptr);
  g.started_event = frame.prev_event;
  const uint64_t gen = frame.generation;
  // Failures tolerated before the Map fails (distributed maps only; inline tolerates none).
  if (s.distributed) {
    double count = *tol_count ? **tol_count : 0;
    double pct = *tol_pct ? **tol_pct * static_cast<double>(g.total) / 100.0 : 0;
    g.tolerated = static_cast<size_t>(std::max(count, std::floor(pct)));
  }

  auto finish_if_done = [&exec, &frame, &g, distributed](int64_t last) {
    if (g.succeeded + g.failures < g.total) return false;
    if (distributed) last = frame.history->Add("MapRunSucceeded", "", Json(), last);
    frame.prev_event = frame.history->Add("MapStateSucceeded", "", Json(), last);
    Json results = Json::array();
    for (Json& v : g.results) results.push_back(std::move(v));
    FinishWithResult(exec, frame, std::move(results), ResultText(g));
    return true;
  };

  g.attach = [&exec, &frame, &g, gen, finish_if_done, distributed](size_t i) -> Frame& {
    Frame& child = exec.NewChildFrame(frame, *frame.state->processor, distributed);
    g.frames[i] = &child;
    child.on_done = [&exec, &frame, &g, gen, i, finish_if_done, distributed](
                        Result<Json, asl::Failure> r, int64_t last) {
      if (frame.generation != gen || frame.done || g.failed) return;
      --g.running;
      const SharedText& name = frame.state->name_text;
      // A distributed iteration's events live in its child execution's history.
      if (distributed) last = frame.prev_event;
      auto add_iteration_event = [&](HistoryBuilder::Iteration kind, size_t index,
                                     int64_t previous) {
        if (distributed) return previous;
        return frame.history->MapIteration(kind, name, static_cast<int64_t>(index), previous);
      };
      if (!r) {
        int64_t failed =
            add_iteration_event(HistoryBuilder::Iteration::kFailed, i, last);
        if (++g.failures <= g.tolerated) {
          g.results[i] = Json{{"Error", r.error().error}, {"Cause", r.error().cause}};
          frame.prev_event = failed;
          if (!finish_if_done(failed)) exec.Pump(frame);
          return;
        }
        g.failed = true;
        int64_t prev = failed;
        for (size_t j = 0; j < g.frames.size(); ++j) {
          Frame* other = g.frames[j];
          if (other && !other->done) {
            exec.AbortFrame(*other);
            prev = add_iteration_event(HistoryBuilder::Iteration::kAborted, j,
                                       distributed ? prev : other->prev_event);
          }
        }
        frame.prev_event = prev;
        asl::Failure f = std::move(r).error();
        if (distributed) {
          f = {std::string(asl::errors::kExceedToleratedFailureThreshold),
               "The specified tolerated failure threshold was exceeded"};
          frame.prev_event =
              frame.history->Add("MapRunFailed", "mapRunFailedEventDetails",
                                 Json{{"error", f.error}, {"cause", f.cause}}, frame.prev_event);
        }
        return exec.FailStateFromChildren(frame, std::move(f));
      }
      g.results[i] = std::move(r).value();
      if (!distributed) g.result_texts[i] = ChildOutputText(*frame.history, last);
      ++g.succeeded;
      int64_t succeeded = add_iteration_event(HistoryBuilder::Iteration::kSucceeded, i, last);
      frame.prev_event = succeeded;
      if (!finish_if_done(succeeded)) exec.Pump(frame);
    };
    return child;
  };

  g.launch = [&exec, &frame, &g, items = std::move(items), effective = std::move(effective),
              distributed](size_t i) {
    const asl::State& st = *frame.state;
    // The iteration's input: ItemSelector (JSONPath: also legacy Parameters) or the item.
    Json input;
    if (st.language == asl::QueryLanguage::kJsonata) {
      if (st.arguments) {
        Json states = exec.StatesVariable(frame, nullptr, nullptr);
        states["context"] = exec.ContextObject(frame, &items[i], static_cast<int64_t>(i));
        StatesBindings ib(*frame.scope, std::move(states));
        auto v = st.arguments->Evaluate(ib);
        if (!v) {
          g.failed = true;
          return exec.FailState(frame, v.error());
        }
        input = std::move(v).value();
      } else {
        input = items[i];
      }
    } else if (st.parameters) {
      Json ctx = exec.ContextObject(frame, &items[i], static_cast<int64_t>(i));
      asl::jsonpath::PathContext pc{&effective, &ctx, frame.scope};
      auto v = st.parameters->Evaluate(pc);
      if (!v) {
        g.failed = true;
        return exec.FailState(frame, v.error());
      }
      input = std::move(v).value();
    } else {
      input = items[i];
    }
    Frame& child = g.attach(i);
    if (!distributed) {
      child.prev_event =
          frame.history->MapIteration(HistoryBuilder::Iteration::kStarted, st.name_text,
                                      static_cast<int64_t>(i), g.started_event);
    }
    exec.StartFrame(child, std::move(input));
  };
  if (resume_group) return exec.RestoreChildren(frame, *resume_group);
  if (g.total == 0) {
    frame.prev_event = h.Add("MapStateSucceeded", "", Json(), frame.prev_event);
    return FinishWithResult(exec, frame, Json::array());
  }
  exec.Pump(frame);
}

}  // namespace

void RunMapState(ExecutionImpl& exec, Frame& frame) { RunOrResumeMap(exec, frame, nullptr); }

void ResumeMapState(ExecutionImpl& exec, Frame& frame, const Json& group) {
  RunOrResumeMap(exec, frame, &group);
}

}  // namespace tern::engine
