#include "project/template_node.h"

#include <algorithm>

#include "asl/parse/source_location.h"

namespace tern::project {

Node Node::Root(const TemplateSource& source) {
  return Node(&source, &source.document.value, "", "");
}

Node Node::Merge(const Node& primary, const Node& fallback) {
  if (!primary.is_object() || !fallback.is_object() || primary.is_intrinsic() ||
      fallback.is_intrinsic()) {
    return primary;
  }
  Node merged = primary;
  merged.fallback_ = std::make_shared<const Node>(fallback);
  return merged;
}

int Node::line() const { return source_->document.locations.Find(pointer_).line; }

bool Node::is_intrinsic() const {
  if (!value_->is_object() || value_->size() != 1) return false;
  const std::string& key = value_->begin().key();
  return key == "Ref" || key == "Condition" || key.starts_with("Fn::");
}

Node Node::Child(const std::string& key) const {
  return Node(source_, &value_->at(key), pointer_ + "/" + asl::EscapePointerToken(key),
              path_.empty() ? key : path_ + "." + key);
}

std::optional<Node> Node::Get(std::string_view key_view) const {
  std::string key(key_view);
  std::optional<Node> own;
  if (value_->is_object() && value_->contains(key)) own = Child(key);
  std::optional<Node> inherited;
  if (fallback_) inherited = fallback_->Get(key);
  if (own && inherited) return Merge(*own, *inherited);
  return own ? own : inherited;
}

std::vector<std::pair<std::string, Node>> Node::Members() const {
  std::vector<std::pair<std::string, Node>> members;
  if (fallback_) {
    // Globals first, in their order, then what the resource adds: the order a reader of the
    // template would expect.
    for (const auto& [key, node] : fallback_->Members()) members.emplace_back(key, *Get(key));
  }
  if (!value_->is_object()) return members;
  for (const auto& [key, unused] : value_->items()) {
    bool seen =
        std::any_of(members.begin(), members.end(), [&](const auto& m) { return m.first == key; });
    if (!seen) members.emplace_back(key, Child(key));
  }
  return members;
}

std::vector<Node> Node::Items() const {
  std::vector<Node> items;
  if (!value_->is_array()) return items;
  for (size_t i = 0; i < value_->size(); ++i) {
    items.push_back(Node(source_, &(*value_)[i], pointer_ + "/" + std::to_string(i),
                         path_ + "[" + std::to_string(i) + "]"));
  }
  return items;
}

Status Node::Error(std::string_view message) const {
  std::string text = source_->display_name;
  if (int at = line(); at > 0) text += ":" + std::to_string(at);
  text += ": ";
  if (!path_.empty()) text += path_ + ": ";
  text += message;
  return Status::InvalidArgument(std::move(text));
}

Status CheckKeys(const Node& node, const std::vector<std::string_view>& supported,
                 const std::vector<std::string_view>& ignored) {
  if (!node.is_object()) return node.Error("expected a mapping");
  for (const auto& [key, child] : node.Members()) {
    auto listed = [&](const std::vector<std::string_view>& keys) {
      return std::find(keys.begin(), keys.end(), key) != keys.end();
    };
    if (!listed(supported) && !listed(ignored)) {
      return child.Error("'" + key + "' is not supported by tern (docs/project.md lists what is)");
    }
  }
  return Status::Ok();
}

}  // namespace tern::project
