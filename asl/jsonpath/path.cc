#include "asl/jsonpath/path.h"

#include <string>
#include <utility>

#include "asl/jsonpath/detail/path_ast.h"
#include "asl/jsonpath/detail/path_walker.h"
#include "asl/jsonpath/json_format.h"

namespace tern::asl::jsonpath {

struct Path::Impl {
  std::string text;
  detail::ParsedPath parsed;
  bool reference = false;
  bool definite = false;
  std::string normalized;  // Jayway's rendering, e.g. $['a'][0], used in its error messages
};

namespace {

bool IsReferenceSteps(const std::vector<detail::Step>& steps) {
  for (const detail::Step& s : steps) {
    if (s.kind == detail::StepKind::kProperty && s.names.size() == 1) continue;
    if (s.kind == detail::StepKind::kIndex && s.indexes.size() == 1) continue;
    return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<Path, std::string> Path::Compile(std::string_view text) {
  auto parsed = detail::ParsePath(Trim(text));
  if (!parsed.has_value()) {
    return Unexpected("Invalid path '" + std::string(text) + "': " + parsed.error());
  }
  auto impl = std::make_shared<Impl>();
  impl->text = std::string(text);
  impl->parsed = std::move(parsed).value();
  impl->reference = IsReferenceSteps(impl->parsed.steps);
  impl->definite = detail::IsDefinite(impl->parsed.steps);
  impl->normalized = "$";
  for (const detail::Step& s : impl->parsed.steps) impl->normalized += detail::RenderStep(s);
  Path path;
  path.impl_ = std::move(impl);
  return path;
}

const std::string& Path::text() const { return impl_->text; }
PathRoot Path::root() const { return impl_->parsed.root; }
const std::string& Path::variable_name() const { return impl_->parsed.variable; }
bool Path::is_reference() const { return impl_->reference; }
bool Path::is_definite() const { return impl_->definite; }

Result<Json, std::string> Path::Evaluate(const PathContext& context) const {
  static const Json kNull;
  const Json* start = nullptr;
  switch (impl_->parsed.root) {
    case PathRoot::kInput:
      start = context.input ? context.input : &kNull;
      break;
    case PathRoot::kContext:
      start = context.context ? context.context : &kNull;
      break;
    case PathRoot::kVariable:
      start = context.variables ? context.variables->Find(impl_->parsed.variable) : nullptr;
      if (!start) {
        return Unexpected("Invalid path '" + impl_->text + "' : The variable '" +
                          impl_->parsed.variable + "' is not defined");
      }
      break;
  }
  if (impl_->parsed.steps.empty()) return *start;
  // Only a definite path reports where it broke; AWS answers [] for an indefinite path whose
  // prefix is missing ($.item.items[*] on {}).
  auto matches = detail::WalkSteps(impl_->parsed.steps, *start, *start, /*strict=*/impl_->definite);
  if (!matches.has_value()) {
    return Unexpected("Invalid path '" + impl_->text + "' : " + matches.error());
  }
  if (impl_->definite) {
    if (matches->empty()) {
      return Unexpected("Invalid path '" + impl_->text +
                        "' : No results for path: " + impl_->normalized);
    }
    return std::move(matches->front());
  }
  Json array = Json::array();
  for (Json& m : *matches) array.push_back(std::move(m));
  return array;
}

Result<Json, std::string> SetAtReferencePath(Json target, const Path& path, Json value) {
  auto fail = [&](const Json& input) {
    return Unexpected("Unable to apply ReferencePath " + path.text() + " to input " +
                      ToCompactJson(input));
  };
  if (path.root() != PathRoot::kInput || !path.is_reference()) {
    return Unexpected("ResultPath '" + path.text() + "' must be a reference path into '$'");
  }
  const std::vector<detail::Step>& steps = path.impl_->parsed.steps;
  if (steps.empty()) return value;
  Json* cur = &target;
  for (size_t i = 0; i < steps.size(); ++i) {
    const detail::Step& step = steps[i];
    bool last = i + 1 == steps.size();
    if (step.kind == detail::StepKind::kProperty) {
      if (!cur->is_object()) return fail(target);
      const std::string& name = step.names[0];
      if (last) {
        (*cur)[name] = std::move(value);
        return target;
      }
      auto it = cur->find(name);
      if (it == cur->end()) it = cur->emplace(name, Json::object()).first;
      cur = &*it;
    } else {
      if (!cur->is_array()) return fail(target);
      auto size = static_cast<int64_t>(cur->size());
      int64_t index = step.indexes[0] < 0 ? size + step.indexes[0] : step.indexes[0];
      if (index < 0 || index >= size) return fail(target);
      if (last) {
        (*cur)[static_cast<size_t>(index)] = std::move(value);
        return target;
      }
      cur = &(*cur)[static_cast<size_t>(index)];
    }
  }
  return target;
}

}  // namespace tern::asl::jsonpath
