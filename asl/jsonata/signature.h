// Function signatures (`<s-nn?:s>`): parsed once, then used to validate and fix up the
// arguments of every call, as the reference implementation's signature.js does (it builds a
// regular expression; here a small backtracking matcher does the same job).
#pragma once

#include <string>
#include <vector>

#include "asl/jsonata/value.h"

namespace tern::asl::jsonata {

class Signature {
 public:
  // Throws S0401/S0402 (with the offset inside `text`) on a malformed signature.
  explicit Signature(const std::string& text);

  // Returns the validated arguments (context substituted for `-`, singletons wrapped for `a`),
  // or throws T0410/T0411/T0412 naming `function_name`.
  std::vector<Value> Validate(const std::vector<Value>& args, const Value& context,
                              const std::string& function_name, int64_t position) const;

  const std::string& definition() const { return definition_; }
  size_t param_count() const { return params_.size(); }

 private:
  struct Param {
    std::string allowed;  // symbols accepted: s n b l o a f m (missing)
    char type = 0;        // s n b l o a f j x, or '(' for a choice
    char quantifier = 0;  // 0, '?' or '+'
    bool context = false;
    std::string context_allowed;
    std::string subtype;  // for a<...> and f<...>
  };
  bool Match(const std::string& symbols, size_t param, size_t pos,
             std::vector<std::pair<size_t, size_t>>* spans) const;

  std::string definition_;
  std::vector<Param> params_;
};

// The signature symbol of a value: s n b l o a f, or m for undefined.
char SignatureSymbol(const Value& v);

}  // namespace tern::asl::jsonata
