#include "asl/parse/yaml_reader.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <regex>
#include <sstream>
#include <string>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "asl/parse/limits.h"

namespace tern::asl {
namespace {

SourceLocation ToLocation(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return {mark.line + 1, mark.column + 1};
}

struct ConvertError {
  std::string message;
  SourceLocation where;
};

// Resolves a plain (unquoted) scalar per the YAML 1.2 core schema.
Json ResolvePlainScalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  static const std::regex kInt("[-+]?[0-9]+");
  static const std::regex kFloat("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  if (std::regex_match(s, kInt)) {
    std::string_view digits = s;
    if (digits.front() == '+') digits.remove_prefix(1);
    int64_t i = 0;
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), i);
    if (r.ec == std::errc() && r.ptr == digits.data() + digits.size()) return i;
    uint64_t u = 0;
    r = std::from_chars(digits.data(), digits.data() + digits.size(), u);
    if (r.ec == std::errc() && r.ptr == digits.data() + digits.size()) return u;
    return std::strtod(s.c_str(), nullptr);
  }
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    int base = s[1] == 'x' ? 16 : 8;
    int64_t i = 0;
    auto r = std::from_chars(s.data() + 2, s.data() + s.size(), i, base);
    if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return i;
  }
  if (std::regex_match(s, kFloat)) return std::strtod(s.c_str(), nullptr);
  // .inf / .nan are valid YAML but not JSON: keep them as strings rather than invent values.
  return s;
}

// CloudFormation's short-form tag -> the long form's key ("!GetAtt" -> "Fn::GetAtt"); empty when
// `tag` is not one of CloudFormation's.
std::string CloudFormationLongName(const std::string& tag) {
  if (tag == "!Ref") return "Ref";
  if (tag == "!Condition") return "Condition";
  static const char* const kFunctions[] = {
      "And",    "Base64", "Cidr",        "Equals",       "FindInMap", "ForEach", "GetAtt",
      "GetAZs", "If",     "ImportValue", "Join",         "Length",    "Not",     "Or",
      "Select", "Split",  "Sub",         "ToJsonString", "Transform"};
  if (tag.size() < 2 || tag[0] != '!') return "";
  for (const char* name : kFunctions) {
    if (tag.compare(1, std::string::npos, name) == 0) return std::string("Fn::") + name;
  }
  return "";
}

class Converter {
 public:
  Converter(Document& doc, const YamlReadOptions& options) : doc_(doc), options_(options) {}

