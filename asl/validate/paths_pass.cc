// JSONPath-mode fields (ASL.md §3, §12 rules 11-12): InputPath/OutputPath are Paths, ResultPath
// and every *Path field are Reference Paths, ErrorPath/CausePath may also be intrinsic calls,
// and payload templates hold valid `.$` values. Only JSONPath states are looked at: in a JSONata
// state these fields are refused by the fields pass, and its templates by the JSONata pass.
#include <string>

#include "asl/validate/codes.h"
#include "asl/validate/passes.h"
#include "asl/validate/path_checks.h"

namespace tern::asl::validate {
namespace {

void CheckField(Context& ctx, const StateInfo& state, const Json& object,
                const std::string& pointer, const char* field, PathKind kind) {
  auto it = object.find(field);
  if (it == object.end()) return;
  CheckPathField(ctx, state.scope, *it, Child(pointer, field), field, kind);
}

void CheckTemplate(Context& ctx, const StateInfo& state, const Json& object,
                   const std::string& pointer, const char* field) {
  auto it = object.find(field);
  if (it == object.end()) return;
  CheckPayloadTemplate(ctx, state.scope, *it, Child(pointer, field));
}

// The objects of a Map's ItemReader/ItemBatcher/ResultWriter, when they are objects.
const Json* ObjectField(const Json& object, const char* field) {
  auto it = object.find(field);
  return it != object.end() && it->is_object() ? &*it : nullptr;
}

void CheckState(Context& ctx, const StateInfo& state) {
  const Json& value = *state.value;
  const std::string& at = state.pointer;
  CheckField(ctx, state, value, at, "InputPath", PathKind::kPath);
  CheckField(ctx, state, value, at, "OutputPath", PathKind::kPath);
  CheckField(ctx, state, value, at, "ResultPath", PathKind::kResultPath);
  for (const char* field :
       {"ItemsPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath",
        "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath"}) {
    CheckField(ctx, state, value, at, field, PathKind::kReferencePath);
  }
  CheckField(ctx, state, value, at, "ErrorPath", PathKind::kReferenceOrIntrinsic);
  CheckField(ctx, state, value, at, "CausePath", PathKind::kReferenceOrIntrinsic);
  for (const char* field : {"Parameters", "ResultSelector", "ItemSelector", "Assign"}) {
    CheckTemplate(ctx, state, value, at, field);
  }
  // Credentials must be an object (the Task pass says so); walk it only then.
  if (auto credentials = ObjectField(value, "Credentials")) {
    CheckPayloadTemplate(ctx, state.scope, *credentials, Child(at, "Credentials"));
  }

  if (const Json* reader = ObjectField(value, "ItemReader")) {
    const std::string reader_at = Child(at, "ItemReader");
    CheckTemplate(ctx, state, *reader, reader_at, "Parameters");
    if (const Json* config = ObjectField(*reader, "ReaderConfig")) {
      CheckField(ctx, state, *config, Child(reader_at, "ReaderConfig"), "MaxItemsPath",
                 PathKind::kReferencePath);
    }
  }
  if (const Json* batcher = ObjectField(value, "ItemBatcher")) {
    const std::string batcher_at = Child(at, "ItemBatcher");
    CheckField(ctx, state, *batcher, batcher_at, "MaxItemsPerBatchPath", PathKind::kReferencePath);
    CheckField(ctx, state, *batcher, batcher_at, "MaxInputBytesPerBatchPath",
               PathKind::kReferencePath);
    CheckTemplate(ctx, state, *batcher, batcher_at, "BatchInput");
  }
  if (const Json* writer = ObjectField(value, "ResultWriter")) {
    CheckTemplate(ctx, state, *writer, Child(at, "ResultWriter"), "Parameters");
  }

  // Catchers (ResultPath, Assign) and Choice rules (Assign); the rule operators are the Choice
  // pass's.
  for (const char* list : {"Catch", "Choices"}) {
    auto entries = value.find(list);
    if (entries == value.end() || !entries->is_array()) continue;
    for (size_t i = 0; i < entries->size(); ++i) {
      const Json& entry = (*entries)[i];
      if (!entry.is_object()) continue;
      const std::string entry_at = Child(Child(at, list), i);
      if (std::string_view(list) == "Catch") {
        CheckField(ctx, state, entry, entry_at, "ResultPath", PathKind::kResultPath);
      }
      CheckTemplate(ctx, state, entry, entry_at, "Assign");
    }
  }
}

}  // namespace

void RunPathsPass(Context& ctx) {
  for (const StateInfo& state : ctx.states()) {
    if (!state.value->is_object() || state.type.empty()) continue;
    if (state.language != QueryLanguage::kJsonPath) continue;
    CheckState(ctx, state);
  }
}

}  // namespace tern::asl::validate
