// Compiles a definition (already validated) into the immutable StateMachine model.
#include <string>

#include "asl/model/state_machine.h"
#include "asl/parse/source_location.h"

namespace tern::asl {

std::string_view StateTypeName(StateType type) {
  switch (type) {
    case StateType::kPass:
      return "Pass";
    case StateType::kTask:
      return "Task";
    case StateType::kChoice:
      return "Choice";
    case StateType::kWait:
      return "Wait";
    case StateType::kSucceed:
      return "Succeed";
    case StateType::kFail:
      return "Fail";
    case StateType::kParallel:
      return "Parallel";
    case StateType::kMap:
      return "Map";
  }
  return "?";
}

const State* StateMachine::Find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &states_[it->second];
}

class StateMachineBuilder {
 public:
  Result<std::shared_ptr<const StateMachine>, std::string> Build(const Json& def,
                                                                 const std::string& pointer,
                                                                 QueryLanguage inherited) {
    if (!def.is_object()) return Fail(pointer, "a state machine must be an object");
    auto sm = std::make_shared<StateMachine>();
    sm->definition_ = def;
    sm->language_ = inherited;
    if (auto ql = def.find("QueryLanguage"); ql != def.end() && ql->is_string()) {
      sm->language_ = *ql == "JSONata" ? QueryLanguage::kJsonata : QueryLanguage::kJsonPath;
    }
    auto start = def.find("StartAt");
    if (start == def.end() || !start->is_string()) return Fail(pointer, "StartAt is required");
    sm->start_at_ = start->get<std::string>();
    if (auto t = def.find("TimeoutSeconds"); t != def.end() && t->is_number()) {
      sm->timeout_seconds_ = t->get<int64_t>();
    }
    auto states = def.find("States");
    if (states == def.end() || !states->is_object()) return Fail(pointer, "States is required");
    for (auto it = states->begin(); it != states->end(); ++it) {
      std::string at = pointer + "/States/" + EscapePointerToken(it.key());
      State state;
      if (!BuildState(it.key(), it.value(), at, sm->language_, state)) {
        return Unexpected(std::move(error_));
      }
      sm->index_.emplace(state.name, sm->states_.size());
      sm->states_.push_back(std::move(state));
    }
    if (!sm->Find(sm->start_at_))
      return Fail(pointer + "/StartAt", "no state named " + sm->start_at_);
    if (!ResolveTransitions(*sm, pointer)) return Unexpected(std::move(error_));
    return std::shared_ptr<const StateMachine>(std::move(sm));
  }

 private:
  // Turns every state name a transition goes to into its index in states().
  bool ResolveTransitions(StateMachine& sm, const std::string& pointer) {
    auto resolve = [&](const std::string& name, const std::string& at, size_t& out) {
      if (name.empty()) return true;
      auto it = sm.index_.find(name);
      if (it == sm.index_.end()) return Error(at, "no state named " + name);
      out = it->second;
      return true;
    };
    for (State& s : sm.states_) {
      const std::string at = pointer + "/States/" + EscapePointerToken(s.name);
      if (!resolve(s.next, at + "/Next", s.next_index)) return false;
      if (!resolve(s.default_next, at + "/Default", s.default_index)) return false;
      for (size_t i = 0; i < s.choices.size(); ++i) {
        if (!resolve(s.choices[i].next, at + "/Choices/" + std::to_string(i) + "/Next",
                     s.choices[i].next_index)) {
          return false;
        }
      }
      for (size_t i = 0; i < s.catchers.size(); ++i) {
        if (!resolve(s.catchers[i].next, at + "/Catch/" + std::to_string(i) + "/Next",
                     s.catchers[i].next_index)) {
          return false;
        }
      }
    }
    return true;
  }

  Unexpected<std::string> Fail(const std::string& pointer, const std::string& message) {
    return Unexpected(pointer + ": " + message);
  }
  bool Error(const std::string& pointer, const std::string& message) {
    error_ = pointer + ": " + message;
    return false;
  }

  bool CompilePath(const Json& v, const std::string& at, std::optional<jsonpath::Path>& out) {
    if (!v.is_string()) return Error(at, "must be a path string");
    auto p = jsonpath::Path::Compile(v.get<std::string>());
    if (!p) return Error(at, p.error());
    out = std::move(p).value();
    return true;
  }

  bool CompileFilterPath(const Json& state, const char* field, const std::string& at,
                         FilterPathDecl& out) {
    auto it = state.find(field);
    if (it == state.end()) return true;
    if (it->is_null()) {
      out.kind = FilterPathDecl::Kind::kNull;
      return true;
    }
    out.kind = FilterPathDecl::Kind::kPath;
    return CompilePath(*it, at + "/" + field, out.path);
  }

