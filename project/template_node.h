// A view of one value of a template: the value, where it was written and its dotted property
// path ("Resources.Orders.Properties.Runtime"), so that every error names file:line and the
// property. A node can also be a resource's property merged with its Globals.Function
// counterpart (SAM's rules: maps merge key by key, the resource wins everything else); each
// value then keeps the line and path of the place it came from.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "asl/parse/document.h"
#include "common/json.h"
#include "common/status.h"

namespace tern::project {

// A parsed template file and the name its errors use (the path as the user gave it).
struct TemplateSource {
  std::string display_name;
  asl::Document document;
};

class Node {
 public:
  // The whole document. `source` must outlive every node made from it.
  static Node Root(const TemplateSource& source);
  // `primary` with `fallback` under it: when both are mappings (and `primary` is not an
  // intrinsic), members of either, recursively merged; otherwise `primary`.
  static Node Merge(const Node& primary, const Node& fallback);

  // The value as written. For a merged mapping this is only the primary's mapping: walk merged
  // nodes with Get/Members.
  const Json& value() const { return *value_; }
  const std::string& path() const { return path_; }
  // Where the value is in source().document (for a merged mapping: the primary's).
  const std::string& pointer() const { return pointer_; }
  const TemplateSource& source() const { return *source_; }
  int line() const;

  bool is_object() const { return value_->is_object(); }
  bool is_array() const { return value_->is_array(); }
  bool is_string() const { return value_->is_string(); }
  // A mapping with one key that is Ref, Condition or Fn::*.
  bool is_intrinsic() const;

  std::optional<Node> Get(std::string_view key) const;
  std::vector<std::pair<std::string, Node>> Members() const;
  std::vector<Node> Items() const;

  // InvalidArgument "template.yaml:14: Resources.Orders.Properties.Runtime: <message>".
  Status Error(std::string_view message) const;

 private:
  Node(const TemplateSource* source, const Json* value, std::string pointer, std::string path)
      : source_(source), value_(value), pointer_(std::move(pointer)), path_(std::move(path)) {}
  Node Child(const std::string& key) const;

  const TemplateSource* source_;
  const Json* value_;
  std::string pointer_;  // into source_->document
  std::string path_;
  std::shared_ptr<const Node> fallback_;  // set on merged mappings only
};

// Errors when `node` (a mapping) has a key that is in neither list. `ignored` keys are
// accepted without effect (docs/project.md lists them).
Status CheckKeys(const Node& node, const std::vector<std::string_view>& supported,
                 const std::vector<std::string_view>& ignored);

}  // namespace tern::project
