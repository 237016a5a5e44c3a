// Runs the AWS-recorded conformance cases that reduce to this module alone: a JSONPath machine
// whose start state is either one Pass state (InputPath, Parameters/Result, ResultPath,
// OutputPath) or a Choice state that routes to Pass states holding a literal Result. Each case's
// expected output, error and cause (without the engine's "An error occurred while executing the
// state ..." prefix) are checked against this module's evaluators.

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "asl/jsonpath/choice_rule.h"
#include "asl/jsonpath/json_format.h"
#include "asl/jsonpath/path.h"
#include "asl/jsonpath/payload_template.h"

namespace tern::asl::jsonpath {
namespace {

struct Outcome {
  bool ok = true;
  Json output;
  Failure failure;
};

bool OnlyFields(const Json& state, std::set<std::string> allowed) {
  for (const auto& [key, _] : state.items()) {
    if (!allowed.count(key)) return false;
  }
  return true;
}

Outcome RuntimeError(std::string cause) {
  return Outcome{false, nullptr, Failure{"States.Runtime", std::move(cause)}};
}

// InputPath / OutputPath: a Path, or null for {}.
bool ApplyPath(const Json& state, const char* field, const Json& data, const Json& context,
               Json& out, Outcome& err) {
  if (!state.contains(field)) {
    out = data;
    return true;
  }
  if (state[field].is_null()) {
    out = Json::object();
    return true;
  }
  auto path = Path::Compile(state[field].get<std::string>());
  if (!path.has_value()) {
    err = RuntimeError(path.error());
    return false;
  }
  PathContext ctx{&data, &context, nullptr};
  auto value = path->Evaluate(ctx);
  if (!value.has_value()) {
    err = RuntimeError(value.error());
    return false;
  }
  out = std::move(value).value();
  return true;
}

// A context object like the one AWS builds; recorded outputs that show its ids hold placeholders.
Json ContextFor(const Json& input) {
  Json context = Json::object();
  context["Execution"] = {{"Id", "arn:aws:states:us-east-1:111111111111:execution:sm:exec"},
                          {"Input", input},
                          {"Name", "exec"},
                          {"StartTime", "2024-01-01T00:00:00.000Z"}};
  context["StateMachine"] = {{"Id", "arn:aws:states:us-east-1:111111111111:stateMachine:sm"},
                             {"Name", "sm"}};
  context["State"] = {{"Name", "State0"}, {"EnteredTime", "2024-01-01T00:00:00.000Z"}};
  return context;
}

std::optional<Outcome> RunPass(const Json& state, const Json& input) {
  if (!OnlyFields(state, {"Type", "Comment", "End", "InputPath", "Parameters", "Result",
                          "ResultPath", "OutputPath"})) {
    return std::nullopt;
  }
  Outcome err;
  Json effective;
  const Json context = ContextFor(input);
  if (!ApplyPath(state, "InputPath", input, context, effective, err)) return err;
  Json result = effective;
  if (state.contains("Parameters")) {
    auto tmpl = PayloadTemplate::Compile(state["Parameters"]);
    if (!tmpl.has_value()) return std::nullopt;
    PathContext ctx{&effective, &context, nullptr};
    auto value = tmpl->Evaluate(ctx);
    if (!value.has_value()) return Outcome{false, nullptr, value.error()};
    result = std::move(value).value();
  }
  if (state.contains("Result")) result = state["Result"];
  Json output;
  if (!state.contains("ResultPath")) {
    output = result;
  } else if (state["ResultPath"].is_null()) {
    output = input;
  } else {
    auto path = Path::Compile(state["ResultPath"].get<std::string>());
    if (!path.has_value()) return std::nullopt;
    auto written = SetAtReferencePath(input, *path, result);
    if (!written.has_value()) {
      return Outcome{false, nullptr, Failure{"States.ResultPathMatchFailure", written.error()}};
    }
    output = std::move(written).value();
  }
  Json final_output;
  if (!ApplyPath(state, "OutputPath", output, context, final_output, err)) return err;
  return Outcome{true, final_output, {}};
}

std::optional<Outcome> RunChoice(const Json& states, const Json& state, const Json& input) {
  if (!OnlyFields(state, {"Type", "Comment", "Choices", "Default"})) return std::nullopt;
  std::string next;
  const Json context = ContextFor(input);
  PathContext ctx{&input, &context, nullptr};
  for (const Json& rule_json : state["Choices"]) {
    auto rule = ChoiceRule::Compile(rule_json);
    if (!rule.has_value()) return std::nullopt;
    auto matched = rule->Evaluate(ctx);
    if (!matched.has_value()) return Outcome{false, nullptr, matched.error()};
    if (*matched) {
      next = rule_json["Next"].get<std::string>();
      break;
    }
  }
  if (next.empty()) {
    if (!state.contains("Default")) {
      return Outcome{false, nullptr, Failure{"States.NoChoiceMatched", ""}};
    }
    next = state["Default"].get<std::string>();
  }
  const Json& target = states[next];
  if (target["Type"] != "Pass" || !target.value("End", false)) return std::nullopt;
  return RunPass(target, input);
}

// Drops "An error occurred while executing the state 'X' (entered at the event id #N). ".
std::string StripStatePrefix(const std::string& cause) {
  static constexpr std::string_view kStart = "An error occurred while executing the state '";
  static constexpr std::string_view kEnd = "). ";
  if (cause.rfind(kStart, 0) != 0) return cause;
  size_t end = cause.find(kEnd);
  return end == std::string::npos ? cause : cause.substr(end + kEnd.size());
}

std::string ReplaceAll(std::string text, std::string_view from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

TEST(ConformanceCases, SingleStateJsonPathMachines) {
  std::ifstream in(std::string(TERN_SHARED_DIR) + "/conformance/cases.jsonl");
  ASSERT_TRUE(in.good()) << "cases.jsonl not found under " << TERN_SHARED_DIR;
  std::map<std::string, std::pair<int, int>> per_feature;  // feature -> (run, passed)
  std::string line;
  int run = 0, passed = 0;
  while (std::getline(in, line)) {
    Json c = Json::parse(line);
    if (c.value("redacted", false)) continue;
    const Json& def = c["definition"];
    if (def.value("QueryLanguage", "JSONPath") != "JSONPath") continue;
    const Json& states = def["States"];
    bool jsonata = false;
    for (const auto& [_, s] : states.items()) jsonata = jsonata || s.contains("QueryLanguage");
    if (jsonata) continue;
    const Json& start = states[def["StartAt"].get<std::string>()];
    // The timestamp operator cases were recorded with their values replaced by "date".
    if (c["feature"] == "choiceoperators" &&
        c["id"].get<std::string>().find("timestamp") != std::string::npos) {
      continue;
    }
    std::optional<Outcome> outcome;
    if (start["Type"] == "Pass" && start.value("End", false)) {
      outcome = RunPass(start, c["input"]);
    } else if (start["Type"] == "Choice") {
      outcome = RunChoice(states, start, c["input"]);
    }
    if (!outcome) continue;
    ++run;
    const Json& expected = c["expected"];
    std::string feature = c["feature"].get<std::string>();
    bool ok;
    // Random values and AWS ids were replaced by placeholders in the recording: only the status
    // can be compared for those.
    std::string recorded = expected.dump();
    bool placeholders = recorded.find('<') != std::string::npos ||
                        recorded.find("generated-uuid") != std::string::npos ||
                        recorded.find("RandomNumberGenerated") != std::string::npos;
    if (expected["status"] == "SUCCEEDED") {
      ok = outcome->ok &&
           (placeholders || nlohmann::json(outcome->output) == nlohmann::json(expected["output"]));
      EXPECT_TRUE(ok) << c["id"] << "\n  expected " << expected["output"].dump() << "\n  got "
                      << (outcome->ok ? outcome->output.dump() : outcome->failure.cause);
    } else {
      std::string cause = StripStatePrefix(expected.value("cause", ""));
      std::string input_text = ToCompactJson(c["input"]);
      cause = ReplaceAll(cause, "<json-input:1>", input_text);
      ok = !outcome->ok && outcome->failure.error == expected.value("error", "") &&
           outcome->failure.cause == cause;
      EXPECT_TRUE(ok) << c["id"] << "\n  expected " << expected.value("error", "") << ": " << cause
                      << "\n  got "
                      << (outcome->ok ? outcome->output.dump()
                                      : outcome->failure.error + ": " + outcome->failure.cause);
    }
    per_feature[feature].first++;
    if (ok) {
      per_feature[feature].second++;
      ++passed;
    }
  }
  for (const auto& [feature, counts] : per_feature) {
    std::cout << "  " << feature << ": " << counts.second << "/" << counts.first << "\n";
  }
  std::cout << "  total: " << passed << "/" << run << "\n";
  EXPECT_GT(run, 300);
}

}  // namespace
}  // namespace tern::asl::jsonpath
