// What every validation pass shares: the document, the options, every scope (the root machine,
// each Parallel branch, each Map ItemProcessor/Iterator) and every state in it, found once, and
// the list of diagnostics the passes append to.
//
// Invariants: scopes_[0] is the root machine when the document is an object; a scope's states are
// listed in definition order; StateInfo::pointer is the JSON pointer of the state object.
// Walking is iterative, so a deeply nested definition cannot overflow the stack here.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "asl/parse/document.h"
#include "asl/validate/diagnostic.h"
#include "asl/validate/validator.h"
#include "common/json.h"

namespace tern::asl::validate {

enum class QueryLanguage { kJsonPath, kJsonata };

struct Scope {
  std::string pointer;      // object holding StartAt/States: "", "/States/P/Branches/0", ...
  const Json* machine;      // that object (always an object)
  int parent = -1;          // enclosing scope; -1 for the root
  std::string owner;        // pointer of the Parallel/Map state that owns it ("" for the root)
  bool isolated = false;    // a Distributed Map child workflow: sees no outer variables
  std::vector<int> states;  // indices into Context::states()
};

// A JSONPath-mode reference to a workflow variable ("$name..."), noted by the paths and choice
// passes for the variables pass.
struct VariableUse {
  int scope;
  std::string name;
  std::string pointer;
};

struct StateInfo {
  std::string name;
  std::string pointer;  // "/States/<escaped name>" under the scope's pointer
  const Json* value;    // the state; may be a non-object in a broken definition
  int scope;
  QueryLanguage language;  // the state's own QueryLanguage, else the machine's
  std::string type;        // "Pass", "Task", ... or "" when Type is missing or unknown
};

class Context {
 public:
  Context(const Document& doc, const ValidateOptions& options);

  const Document& doc() const { return doc_; }
  const Json& root() const { return doc_.value; }
  const ValidateOptions& options() const { return options_; }
  QueryLanguage machine_language() const { return machine_language_; }
  const std::vector<Scope>& scopes() const { return scopes_; }
  const std::vector<StateInfo>& states() const { return states_; }
  // True when `scope` is (inside) a Distributed Map's child workflow, a machine of its own.
  bool InChildWorkflow(int scope) const;
  // The state named `name` in `scope`, or null.
  const StateInfo* FindInScope(int scope, std::string_view name) const;

  void Report(std::string_view code, const std::string& pointer, std::string message,
              Severity severity = Severity::kError);
  // Same, at a location the reader recorded itself (a duplicate key's second occurrence).
  void ReportAt(std::string_view code, const std::string& pointer, SourceLocation where,
                std::string message);
  void NoteVariableUse(VariableUse use) { variable_uses_.push_back(std::move(use)); }
  const std::vector<VariableUse>& variable_uses() const { return variable_uses_; }

  std::vector<Diagnostic> TakeDiagnostics() { return std::move(diagnostics_); }

 private:
  void AddScope(std::string pointer, const Json& machine, int parent, std::string owner,
                bool isolated);

  const Document& doc_;
  ValidateOptions options_;
  QueryLanguage machine_language_ = QueryLanguage::kJsonPath;
  std::vector<Scope> scopes_;
  std::vector<StateInfo> states_;
  std::vector<std::unordered_map<std::string, int>> names_;  // per scope: name -> state index
  std::vector<VariableUse> variable_uses_;
  std::vector<Diagnostic> diagnostics_;
};

// JSON pointer helpers (RFC 6901 escaping of the token).
std::string Child(std::string_view pointer, std::string_view token);
std::string Child(std::string_view pointer, size_t index);

// "string", "number", "boolean", "null", "object", "array" (for messages).
std::string_view TypeName(const Json& value);
// A value for a message: strings quoted and cut to a readable length.
std::string Shown(const Json& value);
std::string Shown(std::string_view text);
inline std::string Shown(const std::string& text) { return Shown(std::string_view(text)); }
inline std::string Shown(const char* text) { return Shown(std::string_view(text)); }

// A JSON integer, or a float with an integral value (YAML and some writers produce 10.0).
bool IsInteger(const Json& value);
// The integer value of a number that IsInteger() accepted (saturating).
long long AsInteger(const Json& value);
// A string written as a JSONata expression: "{%" ... "%}" (well formed or not).
bool LooksLikeJsonata(std::string_view text);
std::string_view LanguageName(QueryLanguage language);
// Number of Unicode code points of UTF-8 `text` (invalid bytes count one each).
size_t CodePoints(std::string_view text);

}  // namespace tern::asl::validate
