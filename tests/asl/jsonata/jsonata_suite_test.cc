// Runs the JSONata conformance cases in $TERN_SHARED_DIR/jsonata-suite (see its README.md):
// every case of every group, with per-group and overall pass counts. A case fails the test
// only when it is not listed in KNOWN_FAILURES.txt (next to this file).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "asl/jsonata/jsonata.h"
#include "asl/jsonata/std_regex.h"
#include "common/json.h"

namespace tern::asl::jsonata {
namespace {

namespace fs = std::filesystem;

class MapBindings : public Bindings {
 public:
  explicit MapBindings(const Json& vars) : vars_(vars) {}
  const Json* Find(std::string_view name) const override {
    auto it = vars_.find(name);
    return it == vars_.end() ? nullptr : &*it;
  }

 private:
  const Json& vars_;
};

// Deep equality where numbers compare by value (1 == 1.0) and key order does not matter.
bool SameJson(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) {
    double x = a.get<double>();
    double y = b.get<double>();
    return x == y || std::fabs(x - y) <= 1e-12 * std::max(std::fabs(x), std::fabs(y));
  }
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!SameJson(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !SameJson(*it, *other)) return false;
    }
    return true;
  }
  return a == b;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// nlohmann/json rejects lone UTF-16 surrogate escapes, which a few cases use on purpose
// ("$encodeUrl('\\uD800')"). Escaping the backslash hands the escape to the JSONata
// tokenizer instead, which decodes it to the same lone surrogate.
std::string EscapeLoneSurrogates(const std::string& text) {
  std::regex pair(R"(\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})");
  std::regex lone(R"(\\u[dD][89a-fA-F][0-9a-fA-F]{2})");
  std::string out;
  size_t pos = 0;
  std::smatch m;
  while (
      std::regex_search(text.cbegin() + static_cast<std::ptrdiff_t>(pos), text.cend(), m, lone)) {
    size_t at = pos + static_cast<size_t>(m.position(0));
    std::smatch pm;
    std::string rest = text.substr(at, 12);
    out += text.substr(pos, at - pos);
    if (std::regex_match(rest, pm, pair)) {
      out += rest;
      pos = at + 12;
    } else {
      out += "\\" + m.str(0);
      pos = at + 6;
    }
  }
  out += text.substr(pos);
  return out;
}

Json ParseCaseFile(const std::string& text) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error&) {
    return Json::parse(EscapeLoneSurrogates(text));
  }
}

std::set<std::string> LoadKnownFailures() {
  std::set<std::string> known;
  std::ifstream in(fs::path(TERN_SOURCE_DIR) / "tests/asl/jsonata/KNOWN_FAILURES.txt");
  std::string line;
  while (std::getline(in, line)) {
    size_t hash = line.find('#');
    if (hash != std::string::npos) line = line.substr(0, hash);
    line.erase(std::remove_if(line.begin(), line.end(), ::isspace), line.end());
    if (!line.empty()) known.insert(line);
  }
  return known;
}

struct Outcome {
  bool pass = false;
  std::string detail;
};

Outcome RunCase(const Json& c, const fs::path& group_dir, const fs::path& datasets) {
  std::string text;
  if (c.contains("expr")) {
    text = c["expr"].get<std::string>();
  } else if (c.contains("expr-file")) {
    text = ReadFile(group_dir / c["expr-file"].get<std::string>());
  }
  Json data;
  bool has_input = false;
  if (c.contains("data")) {
    data = c["data"];
    has_input = true;
  } else if (c.contains("dataset") && c["dataset"].is_string()) {
    data = Json::parse(ReadFile(datasets / (c["dataset"].get<std::string>() + ".json")));
    has_input = true;
  }
  Json vars = c.value("bindings", Json::object());
  MapBindings bindings(vars);
  Limits limits;
  if (c.contains("depth")) limits.max_depth = c["depth"].get<int>();
  if (c.contains("timelimit")) limits.timeout_ms = c["timelimit"].get<int64_t>();

  std::string want_code;
  if (c.contains("code")) want_code = c["code"].get<std::string>();
  if (c.contains("error") && c["error"].is_object() && c["error"].contains("code")) {
    want_code = c["error"]["code"].get<std::string>();
  }
  auto expr = Expression::Compile(text);
  if (!expr) {
    if (!want_code.empty() && expr.error().code == want_code) return {true, ""};
    return {false, "compile error " + expr.error().ToString()};
  }
  auto result = expr->Evaluate(has_input ? &data : nullptr, &bindings, limits);
  if (!result) {
    if (!want_code.empty() && result.error().code == want_code) return {true, ""};
    return {false, "error " + result.error().ToString() +
                       (want_code.empty() ? "" : " (want " + want_code + ")")};
  }
  const std::optional<Json>& value = *result;
  std::string got = value ? value->dump() : "undefined";
  if (!want_code.empty()) return {false, "got " + got + ", want error " + want_code};
  if (c.value("undefinedResult", false)) {
    return {!value.has_value(), "got " + got + ", want undefined"};
  }
  if (c.contains("result")) {
    if (value && SameJson(*value, c["result"])) return {true, ""};
    return {false, "got " + got + ", want " + c["result"].dump()};
  }
  return {!value.has_value(), "got " + got + ", want undefined (no result given)"};
}

TEST(JsonataSuite, AllGroups) {
  const fs::path root = fs::path(TERN_SHARED_DIR) / "jsonata-suite";
  const fs::path groups_dir = root / "groups";
  ASSERT_TRUE(fs::exists(groups_dir)) << groups_dir;
  const std::set<std::string> known = LoadKnownFailures();
  std::vector<fs::path> groups;
  for (const auto& entry : fs::directory_iterator(groups_dir)) {
    if (entry.is_directory()) groups.push_back(entry.path());
  }
  std::sort(groups.begin(), groups.end());
  size_t total_pass = 0;
  size_t total_fail = 0;
  std::vector<std::string> unexpected;
  std::vector<std::string> fixed;
  for (const fs::path& group : groups) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(group)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    size_t pass = 0;
    size_t fail = 0;
    for (const fs::path& file : files) {
      Json doc = ParseCaseFile(ReadFile(file));
      std::vector<Json> cases;
      if (doc.is_array()) {
        for (auto& c : doc) cases.push_back(c);
      } else {
        cases.push_back(doc);
      }
      for (size_t i = 0; i < cases.size(); ++i) {
        std::string name = group.filename().string() + "/" + file.filename().string();
        if (doc.is_array()) name += "#" + std::to_string(i);
        Outcome outcome;
        try {
          outcome = RunCase(cases[i], group, root / "datasets");
        } catch (const std::exception& e) {
          outcome = {false, std::string("exception: ") + e.what()};
        }
        if (outcome.pass) {
          ++pass;
          if (known.count(name)) fixed.push_back(name);
        } else {
          ++fail;
          if (!known.count(name)) {
            unexpected.push_back(name + ": " + outcome.detail +
                                 "\n    expr: " + cases[i].value("expr", std::string("(file)")));
          }
        }
      }
    }
    std::cout << group.filename().string() << ": " << pass << " passed, " << fail << " failed"
              << std::endl;
    total_pass += pass;
    total_fail += fail;
  }
  std::cout << "overall: " << total_pass << " passed, " << total_fail << " failed" << std::endl;
  for (const auto& name : fixed)
    std::cout << "now passing (remove from KNOWN_FAILURES): " << name << "\n";
  for (const auto& u : unexpected) ADD_FAILURE() << u;
}

}  // namespace
}  // namespace tern::asl::jsonata
