#include "asl/jsonpath/detail/path_walker.h"

#include <cmath>
#include <string>
#include <vector>

#include "asl/jsonpath/detail/filter_expression.h"
#include "asl/jsonpath/json_format.h"

namespace tern::asl::jsonpath::detail {
namespace {

// The Java class Jackson (via Jayway's JacksonJsonProvider) binds a value to; Jayway names it in
// its "not a json object" message.
std::string JavaClassName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::string:
      return "java.lang.String";
    case Json::value_t::boolean:
      return "java.lang.Boolean";
    case Json::value_t::number_float:
      return "java.lang.Double";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: {
      double d = v.get<double>();
      return std::fabs(d) <= 2147483647.0 ? "java.lang.Integer" : "java.lang.Long";
    }
    case Json::value_t::array:
      return "java.util.ArrayList";
    case Json::value_t::object:
      return "java.util.LinkedHashMap";
    default:
      return "null";
  }
}

Json ApplyFunction(const std::string& name, const Json& node, bool& ok) {
  ok = true;
  if (name == "length" || name == "size") {
    if (node.is_array() || node.is_object()) return node.size();
    if (node.is_string()) return node.get_ref<const std::string&>().size();
    ok = false;
    return nullptr;
  }
  if (name == "keys") {
    if (!node.is_object()) {
      ok = false;
      return nullptr;
    }
    Json keys = Json::array();
    for (const auto& [k, _] : node.items()) keys.push_back(k);
    return keys;
  }
  if (name == "first" || name == "last") {
    if (!node.is_array() || node.empty()) {
      ok = false;
      return nullptr;
    }
    return name == "first" ? node.front() : node.back();
  }
  // Numeric aggregates over an array of numbers (Jayway returns doubles).
  if (!node.is_array()) {
    ok = false;
    return nullptr;
  }
  std::vector<double> nums;
  for (const Json& e : node) {
    if (e.is_number()) nums.push_back(e.get<double>());
  }
  if (nums.empty()) {
    ok = false;
    return nullptr;
  }
  double sum = 0, mn = nums[0], mx = nums[0];
  for (double x : nums) {
    sum += x;
    mn = std::min(mn, x);
    mx = std::max(mx, x);
  }
  double avg = sum / static_cast<double>(nums.size());
  if (name == "sum") return sum;
  if (name == "min") return mn;
  if (name == "max") return mx;
  if (name == "avg") return avg;
  double var = 0;
  for (double x : nums) var += (x - avg) * (x - avg);
  return std::sqrt(var / static_cast<double>(nums.size()));  // stddev
}

class Walker {
 public:
  Walker(const std::vector<Step>& steps, const Json& root, bool strict)
      : steps_(steps), root_(root), strict_(strict) {}

  std::vector<Json>& matches() { return matches_; }
  const std::string& error() const { return error_; }

  // Returns false when a strict error was raised (stops the walk).
  bool Walk(size_t i, const Json& node, const std::string& path, bool upstream_definite) {
    if (i == steps_.size()) {
      matches_.push_back(node);
      return true;
    }
    const Step& step = steps_[i];
    bool leaf = i + 1 == steps_.size();
    switch (step.kind) {
      case StepKind::kProperty:
        return WalkProperty(i, step, leaf, node, path, upstream_definite);
      case StepKind::kIndex:
        return WalkIndex(i, step, node, path, upstream_definite);
      case StepKind::kWildcard:
        if (node.is_object()) {
          for (const auto& [key, child] : node.items()) {
            if (!Walk(i + 1, child, Member(path, key), false)) return false;
          }
        } else if (node.is_array()) {
          for (size_t k = 0; k < node.size(); ++k) {
            if (!Walk(i + 1, node[k], Index(path, k), false)) return false;
          }
        }
        return true;
      case StepKind::kSlice:
        return WalkSlice(i, step, node, path, upstream_definite);
      case StepKind::kFilter:
        if (node.is_object()) {
          if (EvaluateFilter(*step.filter, node, root_)) return Walk(i + 1, node, path, false);
        } else if (node.is_array()) {
          for (size_t k = 0; k < node.size(); ++k) {
            if (EvaluateFilter(*step.filter, node[k], root_) &&
                !Walk(i + 1, node[k], Index(path, k), false)) {
              return false;
            }
          }
        }
        return true;
      case StepKind::kScan:
        return Scan(i, node, path);
      case StepKind::kFunction: {
        bool ok = false;
        Json result = ApplyFunction(step.function, node, ok);
        if (!ok) {
          if (strict_ && upstream_definite) {
            return Fail("Aggregation function attempted to calculate value using empty array");
          }
          return true;
        }
        return Walk(i + 1, result, path, upstream_definite);
      }
    }
    return true;
  }

 private:
  // The normalized path so far ($['a'][0]) only feeds strict-mode error messages; lenient walks
  // (indefinite paths, filters) skip building it.
  std::string Member(const std::string& path, const std::string& name) const {
    return strict_ ? path + "['" + name + "']" : std::string();
  }
  std::string Index(const std::string& path, int64_t index) const {
    return strict_ ? path + "[" + std::to_string(index) + "]" : std::string();
  }

