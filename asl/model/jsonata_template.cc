#include "asl/model/jsonata_template.h"

#include "asl/core/error_names.h"

namespace tern::asl {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// One expression found inside the template, with where it goes.
struct Slot {
  std::vector<std::string> path;  // object keys / array indexes (as strings) from the root
  std::string field;              // "Output/result" for causes
  std::string text;               // the expression without the {% %}
  jsonata::Expression expression;
};

Json* Navigate(Json& root, const std::vector<std::string>& path) {
  Json* at = &root;
  for (const std::string& step : path) {
    if (at->is_array()) {
      at = &(*at)[std::stoul(step)];
    } else {
      at = &(*at)[step];
    }
  }
  return at;
}

}  // namespace

bool IsJsonataExpressionString(const std::string& s) {
  return s.size() >= 4 && s.compare(0, 2, "{%") == 0 && s.compare(s.size() - 2, 2, "%}") == 0;
}

struct JsonataTemplate::Impl {
  Json source;
  std::vector<Slot> slots;
};

Result<JsonataTemplate, std::string> JsonataTemplate::Compile(const Json& value,
                                                              std::string field) {
  auto impl = std::make_shared<Impl>();
  impl->source = value;
  std::string error;
  auto walk = [&](auto&& self, const Json& node, std::vector<std::string>& path,
                  const std::string& field_path) -> bool {
    if (node.is_string()) {
      const std::string& s = node.get_ref<const std::string&>();
      if (!IsJsonataExpressionString(s)) return true;
      std::string text(Trim(std::string_view(s).substr(2, s.size() - 4)));
      jsonata::CompileOptions options;
      options.stepfunctions_functions = true;  // $partition, $range, $hash, $uuid, $parse...
      auto expr = jsonata::Expression::Compile(text, options);
      if (!expr) {
        error = "the JSONata expression '" + text + "' in " + field_path +
                " does not parse: " + expr.error().ToString();
        return false;
      }
      impl->slots.push_back({path, field_path, text, std::move(expr).value()});
      return true;
    }
    if (node.is_object()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        path.push_back(it.key());
        bool ok = self(self, it.value(), path, field_path + "/" + it.key());
        path.pop_back();
        if (!ok) return false;
      }
    } else if (node.is_array()) {
      for (size_t i = 0; i < node.size(); ++i) {
        path.push_back(std::to_string(i));
        bool ok = self(self, node[i], path, field_path + "[" + std::to_string(i) + "]");
        path.pop_back();
        if (!ok) return false;
      }
    }
    return true;
  };
  std::vector<std::string> path;
  if (!walk(walk, value, path, field)) return Unexpected(std::move(error));
  JsonataTemplate t;
  t.impl_ = std::move(impl);
  return t;
}

Result<Json, Failure> JsonataTemplate::Evaluate(const jsonata::Bindings& bindings) const {
  if (impl_->slots.empty()) return impl_->source;
  // Fast path: the whole template is one expression.
  Json out = impl_->slots.size() == 1 && impl_->slots[0].path.empty() ? Json() : impl_->source;
  for (const Slot& slot : impl_->slots) {
    jsonata::EvaluationInfo info;
    auto value = slot.expression.Evaluate(nullptr, &bindings, {}, &info);
    if (!value) {
      return Unexpected(Failure{
          std::string(errors::kQueryEvaluationError),
          "The JSONata expression '" + slot.text + "' specified for the field '" + slot.field +
              "' threw an error during evaluation. " + value.error().ToString()});
    }
    if (!value->has_value()) {
      return Unexpected(Failure{std::string(errors::kQueryEvaluationError),
                                "The JSONata expression '" + slot.text +
                                    "' specified for the field '" + slot.field +
                                    "' returned nothing (undefined)."});
    }
    if (info.function_result) {
      return Unexpected(Failure{std::string(errors::kQueryEvaluationError),
                                "The JSONata expression '" + slot.text +
                                    "' specified for the field '" + slot.field +
                                    "' returned an unsupported result type."});
    }
    *Navigate(out, slot.path) = std::move(**value);
  }
  return out;
}

bool JsonataTemplate::is_constant() const { return impl_->slots.empty(); }
const Json& JsonataTemplate::source() const { return impl_->source; }

}  // namespace tern::asl
