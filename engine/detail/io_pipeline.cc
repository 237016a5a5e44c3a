#include "engine/detail/io_pipeline.h"

#include "asl/core/error_names.h"
#include "common/json_text.h"

namespace tern::engine {

std::string Dump(const Json& value) { return DumpCompact(value); }

JsonResult ApplyFilterPath(const asl::FilterPathDecl& decl, Json value,
                           const asl::jsonpath::PathContext& context) {
  switch (decl.kind) {
    case asl::FilterPathDecl::Kind::kDefault:
      return value;
    case asl::FilterPathDecl::Kind::kNull:
      return Json::object();
    case asl::FilterPathDecl::Kind::kPath:
      break;
  }
  asl::jsonpath::PathContext ctx = context;
  ctx.input = &value;
  auto selected = decl.path->Evaluate(ctx);
  if (!selected) {
    return Unexpected(asl::Failure{std::string(asl::errors::kRuntime), selected.error()});
  }
  return std::move(selected).value();
}

JsonResult ApplyTemplate(const std::optional<asl::jsonpath::PayloadTemplate>& tmpl, Json value,
                         asl::jsonpath::PathContext context) {
  if (!tmpl) return value;
  context.input = &value;
  return tmpl->Evaluate(context);
}

JsonResult ApplyResultPath(const asl::ResultPathDecl& decl, const Json& raw_input, Json result) {
  switch (decl.kind) {
    case asl::ResultPathDecl::Kind::kDefault:
      return result;
    case asl::ResultPathDecl::Kind::kDiscard:
      return raw_input;
    case asl::ResultPathDecl::Kind::kPath:
      break;
  }
  auto placed = asl::jsonpath::SetAtReferencePath(raw_input, *decl.path, std::move(result));
  if (!placed) {
    return Unexpected(
        asl::Failure{std::string(asl::errors::kResultPathMatchFailure), placed.error()});
  }
  return std::move(placed).value();
}

JsonResult EvaluateAssign(const std::optional<asl::jsonpath::PayloadTemplate>& jsonpath_assign,
                          const std::optional<asl::JsonataTemplate>& jsonata_assign,
                          const Json& dollar, asl::jsonpath::PathContext context,
                          const asl::jsonata::Bindings* bindings) {
  if (jsonpath_assign) {
    context.input = &dollar;
    return jsonpath_assign->Evaluate(context);
  }
  if (jsonata_assign && bindings) return jsonata_assign->Evaluate(*bindings);
  return Json();
}

Json CommitAssign(VariableScope& scope, Json values) {
  if (!values.is_object() || values.empty()) return Json();
  std::map<std::string, std::string> sorted;
  for (auto it = values.begin(); it != values.end(); ++it) sorted[it.key()] = Dump(it.value());
  for (auto it = values.begin(); it != values.end(); ++it)
    scope.Set(it.key(), std::move(it.value()));
  Json assigned = Json::object();
  for (auto& [name, text] : sorted) assigned[name] = std::move(text);
  return assigned;
}

JsonResult EvaluateJsonata(const std::optional<asl::JsonataTemplate>& tmpl, const Json& fallback,
                           const asl::jsonata::Bindings& bindings) {
  if (!tmpl) return fallback;
  return tmpl->Evaluate(bindings);
}

}  // namespace tern::engine