  // `tag_consumed`: the node's tag was already turned into an intrinsic by the caller.
  bool Convert(const YAML::Node& node, const std::string& pointer, Json& out, int depth,
               bool tag_consumed = false) {
    if (++nodes_ > kMaxYamlNodes) {
      return Fail("the document expands to more than " + std::to_string(kMaxYamlNodes) +
                      " nodes (alias expansion?)",
                  node.Mark());
    }
    if (depth > kMaxNestingDepth) {
      return Fail("nesting is deeper than " + std::to_string(kMaxNestingDepth) + " levels",
                  node.Mark());
    }
    const std::string& tag = tag_consumed ? kNoTag : node.Tag();
    if (options_.cloudformation_tags && !tag_consumed) {
      std::string long_name = CloudFormationLongName(tag);
      if (!long_name.empty()) return ConvertIntrinsic(node, long_name, pointer, out, depth);
    }
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        if (!CheckTag(tag, node)) return false;
        out = nullptr;
        return true;
      case YAML::NodeType::Scalar: {
        if (tag == "!" || tag == "tag:yaml.org,2002:str" || tag_consumed) {
          out = node.Scalar();
        } else if (tag == "?" || tag.empty()) {
          out = ResolvePlainScalar(node.Scalar());
        } else if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
                   tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null") {
          out = ResolvePlainScalar(node.Scalar());
        } else {
          return Fail("unsupported YAML tag '" + tag + "'", node.Mark());
        }
        return true;
      }
      case YAML::NodeType::Sequence: {
        if (!CheckTag(tag, node)) return false;
        out = Json::array();
        size_t i = 0;
        for (const auto& item : node) {
          std::string child = pointer + "/" + std::to_string(i++);
          doc_.locations.Add(child, ToLocation(item.Mark()));
          Json value;
          if (!Convert(item, child, value, depth + 1)) return false;
          out.push_back(std::move(value));
        }
        return true;
      }
      case YAML::NodeType::Map: {
        if (!CheckTag(tag, node)) return false;
        out = Json::object();
        for (const auto& kv : node) {
          if (!kv.first.IsScalar()) return Fail("mapping keys must be scalars", kv.first.Mark());
          const std::string& key = kv.first.Scalar();
          std::string child = pointer + "/" + EscapePointerToken(key);
          SourceLocation at = ToLocation(kv.first.Mark());
          if (out.contains(key)) doc_.duplicate_keys.push_back({child, at});
          doc_.locations.Add(child, at);
          Json value;
          if (!Convert(kv.second, child, value, depth + 1)) return false;
          out[key] = std::move(value);
        }
        return true;
      }
    }
    return Fail("unknown YAML node", node.Mark());
  }

  ParseError error;

 private:
  static inline const std::string kNoTag;

  // `!Name value` -> {"Fn::Name": value}, located where the tag was written. A tagged scalar is
  // a string (`!Ref 12` names "12"); `!GetAtt A.B.C` is split at its first dot as CloudFormation
  // does (["A", "B.C"]).
  bool ConvertIntrinsic(const YAML::Node& node, const std::string& long_name,
                        const std::string& pointer, Json& out, int depth) {
    std::string child = pointer + "/" + EscapePointerToken(long_name);
    SourceLocation at = ToLocation(node.Mark());
    doc_.locations.Add(child, at);
    Json argument;
    if (long_name == "Fn::GetAtt" && node.IsScalar()) {
      const std::string& text = node.Scalar();
      size_t dot = text.find('.');
      argument =
          Json::array({text.substr(0, dot), dot == std::string::npos ? "" : text.substr(dot + 1)});
      doc_.locations.Add(child + "/0", at);
      doc_.locations.Add(child + "/1", at);
    } else if (!Convert(node, child, argument, depth + 1, /*tag_consumed=*/true)) {
      return false;
    }
    out = Json::object();
    out[long_name] = std::move(argument);
    return true;
  }

  bool CheckTag(const std::string& tag, const YAML::Node& node) {
    if (tag.empty() || tag == "?" || tag == "!" || tag.rfind("tag:yaml.org,2002:", 0) == 0) {
      return true;
    }
    return Fail("unsupported YAML tag '" + tag + "'", node.Mark());
  }

  bool Fail(std::string message, const YAML::Mark& mark) {
    error = ParseError{std::move(message), ToLocation(mark)};
    return false;
  }

  Document& doc_;
  const YamlReadOptions& options_;
  size_t nodes_ = 0;
};

// Sees only where documents start: enough to count them without building nodes.
class DocumentCounter final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++starts_ == 2) second_start = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  YAML::Mark second_start = YAML::Mark::null_mark();

 private:
  int starts_ = 0;
};

}  // namespace

Result<Document, ParseError> ReadYaml(std::string_view text, const YamlReadOptions& options) {
  Document doc;
  doc.format = SourceFormat::kYaml;
  YAML::Node root;
  try {
    // Count the documents first, stopping at two. (YAML::LoadAll never returns on some
    // malformed texts such as "{}," in yaml-cpp 0.7: it keeps reporting empty documents.)
    std::stringstream in{std::string(text)};
    YAML::Parser parser(in);
    DocumentCounter counter;
    int documents = 0;
    while (documents < 2 && parser.HandleNextDocument(counter)) ++documents;
    if (documents == 0) {
      return Unexpected(ParseError{"the document is empty: expected a YAML mapping", {}});
    }
    if (documents > 1) {
      return Unexpected(ParseError{
          "unexpected content after the end of the document (a definition is exactly one YAML "
          "document)",
          ToLocation(counter.second_start)});
    }
    root = YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion& e) {
    return Unexpected(ParseError{"nesting is too deep (" + std::to_string(e.depth()) + " levels)",
                                 ToLocation(e.mark)});
  } catch (const YAML::Exception& e) {
    return Unexpected(ParseError{e.msg, ToLocation(e.mark)});
  }
  doc.locations.Add("", ToLocation(root.Mark()));
  Converter converter(doc, options);
  try {
    if (!converter.Convert(root, "", doc.value, 0)) return Unexpected(std::move(converter.error));
  } catch (const YAML::Exception& e) {
    return Unexpected(ParseError{e.msg, ToLocation(e.mark)});
  }
  return doc;
}

}  // namespace tern::asl
