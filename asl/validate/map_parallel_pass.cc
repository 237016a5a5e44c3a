// Parallel and Map (ASL.md §2, §12 rules 14-15): Branches is a non-empty array of sub-machines;
// a Map has exactly one of ItemProcessor and Iterator; ProcessorConfig's Mode/ExecutionType;
// the fields only a DISTRIBUTED Map may use; value ranges; and the pairs that exclude each other
// (ItemSelector/Parameters, X/XPath). The sub-machines' states are checked as any other scope.
#include <string>
#include <vector>

#include "asl/validate/codes.h"
#include "asl/validate/field_checks.h"
#include "asl/validate/passes.h"

namespace tern::asl::validate {
namespace {

constexpr long long kMaxInt = 99999999;
constexpr long long kMaxBatchBytes = 262144;  // 256 KiB
constexpr size_t kMaxLabelChars = 40;

void Schema(Context& ctx, const std::string& pointer, std::string message) {
  ctx.Report(codes::kSchemaValidationFailed, pointer, std::move(message));
}

// A sub-machine: {StartAt, States, Comment} (+ ProcessorConfig for an ItemProcessor).
void CheckSubMachine(Context& ctx, const Json& machine, const std::string& pointer,
                     std::string_view what, bool allow_processor_config) {
  if (!machine.is_object()) {
    Schema(ctx, pointer,
           std::string(what) + " must be an object with StartAt and States, not " +
               std::string(TypeName(machine)));
    return;
  }
  std::string missing;
  for (const char* field : {"States", "StartAt"}) {
    if (!machine.contains(field)) missing += (missing.empty() ? "" : ", ") + std::string(field);
  }
  if (!missing.empty()) Schema(ctx, pointer, "These fields are required: [" + missing + "]");
  for (auto it = machine.begin(); it != machine.end(); ++it) {
    const std::string& key = it.key();
    const std::string at = Child(pointer, key);
    if (key == "StartAt" || key == "Comment") {
      if (!it->is_string()) Schema(ctx, at, "'" + key + "' must be a string");
    } else if (key == "States") {
      if (!it->is_object() || it->empty()) {
        Schema(ctx, at, "'States' must be a non-empty object of state name to state");
      }
    } else if (key == "ProcessorConfig" && allow_processor_config) {
      // checked with the Map
    } else {
      Schema(ctx, at, "Field " + Shown(key) + " is not allowed in " + std::string(what));
    }
  }
}

void CheckParallel(Context& ctx, const StateInfo& state) {
  auto branches = state.value->find("Branches");
  if (branches == state.value->end()) return;  // the fields pass reports it
  const std::string at = Child(state.pointer, "Branches");
  if (!branches->is_array() || branches->empty()) {
    Schema(ctx, at, "'Branches' must be a non-empty array of branches");
    return;
  }
  for (size_t i = 0; i < branches->size(); ++i) {
    CheckSubMachine(ctx, (*branches)[i], Child(at, i), "a Parallel branch", false);
  }
}

// Returns the Mode: "" when ProcessorConfig is absent, "INLINE" when it is unreadable.
std::string CheckProcessorConfig(Context& ctx, const Json& processor, const std::string& at) {
  auto config = processor.find("ProcessorConfig");
  if (config == processor.end()) return "";
  const std::string config_at = Child(at, "ProcessorConfig");
  if (!config->is_object()) {
    Schema(ctx, config_at, "'ProcessorConfig' must be an object");
    return "INLINE";
  }
  std::string mode = "INLINE";
  for (auto it = config->begin(); it != config->end(); ++it) {
    if (it.key() != "Mode" && it.key() != "ExecutionType") {
      Schema(ctx, Child(config_at, it.key()),
             "Field " + Shown(it.key()) + " is not allowed in 'ProcessorConfig'");
    }
  }
  if (auto m = config->find("Mode"); m != config->end()) {
    if (*m == "INLINE" || *m == "DISTRIBUTED") {
      mode = m->get<std::string>();
    } else {
      Schema(ctx, Child(config_at, "Mode"),
             "'Mode' must be \"INLINE\" or \"DISTRIBUTED\", not " + Shown(*m));
    }
  }
  auto type = config->find("ExecutionType");
  if (type != config->end() && *type != "STANDARD" && *type != "EXPRESS") {
    Schema(ctx, Child(config_at, "ExecutionType"),
           "'ExecutionType' must be \"STANDARD\" or \"EXPRESS\", not " + Shown(*type));
  }
  if (mode == "DISTRIBUTED" && type == config->end()) {
    Schema(ctx, config_at, "A DISTRIBUTED processor needs 'ExecutionType' (STANDARD or EXPRESS)");
  } else if (mode == "INLINE" && type != config->end()) {
    Schema(ctx, Child(config_at, "ExecutionType"),
           "'ExecutionType' is only allowed with \"Mode\": \"DISTRIBUTED\"");
  }
  return mode;
}

void CheckLabel(Context& ctx, const Json& label, const std::string& at) {
  static constexpr std::string_view kForbidden = "?*<>{}[]:;,\\|^~$#%&`\"";
  if (!label.is_string()) {
    Schema(ctx, at, "'Label' must be a string, not " + std::string(TypeName(label)));
    return;
  }
  const std::string& text = label.get_ref<const std::string&>();
  size_t chars = CodePoints(text);
  bool bad_char = false;
  for (char c : text) {
    bad_char = bad_char || kForbidden.find(c) != std::string_view::npos ||
               static_cast<unsigned char>(c) <= ' ' || c == 0x7f;
  }
  if (chars == 0 || chars > kMaxLabelChars || bad_char) {
    Schema(ctx, at,
           "'Label' " + Shown(text) + " must be 1 to 40 characters without whitespace or any of " +
               std::string(kForbidden));
  }
}

void CheckItemReader(Context& ctx, const StateInfo& state, const Json& reader,
                     const std::string& at) {
  if (!reader.is_object()) {
    Schema(ctx, at, "'ItemReader' must be an object");
    return;
  }
  const bool jsonata = state.language == QueryLanguage::kJsonata;
  for (auto it = reader.begin(); it != reader.end(); ++it) {
    const std::string& key = it.key();
    if (key == "Resource" || key == "ReaderConfig") continue;
    if (key == (jsonata ? "Arguments" : "Parameters")) continue;
    Schema(ctx, Child(at, key),
           "Field " + Shown(key) + " is not allowed in 'ItemReader' of a " +
               std::string(LanguageName(state.language)) + " state");
  }
  auto resource = reader.find("Resource");
  if (resource == reader.end()) {
    Schema(ctx, at, "The field 'Resource' is required but was missing");
  } else if (!resource->is_string()) {
    Schema(ctx, Child(at, "Resource"), "'Resource' must be a string");
  }
  auto config = reader.find("ReaderConfig");
  if (config == reader.end()) return;
  const std::string config_at = Child(at, "ReaderConfig");
  if (!config->is_object()) {
    Schema(ctx, config_at, "'ReaderConfig' must be an object");
    return;
  }
  CheckExclusive(ctx, *config, config_at, "MaxItems", "MaxItemsPath");
  CheckIntegerField(ctx, state.language, *config, config_at, "MaxItems", 1, kMaxInt);
  if (auto type = config->find("InputType"); type != config->end()) {
    if (*type != "CSV" && *type != "JSON" && *type != "JSONL" && *type != "MANIFEST" &&
        *type != "PARQUET") {
      Schema(ctx, Child(config_at, "InputType"),
             "'InputType' must be one of CSV, JSON, JSONL, MANIFEST, PARQUET; not " + Shown(*type));
    }
  }
  if (auto location = config->find("CSVHeaderLocation"); location != config->end()) {
    if (*location != "FIRST_ROW" && *location != "GIVEN") {
      Schema(ctx, Child(config_at, "CSVHeaderLocation"),
             "'CSVHeaderLocation' must be \"FIRST_ROW\" or \"GIVEN\", not " + Shown(*location));
    }
  }
  if (auto headers = config->find("CSVHeaders"); headers != config->end()) {
    bool ok = headers->is_array();
    for (size_t i = 0; ok && i < headers->size(); ++i) ok = (*headers)[i].is_string();
    if (!ok)
      Schema(ctx, Child(config_at, "CSVHeaders"), "'CSVHeaders' must be an array of strings");
  }
}

void CheckItemBatcher(Context& ctx, const StateInfo& state, const Json& batcher,
                      const std::string& at) {
  if (!batcher.is_object()) {
    Schema(ctx, at, "'ItemBatcher' must be an object");
    return;
  }
  for (auto it = batcher.begin(); it != batcher.end(); ++it) {
    const std::string& key = it.key();
    if (key == "MaxItemsPerBatch" || key == "MaxInputBytesPerBatch" || key == "BatchInput") {
      continue;
    }
    if ((key == "MaxItemsPerBatchPath" || key == "MaxInputBytesPerBatchPath") &&
        state.language == QueryLanguage::kJsonPath) {
      continue;
    }
    Schema(ctx, Child(at, key),
           "Field " + Shown(key) + " is not allowed in 'ItemBatcher' of a " +
               std::string(LanguageName(state.language)) + " state");
  }
  CheckExclusive(ctx, batcher, at, "MaxItemsPerBatch", "MaxItemsPerBatchPath");
  CheckExclusive(ctx, batcher, at, "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath");
  CheckIntegerField(ctx, state.language, batcher, at, "MaxItemsPerBatch", 1, kMaxInt);
  CheckIntegerField(ctx, state.language, batcher, at, "MaxInputBytesPerBatch", 1, kMaxBatchBytes);
}

void CheckResultWriter(Context& ctx, const StateInfo& state, const Json& writer,
                       const std::string& at) {
  if (!writer.is_object()) {
    Schema(ctx, at, "'ResultWriter' must be an object");
    return;
  }
  const bool jsonata = state.language == QueryLanguage::kJsonata;
  for (auto it = writer.begin(); it != writer.end(); ++it) {
    const std::string& key = it.key();
    if (key == "Resource" || key == "WriterConfig") continue;
    if (key == (jsonata ? "Arguments" : "Parameters")) continue;
    Schema(ctx, Child(at, key),
           "Field " + Shown(key) + " is not allowed in 'ResultWriter' of a " +
               std::string(LanguageName(state.language)) + " state");
  }
  if (auto resource = writer.find("Resource"); resource != writer.end() && !resource->is_string()) {
    Schema(ctx, Child(at, "Resource"), "'Resource' must be a string");
  }
}

void CheckMap(Context& ctx, const StateInfo& state) {
  const Json& map = *state.value;
  const std::string& at = state.pointer;
  auto processor = map.find("ItemProcessor");
  auto iterator = map.find("Iterator");
  std::string mode;  // unstated until a ProcessorConfig says
  if (processor == map.end() && iterator == map.end()) {
    Schema(ctx, at, "The field 'ItemProcessor' is required but was missing");
  } else if (processor != map.end() && iterator != map.end()) {
    ctx.Report(codes::kMutuallyExclusiveProperties, Child(at, "Iterator"),
               "'ItemProcessor' and 'Iterator' are mutually exclusive: use 'ItemProcessor' "
               "('Iterator' is its legacy name)");
  }
  if (processor != map.end()) {
    const std::string processor_at = Child(at, "ItemProcessor");
    CheckSubMachine(ctx, *processor, processor_at, "'ItemProcessor'", true);
    if (processor->is_object()) {
      std::string stated = CheckProcessorConfig(ctx, *processor, processor_at);
      if (!stated.empty()) mode = stated;
    }
  }
  if (iterator != map.end()) {
    // AWS accepts a ProcessorConfig in the legacy Iterator too (recorded in
    // ../shared/conformance: test_map_state_legacy_config_{inline,distributed}).
    CheckSubMachine(ctx, *iterator, Child(at, "Iterator"), "'Iterator'", true);
    if (iterator->is_object()) {
      std::string stated = CheckProcessorConfig(ctx, *iterator, Child(at, "Iterator"));
      if (!stated.empty()) mode = stated;
    }
  }

  CheckExclusive(ctx, map, at, "ItemSelector", "Parameters");
  CheckExclusive(ctx, map, at, "MaxConcurrency", "MaxConcurrencyPath");
  CheckExclusive(ctx, map, at, "ToleratedFailureCount", "ToleratedFailureCountPath");
  CheckExclusive(ctx, map, at, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath");
  CheckIntegerField(ctx, state.language, map, at, "MaxConcurrency", 0, kMaxInt);
  CheckIntegerField(ctx, state.language, map, at, "ToleratedFailureCount", 0, kMaxInt);
  CheckNumberField(ctx, state.language, map, at, "ToleratedFailurePercentage", 0, 100);

  if (auto items = map.find("Items"); items != map.end()) {
    const bool expression =
        items->is_string() && LooksLikeJsonata(items->get_ref<const std::string&>());
    if (!items->is_array() && !expression) {
      Schema(ctx, Child(at, "Items"),
             "'Items' must be an array or a JSONata expression, not " + Shown(*items));
    }
  }
  if (auto label = map.find("Label"); label != map.end())
    CheckLabel(ctx, *label, Child(at, "Label"));
  if (auto reader = map.find("ItemReader"); reader != map.end()) {
    CheckItemReader(ctx, state, *reader, Child(at, "ItemReader"));
  }
  if (auto batcher = map.find("ItemBatcher"); batcher != map.end()) {
    CheckItemBatcher(ctx, state, *batcher, Child(at, "ItemBatcher"));
  }
  if (auto writer = map.find("ResultWriter"); writer != map.end()) {
    CheckResultWriter(ctx, state, *writer, Child(at, "ResultWriter"));
  }

  // Without a ProcessorConfig the mode is unstated: AWS reads these fields as DISTRIBUTED-only,
  // asl-validator accepts them, so it is a warning; with an explicit INLINE it is an error.
  if (mode != "DISTRIBUTED") {
    for (const char* field : {"ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailureCount",
                              "ToleratedFailureCountPath", "ToleratedFailurePercentage",
                              "ToleratedFailurePercentagePath", "Label"}) {
      if (!map.contains(field)) continue;
      ctx.Report(codes::kSchemaValidationFailed, Child(at, field),
                 "Field " + Shown(field) +
                     " is only allowed in a DISTRIBUTED Map (set ItemProcessor.ProcessorConfig."
                     "Mode to \"DISTRIBUTED\")",
                 mode.empty() ? Severity::kWarning : Severity::kError);
    }
  }
}

}  // namespace

void RunMapParallelPass(Context& ctx) {
  for (const StateInfo& state : ctx.states()) {
    if (state.type == "Parallel") CheckParallel(ctx, state);
    if (state.type == "Map") CheckMap(ctx, state);
  }
}

}  // namespace tern::asl::validate
