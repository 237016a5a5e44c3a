// Value checks shared by the state-type passes: numbers in a range (a JSONata state may write
// an expression instead) and pairs of fields that exclude each other.
#pragma once

#include <string>
#include <string_view>

#include "asl/validate/validation_context.h"

namespace tern::asl::validate {

// `object[field]`, when present, is an integer in [min, max], or (JSONata) "{% ... %}".
void CheckIntegerField(Context& ctx, QueryLanguage language, const Json& object,
                       const std::string& pointer, std::string_view field, long long min,
                       long long max);
// Same for any number in [min, max].
void CheckNumberField(Context& ctx, QueryLanguage language, const Json& object,
                      const std::string& pointer, std::string_view field, double min, double max);
// Reports MUTUALLY_EXCLUSIVE_PROPERTIES (at `b`) when `object` has both `a` and `b`.
bool CheckExclusive(Context& ctx, const Json& object, const std::string& pointer,
                    std::string_view a, std::string_view b);

}  // namespace tern::asl::validate
