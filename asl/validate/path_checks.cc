#include "asl/validate/path_checks.h"

#include <unordered_map>
#include <utility>
#include <vector>

#include "asl/jsonpath/intrinsic.h"
#include "asl/jsonpath/path.h"
#include "asl/validate/codes.h"
#include "asl/validate/intrinsic_arguments.h"

namespace tern::asl::validate {
namespace {

// `text` with each filter "[?(...)]" and script "[(...)]" replaced by "[*]", or "" when it has
// none. tern's JSONPath follows AWS's (Jayway's) filter grammar; other engines accept more
// (barewords, script expressions). When only a filter's inside is refused, the finding is a
// warning: the path's shape is right, and whether the filter works is the runtime's matter.
std::string WithoutFilters(std::string_view text) {
  std::string out;
  bool replaced = false;
  size_t i = 0;
  while (i < text.size()) {
    bool filter = text.substr(i).starts_with("[?(");
    bool script = text.substr(i).starts_with("[(");
    if (!filter && !script) {
      out += text[i++];
      continue;
    }
    size_t j = i + (filter ? 3 : 2);
    int depth = 1;
    char quote = 0;
    for (; j < text.size() && depth > 0; ++j) {
      char c = text[j];
      if (quote != 0) {
        if (c == '\\')
          ++j;
        else if (c == quote)
          quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        --depth;
      }
    }
    if (depth != 0 || j >= text.size() || text[j] != ']') return {};
    out += "[*]";
    replaced = true;
    i = j + 1;
  }
  return replaced ? out : std::string();
}

// True when `text` fails only inside filters: with them neutralized, `compiles` accepts it.
template <typename Compile>
bool FailsOnlyInFilters(std::string_view text, Compile compiles) {
  std::string neutral = WithoutFilters(text);
  return !neutral.empty() && compiles(neutral);
}

bool PathCompiles(std::string_view text) { return jsonpath::Path::Compile(text).has_value(); }
bool IntrinsicParses(std::string_view text) {
  return jsonpath::IntrinsicCall::Parse(text).has_value();
}

Severity FilterSeverity(std::string_view text, bool (*compiles)(std::string_view)) {
  return FailsOnlyInFilters(text, compiles) ? Severity::kWarning : Severity::kError;
}

// Compiles `text` as a Path and reports what is wrong for `kind`; notes variable references.
void CheckPathText(Context& ctx, int scope, const std::string& text, const std::string& pointer,
                   std::string_view field, PathKind kind) {
  auto path = jsonpath::Path::Compile(text);
  if (!path) {
    if (ctx.options().check_paths) {
      ctx.Report(codes::kInvalidJsonPath, pointer,
                 "'" + std::string(field) + "' value " + Shown(text) +
                     " is not a valid JSONPath: " + path.error(),
                 FilterSeverity(text, PathCompiles));
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
    std::string problem = call ? LiteralArgumentProblem(text) : call.error();
    if (!problem.empty()) {
      ctx.Report(codes::kInvalidIntrinsic, pointer,
                 "The value of " + Shown(key) + ", " + Shown(text) +
                     ", is not a valid intrinsic function call: " + problem,
                 call ? Severity::kError : FilterSeverity(text, IntrinsicParses));
    }
    return;
  }
  auto path = jsonpath::Path::Compile(text);
  if (!path) {
    if (ctx.options().check_paths) {
      ctx.Report(
          codes::kInvalidJsonPath, pointer,
          "The value of " + Shown(key) + ", " + Shown(text) +
              ", is neither a valid JSONPath nor an intrinsic function call: " + path.error(),
          FilterSeverity(text, PathCompiles));
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
    std::string problem = call ? LiteralArgumentProblem(text) : call.error();
    if (!problem.empty()) {
      ctx.Report(codes::kInvalidIntrinsic, pointer,
                 "'" + std::string(field) + "' value " + Shown(text) +
                     " is not a valid intrinsic function call: " + problem,
                 call ? Severity::kError : FilterSeverity(text, IntrinsicParses));
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