  bool CompileResultPath(const Json& holder, const std::string& at, ResultPathDecl& out) {
    auto it = holder.find("ResultPath");
    if (it == holder.end()) return true;
    if (it->is_null()) {
      out.kind = ResultPathDecl::Kind::kDiscard;
      return true;
    }
    out.kind = ResultPathDecl::Kind::kPath;
    return CompilePath(*it, at + "/ResultPath", out.path);
  }

  bool CompileTemplate(const Json& holder, const char* field, const std::string& at,
                       std::optional<jsonpath::PayloadTemplate>& out) {
    auto it = holder.find(field);
    if (it == holder.end()) return true;
    auto t = jsonpath::PayloadTemplate::Compile(*it);
    if (!t) return Error(at + "/" + field, t.error());
    out = std::move(t).value();
    return true;
  }

  bool CompileJsonata(const Json& holder, const char* field, const std::string& at,
                      std::optional<JsonataTemplate>& out) {
    auto it = holder.find(field);
    if (it == holder.end()) return true;
    auto t = JsonataTemplate::Compile(*it, field);
    if (!t) return Error(at + "/" + field, t.error());
    out = std::move(t).value();
    return true;
  }

  bool CompileNumber(const Json& state, const char* field, const std::string& path_field,
                     const std::string& at, QueryLanguage ql, NumberDecl& out) {
    if (auto it = state.find(field); it != state.end()) {
      if (it->is_number()) {
        out.literal = it->get<double>();
      } else if (ql == QueryLanguage::kJsonata && it->is_string()) {
        auto t = JsonataTemplate::Compile(*it, field);
        if (!t) return Error(at + "/" + field, t.error());
        out.expression = std::move(t).value();
      } else {
        return Error(at + "/" + field, "must be a number");
      }
    }
    if (!path_field.empty()) {
      if (auto it = state.find(path_field); it != state.end()) {
        return CompilePath(*it, at + "/" + path_field, out.path);
      }
    }
    return true;
  }

  bool BuildRetryCatch(const Json& raw, const std::string& at, QueryLanguage ql, State& s) {
    if (auto retry = raw.find("Retry"); retry != raw.end() && retry->is_array()) {
      for (const Json& r : *retry) {
        Retrier rt;
        rt.error_equals = r.value("ErrorEquals", std::vector<std::string>{});
        rt.interval_seconds = r.value("IntervalSeconds", 1.0);
        rt.max_attempts = r.value("MaxAttempts", int64_t{3});
        rt.backoff_rate = r.value("BackoffRate", 2.0);
        if (r.contains("MaxDelaySeconds"))
          rt.max_delay_seconds = r["MaxDelaySeconds"].get<double>();
        if (r.value("JitterStrategy", std::string("NONE")) == "FULL")
          rt.jitter = JitterStrategy::kFull;
        s.retriers.push_back(std::move(rt));
      }
    }
    if (auto c = raw.find("Catch"); c != raw.end() && c->is_array()) {
      for (size_t i = 0; i < c->size(); ++i) {
        const Json& cj = (*c)[i];
        std::string cat = at + "/Catch/" + std::to_string(i);
        Catcher k;
        k.error_equals = cj.value("ErrorEquals", std::vector<std::string>{});
        k.next = cj.value("Next", std::string());
        if (ql == QueryLanguage::kJsonPath) {
          if (!CompileResultPath(cj, cat, k.result_path)) return false;
          if (!CompileTemplate(cj, "Assign", cat, k.assign_jsonpath)) return false;
        } else {
          if (!CompileJsonata(cj, "Output", cat, k.output)) return false;
          if (!CompileJsonata(cj, "Assign", cat, k.assign_jsonata)) return false;
        }
        s.catchers.push_back(std::move(k));
      }
    }
    return true;
  }

  static bool MentionsContext(const Json& v) {
    if (v.is_string()) {
      const auto& s = v.get_ref<const std::string&>();
      return s.find("$$") != std::string::npos || s.find("$states.context") != std::string::npos;
    }
    if (v.is_structured()) {
      for (const auto& item : v) {
        if (MentionsContext(item)) return true;
      }
    }
    return false;
  }

