#include "asl/jsonpath/payload_template.h"

#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "asl/core/error_names.h"
#include "asl/jsonpath/intrinsic.h"
#include "asl/jsonpath/path.h"
#include "asl/jsonpath/path_errors.h"

namespace tern::asl::jsonpath {
namespace {

constexpr std::string_view kDynamicSuffix = ".$";

// One node of the compiled template. Subtrees without any `.$` key are kept as one literal so
// evaluation copies them in one go.
struct Node {
  enum class Kind { kLiteral, kObject, kArray, kPath, kIntrinsic };
  Kind kind = Kind::kLiteral;
  Json literal;
  // kObject: output keys (without .$) and their values, index by index. Two vectors rather
  // than pairs: std::pair<std::string, Node> needs Node complete here (clang rejects it).
  std::vector<std::string> member_keys;
  std::vector<Node> member_values;
  std::vector<Node> items;                            // kArray
  std::optional<Path> path;                           // kPath
  std::optional<IntrinsicCall> call;                  // kIntrinsic
  std::string field;                                  // kPath/kIntrinsic: the key, with .$
};

bool EndsWithDynamicSuffix(const std::string& key) {
  return key.size() >= kDynamicSuffix.size() &&
         key.compare(key.size() - kDynamicSuffix.size(), kDynamicSuffix.size(), kDynamicSuffix) ==
             0;
}

Result<Node, std::string> CompileDynamic(const std::string& key, const Json& value) {
  std::string invalid = "The value for the field '" + key +
                        "' must be a valid JSONPath or a valid intrinsic function call";
  if (!value.is_string()) return Unexpected(invalid);
  const std::string& text = value.get_ref<const std::string&>();
  Node node;
  node.field = key;
  if (LooksLikeIntrinsic(text)) {
    auto call = IntrinsicCall::Parse(text);
    if (!call.has_value()) return Unexpected(invalid + ": " + call.error());
    node.kind = Node::Kind::kIntrinsic;
    node.call = std::move(call).value();
    return node;
  }
  auto path = Path::Compile(text);
  if (!path.has_value()) return Unexpected(invalid + ": " + path.error());
  node.kind = Node::Kind::kPath;
  node.path = std::move(path).value();
  return node;
}

Result<Node, std::string> CompileNode(const Json& value) {
  Node node;
  if (value.is_object()) {
    node.kind = Node::Kind::kObject;
    std::unordered_set<std::string> seen;
    bool dynamic = false;
    for (const auto& [key, member] : value.items()) {
      bool is_dynamic = EndsWithDynamicSuffix(key);
      std::string out_key = is_dynamic ? key.substr(0, key.size() - kDynamicSuffix.size()) : key;
      if (!seen.insert(out_key).second) {
        return Unexpected("The field '" + out_key +
                          "' is specified more than once (after removing the '.$' suffix)");
      }
      auto child = is_dynamic ? CompileDynamic(key, member) : CompileNode(member);
      if (!child.has_value()) return Unexpected(std::move(child).error());
      dynamic = dynamic || child->kind != Node::Kind::kLiteral;
      node.member_keys.push_back(std::move(out_key));
      node.member_values.push_back(std::move(child).value());
    }
    if (!dynamic) {
      node = Node{};
      node.literal = value;
    }
    return node;
  }
  if (value.is_array()) {
    node.kind = Node::Kind::kArray;
    bool dynamic = false;
    for (const Json& item : value) {
      auto child = CompileNode(item);
      if (!child.has_value()) return Unexpected(std::move(child).error());
      dynamic = dynamic || child->kind != Node::Kind::kLiteral;
      node.items.push_back(std::move(child).value());
    }
    if (!dynamic) {
      node = Node{};
      node.literal = value;
    }
    return node;
  }
  node.literal = value;
  return node;
}

Result<Json, Failure> EvaluateNode(const Node& node, const PathContext& context) {
  switch (node.kind) {
    case Node::Kind::kLiteral:
      return node.literal;
    case Node::Kind::kObject: {
      Json out = Json::object();
      for (size_t i = 0; i < node.member_keys.size(); ++i) {
        auto value = EvaluateNode(node.member_values[i], context);
        if (!value.has_value()) return value;
        out[node.member_keys[i]] = std::move(value).value();
      }
      return out;
    }
    case Node::Kind::kArray: {
      Json out = Json::array();
      for (const Node& child : node.items) {
        auto value = EvaluateNode(child, context);
        if (!value.has_value()) return value;
        out.push_back(std::move(value).value());
      }
      return out;
    }
    case Node::Kind::kPath: {
      auto value = node.path->Evaluate(context);
      if (value.has_value()) return std::move(value).value();
      static const Json kNull;
      return Unexpected(Failure{std::string(errors::kRuntime),
                                PathNotFoundCause(node.path->text(), node.field,
                                                  context.input ? *context.input : kNull)});
    }
    case Node::Kind::kIntrinsic:
      return node.call->Evaluate(context, node.field);
  }
  return Json();
}

}  // namespace

struct PayloadTemplate::Impl {
  Node root;
};

Result<PayloadTemplate, std::string> PayloadTemplate::Compile(const Json& tmpl) {
  auto root = CompileNode(tmpl);
  if (!root.has_value()) return Unexpected(std::move(root).error());
  PayloadTemplate out;
  out.impl_ = std::make_shared<Impl>(Impl{std::move(root).value()});
  return out;
}

Result<Json, Failure> PayloadTemplate::Evaluate(const PathContext& context) const {
  return EvaluateNode(impl_->root, context);
}

}  // namespace tern::asl::jsonpath
