// Where a value was written in a definition file, so errors can point at the user's line.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

namespace tern::asl {

// 1-based line and column (column counts bytes); 0 means unknown.
struct SourceLocation {
  int line = 0;
  int column = 0;
  bool known() const { return line > 0; }
};

// Escapes one reference token for a JSON pointer (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string EscapePointerToken(std::string_view token);

// JSON pointer -> location of the value at that pointer (for object members: the key).
// Lookups of a pointer that has no entry fall back to its nearest ancestor, so a diagnostic
// about a missing field points at the object that lacks it.
class SourceMap {
 public:
  void Add(std::string pointer, SourceLocation where) { map_.emplace(std::move(pointer), where); }
  SourceLocation Find(std::string_view pointer) const;
  bool empty() const { return map_.empty(); }
  size_t size() const { return map_.size(); }

 private:
  std::unordered_map<std::string, SourceLocation> map_;
};

}  // namespace tern::asl