  bool Fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  bool WalkProperty(size_t i, const Step& step, bool leaf, const Json& node,
                    const std::string& path, bool upstream_definite) {
    if (!node.is_object()) {
      if (strict_ && upstream_definite) {
        return Fail("Expected to find an object with property " + RenderStep(step) + " in path " +
                    path + " but found '" + JavaClassName(node) +
                    "'. This is not a json object according to the JsonProvider: "
                    "'com.jayway.jsonpath.spi.json.JacksonJsonProvider'.");
      }
      return true;
    }
    if (step.names.size() > 1 && leaf) {
      // Jayway merges the present properties into one object.
      Json merged = Json::object();
      for (const std::string& name : step.names) {
        auto it = node.find(name);
        if (it != node.end()) merged[name] = *it;
      }
      matches_.push_back(std::move(merged));
      return true;
    }
    bool definite = upstream_definite && step.names.size() == 1;
    for (const std::string& name : step.names) {
      std::string child_path = Member(path, name);
      auto it = node.find(name);
      if (it == node.end()) {
        if (!leaf && definite && strict_) return Fail("Missing property in path " + child_path);
        continue;
      }
      if (!Walk(i + 1, *it, child_path, definite)) return false;
    }
    return true;
  }

  // Jayway names the token with the rest of the path after it ("[0]['b']").
  bool CheckArray(size_t i, const Json& node, const std::string& path, bool upstream_definite) {
    if (node.is_array()) return true;
    if (strict_ && upstream_definite) {
      if (node.is_null()) {
        Fail("The path " + path + " is null");
      } else {
        std::string rest;
        for (size_t k = i; k < steps_.size(); ++k) rest += RenderStep(steps_[k]);
        Fail("Filter: " + rest +
             " can only be applied to arrays. Current context is: " + ToJavaString(node));
      }
    }
    return false;
  }

  bool WalkIndex(size_t i, const Step& step, const Json& node, const std::string& path,
                 bool upstream_definite) {
    if (!CheckArray(i, node, path, upstream_definite)) return error_.empty();
    bool definite = upstream_definite && step.indexes.size() == 1;
    auto size = static_cast<int64_t>(node.size());
    for (int64_t index : step.indexes) {
      int64_t effective = index < 0 ? size + index : index;
      if (effective < 0 || effective >= size) continue;
      if (!Walk(i + 1, node[static_cast<size_t>(effective)], Index(path, effective), definite)) {
        return false;
      }
    }
    return true;
  }

  // Python-style slice semantics (negative bounds count from the end, bounds are clamped).
  bool WalkSlice(size_t i, const Step& step, const Json& node, const std::string& path,
                 bool upstream_definite) {
    if (!CheckArray(i, node, path, upstream_definite)) return error_.empty();
    auto size = static_cast<int64_t>(node.size());
    int64_t stride = step.slice.step.value_or(1);
    auto clamp = [&](std::optional<int64_t> v, int64_t fallback, int64_t lo, int64_t hi) {
      if (!v) return fallback;
      int64_t x = *v < 0 ? *v + size : *v;
      return std::max(lo, std::min(hi, x));
    };
    if (stride > 0) {
      int64_t from = clamp(step.slice.start, 0, 0, size);
      int64_t to = clamp(step.slice.end, size, 0, size);
      for (int64_t k = from; k < to; k += stride) {
        if (!Walk(i + 1, node[static_cast<size_t>(k)], Index(path, k), false)) {
          return false;
        }
      }
    } else {
      int64_t from = clamp(step.slice.start, size - 1, -1, size - 1);
      int64_t to = clamp(step.slice.end, -1, -1, size - 1);
      for (int64_t k = from; k > to; k += stride) {
        if (!Walk(i + 1, node[static_cast<size_t>(k)], Index(path, k), false)) {
          return false;
        }
      }
    }
    return true;
  }

  // Jayway's scan predicates: a property step applies to objects holding all its names, a
  // filter to objects (tested as a whole), anything else to every container.
  static bool ScanApplies(const Step& next, const Json& node) {
    switch (next.kind) {
      case StepKind::kProperty:
        if (!node.is_object()) return false;
        for (const std::string& name : next.names) {
          if (!node.contains(name)) return false;
        }
        return true;
      case StepKind::kFilter:
        return node.is_object();
      default:
        return true;
    }
  }

  // `..`: applies the next step at this node and at every container below it, pre-order. A
  // filter after `..` tests each object itself (Jayway does not test arrays as a whole).
  bool Scan(size_t i, const Json& node, const std::string& path) {
    if (!node.is_structured()) return true;
    if (ScanApplies(steps_[i + 1], node) && !Walk(i + 1, node, path, false)) return false;
    if (node.is_object()) {
      for (const auto& [key, child] : node.items()) {
        if (!Scan(i, child, Member(path, key))) return false;
      }
    } else {
      for (size_t k = 0; k < node.size(); ++k) {
        if (!Scan(i, node[k], Index(path, k))) return false;
      }
    }
    return true;
  }

  const std::vector<Step>& steps_;
  const Json& root_;
  bool strict_;
  std::vector<Json> matches_;
  std::string error_;
};

}  // namespace

Result<std::vector<Json>, std::string> WalkSteps(const std::vector<Step>& steps, const Json& start,
                                                 const Json& root, bool strict) {
  Walker walker(steps, root, strict);
  if (!walker.Walk(0, start, "$", true)) return Unexpected(walker.error());
  return std::move(walker.matches());
}

}  // namespace tern::asl::jsonpath::detail
