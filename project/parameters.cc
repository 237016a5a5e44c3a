#include "project/parameters.h"

#include <charconv>
#include <regex>

namespace tern::project {
namespace {

std::string ScalarText(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

Json SplitList(const std::string& text) {
  Json list = Json::array();
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    list.push_back(text.substr(start, comma == std::string::npos ? comma : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return list;
}

bool IsNumber(const std::string& s) {
  double d = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), d);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::optional<double> NumberProperty(const Node& param, const char* key) {
  auto node = param.Get(key);
  if (!node) return std::nullopt;
  std::string text = ScalarText(node->value());
  if (!IsNumber(text)) return std::nullopt;
  return std::stod(text);
}

// Checks one value (a list element for the list types) against the parameter's constraints.
Status CheckConstraints(const Node& param, const std::string& value, bool number,
                        const Node& blame) {
  auto fail = [&](const std::string& why) { return blame.Error("value '" + value + "' " + why); };
  if (number && !IsNumber(value)) return fail("is not a number");
  if (auto allowed = param.Get("AllowedValues")) {
    bool found = false;
    for (const Node& item : allowed->Items()) found |= ScalarText(item.value()) == value;
    if (!found)
      return fail("is not one of AllowedValues (line " + std::to_string(allowed->line()) + ")");
  }
  if (auto pattern = param.Get("AllowedPattern"); pattern && pattern->is_string()) {
    try {
      if (!std::regex_match(value, std::regex(pattern->value().get<std::string>()))) {
        return fail("does not match AllowedPattern");
      }
    } catch (const std::regex_error&) {
      return pattern->Error("not a regular expression tern can read");
    }
  }
  if (auto min = NumberProperty(param, "MinLength"); min && value.size() < *min) {
    return fail("is shorter than MinLength");
  }
  if (auto max = NumberProperty(param, "MaxLength"); max && value.size() > *max) {
    return fail("is longer than MaxLength");
  }
  if (number) {
    double d = std::stod(value);
    if (auto min = NumberProperty(param, "MinValue"); min && d < *min) {
      return fail("is below MinValue");
    }
    if (auto max = NumberProperty(param, "MaxValue"); max && d > *max) {
      return fail("is above MaxValue");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::map<std::string, Json>, Status> LoadParameters(
    const std::optional<Node>& section, const std::map<std::string, std::string>& overrides,
    const std::string& display_name) {
  std::map<std::string, Json> values;
  if (section && !section->is_object()) {
    return Unexpected(section->Error("expected a mapping of parameter names"));
  }
  for (const auto& [name, unused] : overrides) {
    if (!section || !section->Get(name)) {
      return Unexpected(Status::InvalidArgument("--parameter-overrides: " + display_name +
                                                " has no parameter '" + name + "'"));
    }
  }
  if (!section) return values;
  for (const auto& [name, param] : section->Members()) {
    if (Status s = CheckKeys(param,
                             {"Type", "Default", "AllowedValues", "AllowedPattern", "MinLength",
                              "MaxLength", "MinValue", "MaxValue"},
                             {"Description", "ConstraintDescription", "NoEcho"});
        !s.ok()) {
      return Unexpected(s);
    }
    auto type_node = param.Get("Type");
    if (!type_node || !type_node->is_string()) {
      return Unexpected(param.Error("a parameter needs a Type"));
    }
    const std::string type = type_node->value().get<std::string>();
    if (type.starts_with("AWS::SSM::")) {
      return Unexpected(type_node->Error("SSM parameter types are not supported by tern"));
    }
    bool list = type == "CommaDelimitedList" || type.starts_with("List<");
    bool number = type == "Number" || type == "List<Number>";
    std::string text;
    std::optional<Node> blame;
    if (auto o = overrides.find(name); o != overrides.end()) {
      text = o->second;
      blame = param;
    } else if (auto def = param.Get("Default")) {
      if (def->is_object() || def->is_array()) {
        return Unexpected(
            def->Error("a Default is a scalar (a list parameter's Default is "
                       "comma-separated text)"));
      }
      text = ScalarText(def->value());
      blame = def;
    } else {
      return Unexpected(param.Error("no Default and no --parameter-overrides value"));
    }
    Json value = list ? SplitList(text) : Json(text);
    if (list) {
      for (const Json& item : value) {
        if (Status s = CheckConstraints(param, item.get<std::string>(), number, *blame); !s.ok()) {
          return Unexpected(s);
        }
      }
    } else if (Status s = CheckConstraints(param, text, number, *blame); !s.ok()) {
      return Unexpected(s);
    }
    values[name] = std::move(value);
  }
  return values;
}

}  // namespace tern::project
