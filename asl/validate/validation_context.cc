#include "asl/validate/validation_context.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tern::asl::validate {
namespace {

constexpr size_t kShownChars = 60;

bool IsKnownType(std::string_view type) {
  static constexpr std::string_view kTypes[] = {"Pass",    "Task", "Choice",   "Wait",
                                                "Succeed", "Fail", "Parallel", "Map"};
  return std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes);
}

std::string_view StringField(const Json& object, const char* field) {
  if (!object.is_object()) return {};
  auto it = object.find(field);
  if (it == object.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

}  // namespace

Context::Context(const Document& doc, const ValidateOptions& options)
    : doc_(doc), options_(options) {
  if (!doc.value.is_object()) return;
  if (StringField(doc.value, "QueryLanguage") == "JSONata") {
    machine_language_ = QueryLanguage::kJsonata;
  }
  AddScope("", doc.value, -1, "", false);
  // Breadth-first over nested machines: a worklist instead of recursion keeps the stack flat.
  for (size_t s = 0; s < scopes_.size(); ++s) {
    const std::vector<int> members = scopes_[s].states;
    const bool isolated = scopes_[s].isolated;
    for (int index : members) {
      const StateInfo state = states_[index];
      const Json& value = *state.value;
      if (state.type == "Parallel") {
        auto branches = value.find("Branches");
        if (branches == value.end() || !branches->is_array()) continue;
        for (size_t b = 0; b < branches->size(); ++b) {
          if (!(*branches)[b].is_object()) continue;
          AddScope(Child(Child(state.pointer, "Branches"), b), (*branches)[b], static_cast<int>(s),
                   state.pointer, isolated);
        }
      } else if (state.type == "Map") {
        for (const char* field : {"ItemProcessor", "Iterator"}) {
          auto it = value.find(field);
          if (it == value.end() || !it->is_object()) continue;
          bool distributed = false;
          if (auto config = it->find("ProcessorConfig");
              config != it->end() && config->is_object()) {
            distributed = StringField(*config, "Mode") == "DISTRIBUTED";
          }
          AddScope(Child(state.pointer, field), *it, static_cast<int>(s), state.pointer,
                   isolated || distributed);
        }
      }
    }
  }
}

void Context::AddScope(std::string pointer, const Json& machine, int parent, std::string owner,
                       bool isolated) {
  const int scope_index = static_cast<int>(scopes_.size());
  Scope scope{std::move(pointer), &machine, parent, std::move(owner), isolated, {}};
  names_.emplace_back();
  auto states = machine.find("States");
  if (states != machine.end() && states->is_object()) {
    const std::string states_pointer = Child(scope.pointer, "States");
    for (auto it = states->begin(); it != states->end(); ++it) {
      StateInfo info;
      info.name = it.key();
      info.pointer = Child(states_pointer, it.key());
      info.value = &it.value();
      info.scope = scope_index;
      info.language = machine_language_;
      std::string_view language = StringField(it.value(), "QueryLanguage");
      if (language == "JSONata") info.language = QueryLanguage::kJsonata;
      if (language == "JSONPath") info.language = QueryLanguage::kJsonPath;
      std::string_view type = StringField(it.value(), "Type");
      if (IsKnownType(type)) info.type = std::string(type);
      const int index = static_cast<int>(states_.size());
      names_.back().emplace(info.name, index);
      scope.states.push_back(index);
      states_.push_back(std::move(info));
    }
  }
  scopes_.push_back(std::move(scope));
}

bool Context::InChildWorkflow(int scope) const {
  for (int s = scope; s >= 0; s = scopes_[s].parent) {
    if (scopes_[s].isolated) return true;
  }
  return false;
}

const StateInfo* Context::FindInScope(int scope, std::string_view name) const {
  if (scope < 0 || scope >= static_cast<int>(names_.size())) return nullptr;
  auto it = names_[scope].find(std::string(name));
  return it == names_[scope].end() ? nullptr : &states_[it->second];
}

void Context::Report(std::string_view code, const std::string& pointer, std::string message,
                     Severity severity) {
  diagnostics_.push_back(Diagnostic{std::string(code), pointer, doc_.locations.Find(pointer),
                                    std::move(message), severity});
}

void Context::ReportAt(std::string_view code, const std::string& pointer, SourceLocation where,
                       std::string message) {
  if (!where.known()) where = doc_.locations.Find(pointer);
  diagnostics_.push_back(
      Diagnostic{std::string(code), pointer, where, std::move(message), Severity::kError});
}

std::string Child(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out += '/';
  out += EscapePointerToken(token);
  return out;
}

std::string Child(std::string_view pointer, size_t index) {
  std::string out(pointer);
  out += '/';
  out += std::to_string(index);
  return out;
}

std::string_view TypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::string:
      return "string";
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "number";
    default:
      return "value";
  }
}

std::string Shown(std::string_view text) {
  bool cut = text.size() > kShownChars;
  if (cut) {
    // Cut on a UTF-8 boundary so the message stays valid UTF-8.
    size_t at = kShownChars;
    while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
    text = text.substr(0, at);
  }
  std::string out = "'";
  for (char c : text) {
    // Control characters would break the one-line human format.
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += '?';
    } else {
      out += c;
    }
  }
  out += cut ? "...'" : "'";
  return out;
}

std::string Shown(const Json& value) {
  if (value.is_string()) return Shown(value.get_ref<const std::string&>());
  if (value.is_structured()) return std::string(TypeName(value));
  return value.dump();
}

bool IsInteger(const Json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  double d = value.get<double>();
  return std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e18;
}

long long AsInteger(const Json& value) {
  if (value.is_number_unsigned()) {
    auto u = value.get<unsigned long long>();
    return u > static_cast<unsigned long long>(std::numeric_limits<long long>::max())
               ? std::numeric_limits<long long>::max()
               : static_cast<long long>(u);
  }
  if (value.is_number_integer()) return value.get<long long>();
  return static_cast<long long>(value.get<double>());
}

bool LooksLikeJsonata(std::string_view text) {
  auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return false;
  auto end = text.find_last_not_of(" \t\r\n");
  std::string_view trimmed = text.substr(begin, end - begin + 1);
  return trimmed.starts_with("{%") || trimmed.ends_with("%}");
}

std::string_view LanguageName(QueryLanguage language) {
  return language == QueryLanguage::kJsonata ? "JSONata" : "JSONPath";
}

size_t CodePoints(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace tern::asl::validate
