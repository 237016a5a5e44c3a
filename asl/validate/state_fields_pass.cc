// Which fields each state type accepts, in which query language (ASL.md §2), which it requires,
// and Next/End. The checks of the fields' values belong to the pass of their rule group.
#include <algorithm>
#include <string>
#include <vector>

#include "asl/validate/codes.h"
#include "asl/validate/passes.h"

namespace tern::asl::validate {
namespace {

enum class Mode { kBoth, kJsonPath, kJsonata };

struct Field {
  std::string_view name;
  Mode mode;
};

constexpr Mode B = Mode::kBoth;
constexpr Mode P = Mode::kJsonPath;
constexpr Mode A = Mode::kJsonata;

// Every type also accepts Type, Comment and QueryLanguage.
const std::vector<Field>& FieldsOf(std::string_view type) {
  static const std::vector<Field> kPass = {{"Next", B},      {"End", B},        {"Assign", B},
                                           {"InputPath", P}, {"OutputPath", P}, {"Parameters", P},
                                           {"Result", P},    {"ResultPath", P}, {"Output", A}};
  static const std::vector<Field> kTask = {{"Next", B},
                                           {"End", B},
                                           {"Resource", B},
                                           {"TimeoutSeconds", B},
                                           {"HeartbeatSeconds", B},
                                           {"Credentials", B},
                                           {"Retry", B},
                                           {"Catch", B},
                                           {"Assign", B},
                                           {"InputPath", P},
                                           {"OutputPath", P},
                                           {"Parameters", P},
                                           {"ResultSelector", P},
                                           {"ResultPath", P},
                                           {"TimeoutSecondsPath", P},
                                           {"HeartbeatSecondsPath", P},
                                           {"Arguments", A},
                                           {"Output", A}};
  static const std::vector<Field> kChoice = {{"Choices", B},   {"Default", B},    {"Assign", B},
                                             {"InputPath", P}, {"OutputPath", P}, {"Output", A}};
  static const std::vector<Field> kWait = {
      {"Next", B},        {"End", B},           {"Seconds", B},   {"Timestamp", B},  {"Assign", B},
      {"SecondsPath", P}, {"TimestampPath", P}, {"InputPath", P}, {"OutputPath", P}, {"Output", A}};
  static const std::vector<Field> kSucceed = {{"InputPath", P}, {"OutputPath", P}, {"Output", A}};
  static const std::vector<Field> kFail = {
      {"Error", B}, {"Cause", B}, {"ErrorPath", P}, {"CausePath", P}};
  static const std::vector<Field> kParallel = {
      {"Next", B},           {"End", B},        {"Branches", B},
      {"Retry", B},          {"Catch", B},      {"Assign", B},
      {"InputPath", P},      {"OutputPath", P}, {"Parameters", P},
      {"ResultSelector", P}, {"ResultPath", P}, {"Arguments", A},
      {"Output", A}};
  static const std::vector<Field> kMap = {{"Next", B},
                                          {"End", B},
                                          {"ItemProcessor", B},
                                          {"Iterator", B},
                                          {"ItemSelector", B},
                                          {"MaxConcurrency", B},
                                          {"ItemReader", B},
                                          {"ItemBatcher", B},
                                          {"ResultWriter", B},
                                          {"ToleratedFailureCount", B},
                                          {"ToleratedFailurePercentage", B},
                                          {"Label", B},
                                          {"Retry", B},
                                          {"Catch", B},
                                          {"Assign", B},
                                          {"InputPath", P},
                                          {"OutputPath", P},
                                          {"ItemsPath", P},
                                          {"Parameters", P},
                                          {"ResultSelector", P},
                                          {"ResultPath", P},
                                          {"MaxConcurrencyPath", P},
                                          {"ToleratedFailureCountPath", P},
                                          {"ToleratedFailurePercentagePath", P},
                                          {"Items", A},
                                          {"Output", A}};
  static const std::vector<Field> kNone;
  if (type == "Pass") return kPass;
  if (type == "Task") return kTask;
  if (type == "Choice") return kChoice;
  if (type == "Wait") return kWait;
  if (type == "Succeed") return kSucceed;
  if (type == "Fail") return kFail;
  if (type == "Parallel") return kParallel;
  if (type == "Map") return kMap;
  return kNone;
}

// What to write instead of a JSONPath-only field in a JSONata state.
std::string JsonataReplacement(std::string_view field) {
  if (field == "InputPath" || field == "Parameters") return "use 'Arguments'";
  if (field == "OutputPath" || field == "ResultSelector" || field == "ResultPath") {
    return "use 'Output'";
  }
  if (field == "ItemsPath") return "use 'Items'";
  if (field == "Result") return "use 'Output'";
  if (field.ends_with("Path")) {
    return "use '" + std::string(field.substr(0, field.size() - 4)) + "' with a {% %} expression";
  }
  return "it is JSONPath syntax";
}

void CheckType(Context& ctx, const StateInfo& state) {
  const Json& value = *state.value;
  auto type = value.find("Type");
  if (type == value.end()) {
    ctx.Report(codes::kSchemaValidationFailed, state.pointer,
               "State " + Shown(state.name) + " has no 'Type'");
  } else if (state.type.empty()) {
    ctx.Report(codes::kSchemaValidationFailed, Child(state.pointer, "Type"),
               "'Type' must be one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map; "
               "not " +
                   Shown(*type));
  }
}

void CheckQueryLanguage(Context& ctx, const StateInfo& state) {
  const Json& value = *state.value;
  auto language = value.find("QueryLanguage");
  if (language == value.end()) return;
  if (*language != "JSONPath" && *language != "JSONata") {
    ctx.Report(codes::kSchemaValidationFailed, Child(state.pointer, "QueryLanguage"),
               "'QueryLanguage' must be \"JSONPath\" or \"JSONata\", not " + Shown(*language));
  } else if (*language == "JSONPath" && ctx.machine_language() == QueryLanguage::kJsonata &&
             !ctx.InChildWorkflow(state.scope)) {
    // AWS's exact text and location. A Distributed Map's child workflow is a machine of its
    // own, so its states may choose JSONPath.
    ctx.Report(codes::kSchemaValidationFailed, state.pointer,
               "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state "
               "machine");
  }
}

void CheckFields(Context& ctx, const StateInfo& state) {
  const std::vector<Field>& allowed = FieldsOf(state.type);
  const Json& value = *state.value;
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string& key = it.key();
    const std::string pointer = Child(state.pointer, key);
    if (key == "Type" || key == "QueryLanguage") continue;
    if (key == "Comment") {
      if (!it->is_string()) {
        ctx.Report(codes::kSchemaValidationFailed, pointer,
                   "'Comment' must be a string, not " + std::string(TypeName(*it)));
      }
      continue;
    }
    auto field =
        std::find_if(allowed.begin(), allowed.end(), [&](const Field& f) { return f.name == key; });
    if (field == allowed.end()) {
      ctx.Report(codes::kSchemaValidationFailed, pointer,
                 "Field " + Shown(key) + " is not allowed in a " + state.type + " state");
    } else if (field->mode == Mode::kJsonPath && state.language == QueryLanguage::kJsonata) {
      ctx.Report(codes::kSchemaValidationFailed, pointer,
                 "Field " + Shown(key) + " is not allowed in a JSONata state (" +
                     JsonataReplacement(key) + ")");
    } else if (field->mode == Mode::kJsonata && state.language == QueryLanguage::kJsonPath) {
      ctx.Report(codes::kSchemaValidationFailed, pointer,
                 "Field " + Shown(key) +
                     " is only allowed in a JSONata state (set \"QueryLanguage\": \"JSONata\" "
                     "on the state or the machine)");
    }
  }
  static constexpr std::pair<std::string_view, std::string_view> kRequired[] = {
      {"Task", "Resource"}, {"Choice", "Choices"}, {"Parallel", "Branches"}};
  for (const auto& [type, field] : kRequired) {
    if (state.type == type && !value.contains(field)) {
      ctx.Report(codes::kSchemaValidationFailed, state.pointer,
                 "The field '" + std::string(field) + "' is required but was missing");
    }
  }
}

void CheckNextEnd(Context& ctx, const StateInfo& state) {
  const std::string& type = state.type;
  if (type == "Choice" || type == "Succeed" || type == "Fail") return;  // fields table refuses
  const Json& value = *state.value;
  auto next = value.find("Next");
  auto end = value.find("End");
  if (next != value.end() && !next->is_string()) {
    ctx.Report(codes::kSchemaValidationFailed, Child(state.pointer, "Next"),
               "'Next' must be a state name (string), not " + std::string(TypeName(*next)));
  }
  if (end != value.end() && !end->is_boolean()) {
    ctx.Report(codes::kSchemaValidationFailed, Child(state.pointer, "End"),
               "'End' must be true, not " + Shown(*end));
  }
  if (next != value.end() && end != value.end()) {
    ctx.Report(codes::kMutuallyExclusiveProperties, state.pointer,
               "State " + Shown(state.name) +
                   " has both 'Next' and 'End'; a state either moves on or ends");
  } else if (next == value.end() && (end == value.end() || *end != true)) {
    ctx.Report(codes::kSchemaValidationFailed, state.pointer,
               "State " + Shown(state.name) + " must have either 'Next' or \"End\": true");
  }
}

}  // namespace

void RunStateFieldsPass(Context& ctx) {
  for (const StateInfo& state : ctx.states()) {
    if (!state.value->is_object()) {
      ctx.Report(codes::kSchemaValidationFailed, state.pointer,
                 "State " + Shown(state.name) + " must be an object, not " +
                     std::string(TypeName(*state.value)));
      continue;
    }
    CheckType(ctx, state);
    CheckQueryLanguage(ctx, state);
    if (state.type.empty()) continue;
    CheckFields(ctx, state);
    CheckNextEnd(ctx, state);
  }
}

}  // namespace tern::asl::validate
