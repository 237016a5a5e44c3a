// JSONata expressions (ASL.md §4): in a JSONata state, every string in a value position that
// may hold an expression and is written like one ("{%" ... "%}") must be exactly
// "{% <expression> %}" and the expression must parse. Keys ending in ".$" are JSONPath syntax.
//
// Surround policy (stricter than AWS's runtime, as asl-validator is): one space after "{%" and
// before "%}", nothing outside them, and the expression starts on the line of "{%" and ends on
// the line of "%}" ("{% \n10 %}" is refused; line breaks inside the expression are fine).
#include <string>
#include <utility>
#include <vector>

#include "asl/jsonata/jsonata.h"
#include "asl/validate/codes.h"
#include "asl/validate/passes.h"

namespace tern::asl::validate {
namespace {

constexpr std::string_view kOpen = "{% ";
constexpr std::string_view kClose = " %}";

// Why `text` (which LooksLikeJsonata) is not a well-formed surround; empty when it is.
std::string SurroundProblem(std::string_view text) {
  if (!text.starts_with("{%")) return "it ends with '%}' but does not start with '{%'";
  if (!text.ends_with("%}") || text.size() < 4) {
    return "it starts with '{%' but does not end with '%}'";
  }
  if (!text.starts_with(kOpen) || !text.ends_with(kClose) ||
      text.size() < kOpen.size() + kClose.size() + 1) {
    return "write it as '{% <expression> %}', with one space after '{%' and before '%}'";
  }
  std::string_view body = text.substr(kOpen.size(), text.size() - kOpen.size() - kClose.size());
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "the expression between '{%' and '%}' is empty";
  size_t last = body.find_last_not_of(" \t\r\n");
  if (body.substr(0, first).find_first_of("\r\n") != std::string_view::npos ||
      body.substr(last + 1).find_first_of("\r\n") != std::string_view::npos) {
    return "the expression must start on the line of '{%' and end on the line of '%}'";
  }
  return {};
}

void CheckString(Context& ctx, const std::string& text, const std::string& pointer) {
  if (!LooksLikeJsonata(text)) return;
  if (std::string problem = SurroundProblem(text); !problem.empty()) {
    ctx.Report(codes::kInvalidJsonata, pointer,
               "Malformed JSONata expression " + Shown(text) + ": " + problem);
    return;
  }
  std::string_view body =
      std::string_view(text).substr(kOpen.size(), text.size() - kOpen.size() - kClose.size());
  auto expression = jsonata::Expression::Compile(body);
  if (!expression) {
    ctx.Report(
        codes::kInvalidJsonata, pointer,
        "JSONata expression " + Shown(text) + " does not parse: " + expression.error().ToString());
  }
}

// Checks every string under `value` (iteratively: templates nest deeply).
void CheckValue(Context& ctx, const Json& value, const std::string& pointer) {
  std::vector<std::pair<const Json*, std::string>> stack{{&value, pointer}};
  while (!stack.empty()) {
    auto [node, at] = std::move(stack.back());
    stack.pop_back();
    if (node->is_string()) {
      if (ctx.options().check_paths) CheckString(ctx, node->get_ref<const std::string&>(), at);
    } else if (node->is_array()) {
      for (size_t i = 0; i < node->size(); ++i) stack.emplace_back(&(*node)[i], Child(at, i));
    } else if (node->is_object()) {
      for (auto it = node->begin(); it != node->end(); ++it) {
        const std::string child = Child(at, it.key());
        if (it.key().size() > 2 && it.key().ends_with(".$")) {
          ctx.Report(codes::kSchemaValidationFailed, child,
                     "Key " + Shown(it.key()) +
                         " uses JSONPath's '.$' suffix; in a JSONata state write the key "
                         "without it and the value as '{% <expression> %}'");
        }
        stack.emplace_back(&it.value(), child);
      }
    }
  }
}

void CheckFields(Context& ctx, const Json& object, const std::string& pointer,
                 std::initializer_list<const char*> fields) {
  for (const char* field : fields) {
    auto it = object.find(field);
    if (it != object.end()) CheckValue(ctx, *it, Child(pointer, field));
  }
}

}  // namespace

void RunJsonataPass(Context& ctx) {
  for (const StateInfo& state : ctx.states()) {
    if (state.language != QueryLanguage::kJsonata) continue;
    const Json& value = *state.value;
    if (!value.is_object() || state.type.empty()) continue;
    CheckFields(ctx, value, state.pointer,
                {"Arguments", "Output", "Assign", "Items", "ItemSelector", "Seconds", "Timestamp",
                 "TimeoutSeconds", "HeartbeatSeconds", "MaxConcurrency", "ToleratedFailureCount",
                 "ToleratedFailurePercentage", "Error", "Cause", "Credentials", "ItemReader",
                 "ItemBatcher", "ResultWriter"});
    for (const char* list : {"Catch", "Choices"}) {
      auto entries = value.find(list);
      if (entries == value.end() || !entries->is_array()) continue;
      for (size_t i = 0; i < entries->size(); ++i) {
        if (!(*entries)[i].is_object()) continue;
        CheckFields(ctx, (*entries)[i], Child(Child(state.pointer, list), i),
                    {"Condition", "Output", "Assign"});
      }
    }
  }
}

}  // namespace tern::asl::validate
