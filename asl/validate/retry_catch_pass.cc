// Retry and Catch (ASL.md §9, §12 rule 10): only on Task, Parallel and Map (the fields pass
// refuses them elsewhere); ErrorEquals is a non-empty list of non-empty names; States.ALL stands
// alone and only in the last retrier/catcher; numbers are in AWS's ranges.
#include <string>

#include "asl/core/error_names.h"
#include "asl/validate/codes.h"
#include "asl/validate/passes.h"

namespace tern::asl::validate {
namespace {

constexpr long long kMaxRetryValue = 99999999;
constexpr long long kMaxDelaySecondsLimit = 31622400;

bool IsKnownStatesError(std::string_view name) {
  static constexpr std::string_view kNames[] = {errors::kAll,
                                                errors::kTimeout,
                                                errors::kHeartbeatTimeout,
                                                errors::kTaskFailed,
                                                errors::kPermissions,
                                                errors::kResultPathMatchFailure,
                                                errors::kParameterPathFailure,
                                                errors::kQueryEvaluationError,
                                                errors::kBranchFailed,
                                                errors::kNoChoiceMatched,
                                                errors::kIntrinsicFailure,
                                                errors::kExceedToleratedFailureThreshold,
                                                errors::kItemReaderFailed,
                                                errors::kResultWriterFailed,
                                                errors::kDataLimitExceeded,
                                                errors::kRuntime,
                                                "States.Http.Socket"};
  for (std::string_view known : kNames) {
    if (name == known) return true;
  }
  return false;
}

// ErrorEquals of retrier/catcher `index` of `count` in the list `list_name`.
void CheckErrorEquals(Context& ctx, const Json& entry, const std::string& pointer,
                      const char* list_name, size_t index, size_t count) {
  auto errors_field = entry.find("ErrorEquals");
  if (errors_field == entry.end()) {
    ctx.Report(codes::kSchemaValidationFailed, pointer,
               "The field 'ErrorEquals' is required but was missing");
    return;
  }
  const std::string field_pointer = Child(pointer, "ErrorEquals");
  if (!errors_field->is_array() || errors_field->empty()) {
    ctx.Report(codes::kSchemaValidationFailed, field_pointer,
               "'ErrorEquals' must be a non-empty array of error names");
    return;
  }
  bool has_all = false;
  for (size_t i = 0; i < errors_field->size(); ++i) {
    const Json& name = (*errors_field)[i];
    const std::string name_pointer = Child(field_pointer, i);
    if (!name.is_string() || name.get_ref<const std::string&>().empty()) {
      ctx.Report(codes::kSchemaValidationFailed, name_pointer,
                 "Error names in 'ErrorEquals' must be non-empty strings, not " + Shown(name));
      continue;
    }
    const std::string& text = name.get_ref<const std::string&>();
    if (text == errors::kAll) {
      has_all = true;
    } else if (text.starts_with("States.") && !IsKnownStatesError(text)) {
      ctx.Report(codes::kSchemaValidationFailed, name_pointer,
                 Shown(text) +
                     " is not a predefined error name (names starting with "
                     "'States.' are reserved)",
                 Severity::kWarning);
    }
  }
  if (has_all && errors_field->size() > 1) {
    ctx.Report(codes::kSchemaValidationFailed, field_pointer,
               "'States.ALL' must be the only error name in its 'ErrorEquals'");
  }
  if (has_all && index + 1 != count) {
    ctx.Report(codes::kSchemaValidationFailed, field_pointer,
               std::string("'States.ALL' must appear only in the last ") +
                   (std::string_view(list_name) == "Retry" ? "retrier" : "catcher"));
  }
}

void CheckIntField(Context& ctx, const Json& entry, const std::string& pointer, const char* field,
                   long long min, long long max) {
  auto it = entry.find(field);
  if (it == entry.end()) return;
  if (!IsInteger(*it) || AsInteger(*it) < min || AsInteger(*it) > max) {
    ctx.Report(codes::kSchemaValidationFailed, Child(pointer, field),
               "'" + std::string(field) + "' must be an integer from " + std::to_string(min) +
                   " to " + std::to_string(max) + ", not " + Shown(*it));
  }
}

void CheckRetrier(Context& ctx, const Json& retrier, const std::string& pointer) {
  for (auto it = retrier.begin(); it != retrier.end(); ++it) {
    const std::string& key = it.key();
    if (key == "ErrorEquals" || key == "IntervalSeconds" || key == "MaxAttempts" ||
        key == "BackoffRate" || key == "MaxDelaySeconds" || key == "JitterStrategy" ||
        key == "Comment") {
      continue;
    }
    ctx.Report(codes::kSchemaValidationFailed, Child(pointer, key),
               "Field " + Shown(key) + " is not allowed in a retrier");
  }
  CheckIntField(ctx, retrier, pointer, "IntervalSeconds", 1, kMaxRetryValue);
  CheckIntField(ctx, retrier, pointer, "MaxAttempts", 0, kMaxRetryValue);
  CheckIntField(ctx, retrier, pointer, "MaxDelaySeconds", 1, kMaxDelaySecondsLimit);
  if (auto rate = retrier.find("BackoffRate"); rate != retrier.end()) {
    if (!rate->is_number() || rate->get<double>() < 1.0) {
      ctx.Report(codes::kSchemaValidationFailed, Child(pointer, "BackoffRate"),
                 "'BackoffRate' must be a number >= 1.0, not " + Shown(*rate));
    }
  }
  if (auto jitter = retrier.find("JitterStrategy"); jitter != retrier.end()) {
    if (*jitter != "FULL" && *jitter != "NONE") {
      ctx.Report(codes::kSchemaValidationFailed, Child(pointer, "JitterStrategy"),
                 "'JitterStrategy' must be \"FULL\" or \"NONE\", not " + Shown(*jitter));
    }
  }
  if (auto comment = retrier.find("Comment"); comment != retrier.end() && !comment->is_string()) {
    ctx.Report(codes::kSchemaValidationFailed, Child(pointer, "Comment"),
               "'Comment' must be a string");
  }
}

void CheckCatcher(Context& ctx, const StateInfo& state, const Json& catcher,
                  const std::string& pointer) {
  const bool jsonata = state.language == QueryLanguage::kJsonata;
  for (auto it = catcher.begin(); it != catcher.end(); ++it) {
    const std::string& key = it.key();
    if (key == "ErrorEquals" || key == "Next" || key == "Comment" || key == "Assign") continue;
    if (key == "ResultPath" && !jsonata) continue;
    if (key == "Output" && jsonata) continue;
    std::string why = " is not allowed in a catcher";
    if (key == "ResultPath") why = " is not allowed in a catcher of a JSONata state (use 'Output')";
    if (key == "Output") why = " is only allowed in a catcher of a JSONata state";
    ctx.Report(codes::kSchemaValidationFailed, Child(pointer, key), "Field " + Shown(key) + why);
  }
  auto next = catcher.find("Next");
  if (next == catcher.end()) {
    ctx.Report(codes::kSchemaValidationFailed, pointer,
               "The field 'Next' is required but was missing");
  } else if (!next->is_string()) {
    ctx.Report(codes::kSchemaValidationFailed, Child(pointer, "Next"),
               "'Next' must be a state name (string), not " + std::string(TypeName(*next)));
  }
  if (auto comment = catcher.find("Comment"); comment != catcher.end() && !comment->is_string()) {
    ctx.Report(codes::kSchemaValidationFailed, Child(pointer, "Comment"),
               "'Comment' must be a string");
  }
}

void CheckList(Context& ctx, const StateInfo& state, const char* list_name) {
  auto list = state.value->find(list_name);
  if (list == state.value->end()) return;
  const std::string pointer = Child(state.pointer, list_name);
  if (!list->is_array()) {
    ctx.Report(
        codes::kSchemaValidationFailed, pointer,
        "'" + std::string(list_name) + "' must be an array, not " + std::string(TypeName(*list)));
    return;
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& entry = (*list)[i];
    const std::string entry_pointer = Child(pointer, i);
    if (!entry.is_object()) {
      ctx.Report(codes::kSchemaValidationFailed, entry_pointer,
                 std::string(std::string_view(list_name) == "Retry" ? "A retrier" : "A catcher") +
                     " must be an object, not " + std::string(TypeName(entry)));
      continue;
    }
    CheckErrorEquals(ctx, entry, entry_pointer, list_name, i, list->size());
    if (std::string_view(list_name) == "Retry") {
      CheckRetrier(ctx, entry, entry_pointer);
    } else {
      CheckCatcher(ctx, state, entry, entry_pointer);
    }
  }
}

}  // namespace

void RunRetryCatchPass(Context& ctx) {
  for (const StateInfo& state : ctx.states()) {
    if (state.type != "Task" && state.type != "Parallel" && state.type != "Map") continue;
    CheckList(ctx, state, "Retry");
    CheckList(ctx, state, "Catch");
  }
}

}  // namespace tern::asl::validate
