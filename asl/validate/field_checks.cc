#include "asl/validate/field_checks.h"

#include <sstream>

#include "asl/validate/codes.h"

namespace tern::asl::validate {
namespace {

bool IsExpression(QueryLanguage language, const Json& value) {
  return language == QueryLanguage::kJsonata && value.is_string() &&
         LooksLikeJsonata(value.get_ref<const std::string&>());
}

std::string NumberText(double d) {
  std::ostringstream out;
  out << d;
  return out.str();
}

}  // namespace

void CheckIntegerField(Context& ctx, QueryLanguage language, const Json& object,
                       const std::string& pointer, std::string_view field, long long min,
                       long long max) {
  auto it = object.find(field);
  if (it == object.end() || IsExpression(language, *it)) return;
  if (IsInteger(*it) && AsInteger(*it) >= min && AsInteger(*it) <= max) return;
  ctx.Report(codes::kSchemaValidationFailed, Child(pointer, field),
             "'" + std::string(field) + "' must be an integer from " + std::to_string(min) +
                 " to " + std::to_string(max) +
                 (language == QueryLanguage::kJsonata ? " or a JSONata expression" : "") +
                 ", not " + Shown(*it));
}

void CheckNumberField(Context& ctx, QueryLanguage language, const Json& object,
                      const std::string& pointer, std::string_view field, double min, double max) {
  auto it = object.find(field);
  if (it == object.end() || IsExpression(language, *it)) return;
  if (it->is_number() && it->get<double>() >= min && it->get<double>() <= max) return;
  ctx.Report(codes::kSchemaValidationFailed, Child(pointer, field),
             "'" + std::string(field) + "' must be a number from " + NumberText(min) + " to " +
                 NumberText(max) +
                 (language == QueryLanguage::kJsonata ? " or a JSONata expression" : "") +
                 ", not " + Shown(*it));
}

bool CheckExclusive(Context& ctx, const Json& object, const std::string& pointer,
                    std::string_view a, std::string_view b) {
  if (!object.contains(a) || !object.contains(b)) return false;
  ctx.Report(codes::kMutuallyExclusiveProperties, Child(pointer, b),
             "'" + std::string(a) + "' and '" + std::string(b) +
                 "' are mutually exclusive: use at most one of them");
  return true;
}

}  // namespace tern::asl::validate