  bool BuildState(const std::string& name, const Json& raw, const std::string& at,
                  QueryLanguage inherited, State& s) {
    if (!raw.is_object()) return Error(at, "a state must be an object");
    s.name = name;
    s.name_text = SharedText(name);
    s.raw = raw;
    s.language = inherited;
    if (auto ql = raw.find("QueryLanguage"); ql != raw.end() && ql->is_string()) {
      s.language = *ql == "JSONata" ? QueryLanguage::kJsonata : QueryLanguage::kJsonPath;
    }
    const QueryLanguage ql = s.language;
    std::string type = raw.value("Type", std::string());
    if (type == "Pass") {
      s.type = StateType::kPass;
    } else if (type == "Task") {
      s.type = StateType::kTask;
    } else if (type == "Choice") {
      s.type = StateType::kChoice;
    } else if (type == "Wait") {
      s.type = StateType::kWait;
    } else if (type == "Succeed") {
      s.type = StateType::kSucceed;
    } else if (type == "Fail") {
      s.type = StateType::kFail;
    } else if (type == "Parallel") {
      s.type = StateType::kParallel;
    } else if (type == "Map") {
      s.type = StateType::kMap;
    } else {
      return Error(at + "/Type", "unknown state type '" + type + "'");
    }
    s.next = raw.value("Next", std::string());
    s.end = raw.value("End", false);
    s.uses_context = MentionsContext(raw);

    if (ql == QueryLanguage::kJsonPath) {
      if (!CompileFilterPath(raw, "InputPath", at, s.input_path)) return false;
      if (!CompileFilterPath(raw, "OutputPath", at, s.output_path)) return false;
      const char* params =
          s.type == StateType::kMap && raw.contains("ItemSelector") ? "ItemSelector" : "Parameters";
      if (!CompileTemplate(raw, params, at, s.parameters)) return false;
      if (!CompileTemplate(raw, "ResultSelector", at, s.result_selector)) return false;
      if (!CompileResultPath(raw, at, s.result_path)) return false;
      if (!CompileTemplate(raw, "Assign", at, s.assign_jsonpath)) return false;
      if (auto r = raw.find("Result"); r != raw.end()) s.result = *r;
    } else {
      const char* args = s.type == StateType::kMap ? "ItemSelector" : "Arguments";
      if (!CompileJsonata(raw, args, at, s.arguments)) return false;
      if (!CompileJsonata(raw, "Output", at, s.output)) return false;
      if (!CompileJsonata(raw, "Assign", at, s.assign_jsonata)) return false;
    }
    if (!BuildRetryCatch(raw, at, ql, s)) return false;

    switch (s.type) {
      case StateType::kTask:
        if (auto r = raw.find("Resource"); r != raw.end() && !r->is_string()) {
          // The validator accepts CloudFormation intrinsics here (a template's definition),
          // but nothing resolves them in a bare definition.
          const bool intrinsic = r->is_object() && r->size() == 1 &&
                                 (r->contains("Ref") || r->begin().key().starts_with("Fn::"));
          return Error(at + "/Resource",
                       intrinsic ? "the CloudFormation intrinsic " + r->begin().key() +
                                       " cannot be run here: replace it with the resource's "
                                       "ARN (a SAM template resolves it when the state "
                                       "machine is created from the template)"
                                 : "must be an ARN string");
        }
        s.resource = raw.value("Resource", std::string());
        if (!CompileNumber(raw, "TimeoutSeconds", "TimeoutSecondsPath", at, ql,
                           s.timeout_seconds)) {
          return false;
        }
        if (!CompileNumber(raw, "HeartbeatSeconds", "HeartbeatSecondsPath", at, ql,
                           s.heartbeat_seconds)) {
          return false;
        }
        if (auto c = raw.find("Credentials"); c != raw.end()) s.credentials = *c;
        break;
      case StateType::kChoice:
        if (!BuildChoice(raw, at, ql, s)) return false;
        break;
      case StateType::kWait:
        if (!CompileNumber(raw, "Seconds", "SecondsPath", at, ql, s.seconds)) return false;
        if (auto t = raw.find("Timestamp"); t != raw.end() && t->is_string()) {
          if (ql == QueryLanguage::kJsonata && IsJsonataExpressionString(t->get<std::string>())) {
            if (!CompileJsonata(raw, "Timestamp", at, s.timestamp_expression)) return false;
          } else {
            s.timestamp = t->get<std::string>();
          }
        }
        if (auto t = raw.find("TimestampPath"); t != raw.end()) {
          if (!CompilePath(*t, at + "/TimestampPath", s.timestamp_path)) return false;
        }
        break;
      case StateType::kFail:
        if (ql == QueryLanguage::kJsonata) {
          if (!CompileJsonata(raw, "Error", at, s.error_expression)) return false;
          if (!CompileJsonata(raw, "Cause", at, s.cause_expression)) return false;
        } else {
          if (auto e = raw.find("Error"); e != raw.end() && e->is_string()) s.error = *e;
          if (auto c = raw.find("Cause"); c != raw.end() && c->is_string()) s.cause = *c;
          if (auto e = raw.find("ErrorPath"); e != raw.end()) s.error_path = *e;
          if (auto c = raw.find("CausePath"); c != raw.end()) s.cause_path = *c;
        }
        break;
      case StateType::kParallel: {
        auto branches = raw.find("Branches");
        if (branches == raw.end() || !branches->is_array())
          return Error(at, "Branches is required");
        for (size_t i = 0; i < branches->size(); ++i) {
          auto b = Build((*branches)[i], at + "/Branches/" + std::to_string(i), ql);
          if (!b) {
            error_ = b.error();
            return false;
          }
          s.branches.push_back(std::move(b).value());
        }
        break;
      }
      case StateType::kMap:
        if (!BuildMap(raw, at, ql, s)) return false;
        break;
      default:
        break;
    }
    return true;
  }

