#include "project/intrinsics.h"

namespace tern::project {
namespace {

std::string ShortForm(const std::string& long_name) {
  if (long_name.starts_with("Fn::")) return "!" + long_name.substr(4);
  return "!" + long_name;
}

Result<std::string, Status> ScalarText(const Json& value, const Node& at) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number() || value.is_boolean()) return value.dump();
  return Unexpected(at.Error("expected a string, got " + value.dump()));
}

Result<Json, Status> ResolveGetAtt(const Node& args, const SymbolTable& symbols) {
  std::string resource, attribute;
  if (args.is_string()) {
    // The long form also accepts "Resource.Attribute".
    const std::string& text = args.value().get<std::string>();
    size_t dot = text.find('.');
    if (dot == std::string::npos) {
      return Unexpected(args.Error("Fn::GetAtt needs Resource.Attribute, got '" + text + "'"));
    }
    resource = text.substr(0, dot);
    attribute = text.substr(dot + 1);
  } else {
    std::vector<Node> items = args.Items();
    if (items.size() != 2) {
      return Unexpected(args.Error("Fn::GetAtt takes [Resource, Attribute]"));
    }
    auto r = ResolveString(items[0], symbols);
    if (!r) return Unexpected(r.error());
    auto a = ResolveString(items[1], symbols);
    if (!a) return Unexpected(a.error());
    resource = *r;
    attribute = *a;
  }
  return symbols.GetAtt(resource, attribute, args);
}

// "${Name}", "${Res.Attr}", "${!Literal}" (-> "${Literal}") in `text`.
Result<Json, Status> Substitute(const std::string& text, const Node& at,
                                const std::map<std::string, Json>& variables,
                                const SymbolTable& symbols) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("${", i);
    if (open == std::string::npos) {
      out += text.substr(i);
      break;
    }
    out += text.substr(i, open - i);
    size_t close = text.find('}', open + 2);
    if (close == std::string::npos) {
      return Unexpected(at.Error("Fn::Sub: '${' without a closing '}' in '" + text + "'"));
    }
    std::string name = text.substr(open + 2, close - open - 2);
    i = close + 1;
    if (name.starts_with("!")) {
      out += "${" + name.substr(1) + "}";
      continue;
    }
    Json value;
    if (auto v = variables.find(name); v != variables.end()) {
      value = v->second;
    } else if (size_t dot = name.find('.'); dot != std::string::npos) {
      auto r = symbols.GetAtt(name.substr(0, dot), name.substr(dot + 1), at);
      if (!r) return Unexpected(r.error());
      value = std::move(*r);
    } else {
      auto r = symbols.Ref(name, at);
      if (!r) return Unexpected(r.error());
      value = std::move(*r);
    }
    auto piece = ScalarText(value, at);
    if (!piece) {
      return Unexpected(
          at.Error("Fn::Sub: ${" + name + "} is not a string (" + value.dump() + ")"));
    }
    out += *piece;
  }
  return Json(out);
}

Result<Json, Status> ResolveSub(const Node& args, const SymbolTable& symbols) {
  std::map<std::string, Json> variables;
  std::optional<Node> text_node;
  if (args.is_string()) {
    text_node = args;
  } else {
    std::vector<Node> items = args.Items();
    if (items.size() != 2 || !items[0].is_string() || !items[1].is_object()) {
      return Unexpected(args.Error("Fn::Sub takes a string or [string, {Name: value, ...}]"));
    }
    text_node = items[0];
    for (const auto& [name, value_node] : items[1].Members()) {
      auto value = Resolve(value_node, symbols);
      if (!value) return Unexpected(value.error());
      variables[name] = std::move(*value);
    }
  }
  return Substitute(text_node->value().get<std::string>(), *text_node, variables, symbols);
}

Result<Json, Status> ResolveJoin(const Node& args, const SymbolTable& symbols) {
  std::vector<Node> items = args.Items();
  if (items.size() != 2 || !items[0].is_string()) {
    return Unexpected(args.Error("Fn::Join takes [delimiter, [values...]]"));
  }
  auto list = Resolve(items[1], symbols);
  if (!list) return Unexpected(list.error());
  if (!list->is_array()) return Unexpected(items[1].Error("Fn::Join needs a list of values"));
  std::string out;
  const std::string delimiter = items[0].value().get<std::string>();
  for (size_t i = 0; i < list->size(); ++i) {
    auto piece = ScalarText((*list)[i], items[1]);
    if (!piece) return Unexpected(piece.error());
    if (i > 0) out += delimiter;
    out += *piece;
  }
  return Json(out);
}

}  // namespace

Result<Json, Status> Resolve(const Node& node, const SymbolTable& symbols) {
  if (node.is_intrinsic()) {
    const std::string name = node.value().begin().key();
    Node args = *node.Get(name);
    if (name == "Ref") {
      if (!args.is_string()) return Unexpected(args.Error("Ref takes a name"));
      return symbols.Ref(args.value().get<std::string>(), args);
    }
    if (name == "Fn::GetAtt") return ResolveGetAtt(args, symbols);
    if (name == "Fn::Sub") return ResolveSub(args, symbols);
    if (name == "Fn::Join") return ResolveJoin(args, symbols);
    return Unexpected(node.Error(name + " (" + ShortForm(name) +
                                 ") is not supported by tern; supported intrinsics: Ref, "
                                 "Fn::GetAtt, Fn::Sub, Fn::Join"));
  }
  if (node.is_object()) {
    Json out = Json::object();
    for (const auto& [key, child] : node.Members()) {
      auto value = Resolve(child, symbols);
      if (!value) return Unexpected(value.error());
      out[key] = std::move(*value);
    }
    return out;
  }
  if (node.is_array()) {
    Json out = Json::array();
    for (const Node& item : node.Items()) {
      auto value = Resolve(item, symbols);
      if (!value) return Unexpected(value.error());
      out.push_back(std::move(*value));
    }
    return out;
  }
  return node.value();
}

Result<std::string, Status> ResolveString(const Node& node, const SymbolTable& symbols) {
  auto value = Resolve(node, symbols);
  if (!value) return Unexpected(value.error());
  return ScalarText(*value, node);
}

}  // namespace tern::project
