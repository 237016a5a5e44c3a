#include "project/property_values.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tern::project {

Result<int64_t, Status> ReadInt(const Node& node, const SymbolTable& symbols, int64_t min,
                                int64_t max) {
  auto value = Resolve(node, symbols);
  if (!value) return Unexpected(value.error());
  int64_t n = 0;
  bool ok = false;
  if (value->is_number_integer()) {
    n = value->get<int64_t>();
    ok = true;
  } else if (value->is_string()) {
    const std::string& s = value->get_ref<const std::string&>();
    auto r = std::from_chars(s.data(), s.data() + s.size(), n);
    ok = r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty();
  }
  if (!ok) return Unexpected(node.Error("expected an integer, got " + value->dump()));
  if (n < min || n > max) {
    return Unexpected(node.Error(std::to_string(n) + " is out of range " + std::to_string(min) +
                                 ".." + std::to_string(max)));
  }
  return n;
}

Result<bool, Status> ReadBool(const Node& node, const SymbolTable& symbols) {
  auto value = Resolve(node, symbols);
  if (!value) return Unexpected(value.error());
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_string()) {
    std::string s = value->get<std::string>();
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return Unexpected(node.Error("expected true or false, got " + value->dump()));
}

Result<std::map<std::string, std::string>, Status> ReadStringMap(const Node& node,
                                                                 const SymbolTable& symbols) {
  if (!node.is_object() || node.is_intrinsic()) {
    return Unexpected(node.Error("expected a mapping of names to values"));
  }
  std::map<std::string, std::string> out;
  for (const auto& [key, child] : node.Members()) {
    auto text = ResolveString(child, symbols);
    if (!text) return Unexpected(text.error());
    out[key] = std::move(*text);
  }
  return out;
}

Result<std::string, Status> ReadEnum(const Node& node, const SymbolTable& symbols,
                                     const std::vector<std::string>& allowed) {
  auto text = ResolveString(node, symbols);
  if (!text) return Unexpected(text.error());
  if (std::find(allowed.begin(), allowed.end(), *text) != allowed.end()) return *text;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  return Unexpected(node.Error("'" + *text + "' is not one of " + list));
}

}  // namespace tern::project