  bool BuildChoice(const Json& raw, const std::string& at, QueryLanguage ql, State& s) {
    s.default_next = raw.value("Default", std::string());
    auto choices = raw.find("Choices");
    if (choices == raw.end() || !choices->is_array()) return Error(at, "Choices is required");
    for (size_t i = 0; i < choices->size(); ++i) {
      const Json& rule = (*choices)[i];
      std::string rat = at + "/Choices/" + std::to_string(i);
      ChoiceBranch b;
      b.next = rule.value("Next", std::string());
      bool rule_jsonata = ql == QueryLanguage::kJsonata || rule.contains("Condition");
      if (rule_jsonata) {
        if (!CompileJsonata(rule, "Condition", rat, b.condition)) return false;
        if (!CompileJsonata(rule, "Output", rat, b.output)) return false;
        if (!CompileJsonata(rule, "Assign", rat, b.assign_jsonata)) return false;
      } else {
        auto r = jsonpath::ChoiceRule::Compile(rule);
        if (!r) return Error(rat, r.error());
        b.rule = std::move(r).value();
        if (!CompileTemplate(rule, "Assign", rat, b.assign_jsonpath)) return false;
      }
      s.choices.push_back(std::move(b));
    }
    return true;
  }

  bool BuildMap(const Json& raw, const std::string& at, QueryLanguage ql, State& s) {
    const char* proc_field = raw.contains("ItemProcessor") ? "ItemProcessor" : "Iterator";
    auto proc = raw.find(proc_field);
    if (proc == raw.end()) return Error(at, "ItemProcessor is required");
    auto p = Build(*proc, at + "/" + proc_field, ql);
    if (!p) {
      error_ = p.error();
      return false;
    }
    s.processor = std::move(p).value();
    if (auto cfg = proc->find("ProcessorConfig"); cfg != proc->end() && cfg->is_object()) {
      s.distributed = cfg->value("Mode", std::string("INLINE")) == "DISTRIBUTED";
    }
    if (ql == QueryLanguage::kJsonPath) {
      if (auto ip = raw.find("ItemsPath"); ip != raw.end()) {
        if (!CompilePath(*ip, at + "/ItemsPath", s.items_path)) return false;
      }
    } else {
      if (!CompileJsonata(raw, "Items", at, s.items)) return false;
    }
    if (!CompileNumber(raw, "MaxConcurrency", "MaxConcurrencyPath", at, ql, s.max_concurrency)) {
      return false;
    }
    if (!CompileNumber(raw, "ToleratedFailureCount", "ToleratedFailureCountPath", at, ql,
                       s.tolerated_failure_count)) {
      return false;
    }
    if (!CompileNumber(raw, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", at, ql,
                       s.tolerated_failure_percentage)) {
      return false;
    }
    if (auto b = raw.find("ItemBatcher"); b != raw.end()) s.item_batcher = *b;
    return true;
  }

  std::string error_;
};

Result<std::shared_ptr<const StateMachine>, std::string> BuildStateMachine(const Json& definition) {
  StateMachineBuilder builder;
  try {
    return builder.Build(definition, "", QueryLanguage::kJsonPath);
  } catch (const Json::exception& e) {
    // A field of a type the validator let through and the builder does not expect: an error
    // for the caller (tern run exits 2 with it), never an escaping exception.
    return Unexpected("the definition has a field of an unexpected type (" + std::string(e.what()) +
                      ")");
  }
}

}  // namespace tern::asl
