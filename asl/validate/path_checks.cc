#include "asl/validate/path_checks.h"

#include <unordered_map>
#include <utility>
#include <vector>

#include "asl/jsonpath/intrinsic.h"
#include "asl/jsonpath/path.h"
#include "asl/validate/codes.h"

namespace tern::asl::validate {
namespace {

// Compiles `text` as a Path and reports what is wrong for `kind`; notes variable references.
void CheckPathText(Context& ctx, int scope, const std::string& text, const std::string& pointer,
                   std::string_view field, PathKind kind) {
  auto path = jsonpath::Path::Compile(text);
  if (!path) {
    if (ctx.options().check_paths) {
      ctx.Report(codes::kInvalidJsonPath, pointer,
                 "'" + std::string(field) + "' value " + Shown(text) +
                     " is not a valid JSONPath: " + path.error());
    }
    return;
  }
  if (path->root() == jsonpath::PathRoot::kVariable) {
    ctx.NoteVariableUse({scope, path->variable_name(), pointer});
  }
  if (!ctx.options().check_paths || kind == PathKind::kPath) return;
  if (kind == PathKind::kResultPath && path->root() != jsonpath::PathRoot::kInput) {
    ctx.Report(codes::kInvalidReferencePath, pointer,
               "'" + std::string(field) + "' value " + Shown(text) +
                   " must start with '$': it says where the result goes in the state input, "
                   "and neither the context object nor a variable can be written");
  } else if (!path->is_reference()) {
    ctx.Report(codes::kInvalidReferencePath, pointer,
               "'" + std::string(field) + "' value " + Shown(text) +
                   " must be a Reference Path (only .member, ['member'] and [index] steps; no "
                   "wildcards, filters, slices, unions or '..')");
  }
}

void CheckDynamicValue(Context& ctx, int scope, const std::string& key, const Json& value,
                       const std::string& pointer) {
  if (!value.is_string()) {
    ctx.Report(codes::kSchemaValidationFailed, pointer,
               "The value of " + Shown(key) +
                   " must be a string holding a JSONPath or an intrinsic function call, not " +
                   std::string(TypeName(value)));
    return;
  }
  const std::string& text = value.get_ref<const std::string&>();
  if (jsonpath::LooksLikeIntrinsic(text)) {
    if (!ctx.options().check_paths) return;
    auto call = jsonpath::IntrinsicCall::Parse(text);
    if (!call) {
      ctx.Report(codes::kInvalidIntrinsic, pointer,
                 "The value of " + Shown(key) + ", " + Shown(text) +
                     ", is not a valid intrinsic function call: " + call.error());
    }
    return;
  }
  auto path = jsonpath::Path::Compile(text);
  if (!path) {
    if (ctx.options().check_paths) {
      ctx.Report(codes::kInvalidJsonPath, pointer,
                 "The value of " + Shown(key) + ", " + Shown(text) +
                     ", is neither a valid JSONPath nor an intrinsic function call: " +
                     path.error());
    }
    return;
  }
  if (path->root() == jsonpath::PathRoot::kVariable) {
    ctx.NoteVariableUse({scope, path->variable_name(), pointer});
  }
}

}  // namespace

void CheckPathField(Context& ctx, int scope, const Json& value, const std::string& pointer,
                    std::string_view field, PathKind kind) {
  const bool nullable = kind == PathKind::kPath || kind == PathKind::kResultPath;
  if (value.is_null() && nullable) return;
  if (!value.is_string()) {
    ctx.Report(codes::kSchemaValidationFailed, pointer,
               "'" + std::string(field) + "' must be a string" + (nullable ? " or null" : "") +
                   ", not " + std::string(TypeName(value)));
    return;
  }
  const std::string& text = value.get_ref<const std::string&>();
  if (kind == PathKind::kReferenceOrIntrinsic && jsonpath::LooksLikeIntrinsic(text)) {
    if (!ctx.options().check_paths) return;
    auto call = jsonpath::IntrinsicCall::Parse(text);
    if (!call) {
      ctx.Report(codes::kInvalidIntrinsic, pointer,
                 "'" + std::string(field) + "' value " + Shown(text) +
                     " is not a valid intrinsic function call: " + call.error());
    }
    return;
  }
  CheckPathText(ctx, scope, text, pointer, field,
                kind == PathKind::kReferenceOrIntrinsic ? PathKind::kReferencePath : kind);
}

void CheckPayloadTemplate(Context& ctx, int scope, const Json& tmpl, const std::string& pointer) {
  // Iterative: templates may nest as deep as the reader allows.
  std::vector<std::pair<const Json*, std::string>> stack{{&tmpl, pointer}};
  while (!stack.empty()) {
    auto [node, at] = std::move(stack.back());
    stack.pop_back();
    if (node->is_array()) {
      for (size_t i = 0; i < node->size(); ++i) stack.emplace_back(&(*node)[i], Child(at, i));
      continue;
    }
    if (!node->is_object()) continue;
    std::unordered_map<std::string, std::string> stripped;  // name without ".$" -> first key
    for (auto it = node->begin(); it != node->end(); ++it) {
      const std::string& key = it.key();
      const std::string key_pointer = Child(at, key);
      const bool dynamic = key.size() > 2 && key.ends_with(".$");
      std::string name = dynamic ? key.substr(0, key.size() - 2) : key;
      auto [seen, inserted] = stripped.emplace(name, key);
      if (!inserted) {
        ctx.Report(codes::kDuplicateKey, key_pointer,
                   "Keys " + Shown(seen->second) + " and " + Shown(key) +
                       " both produce the field " + Shown(name) +
                       " once the '.$' suffix is stripped");
      }
      if (dynamic) {
        CheckDynamicValue(ctx, scope, key, it.value(), key_pointer);
      } else if (it->is_structured()) {
        stack.emplace_back(&it.value(), key_pointer);
      }
    }
  }
}

}  // namespace tern::asl::validate
