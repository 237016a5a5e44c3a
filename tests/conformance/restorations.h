// Puts back what LocalStack's recorder left out of a conformance case: the values it replaced
// with a placeholder, and the definition fields the upstream test set before running it (see
// RESTORED_INPUTS.jsonl for where each value comes from). A restoration is applied only when it
// is provably consistent with the recording: the recorded input must equal the restored input
// with the placeholder put back where the restored values are, the recorded definition must hold
// the placeholder where a literal goes, and every definition field set must exist in the
// recording. The expected outcome is never touched.
#pragma once

#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "asl/parse/json_reader.h"
#include "common/json.h"
#include "tests/conformance/json_compare.h"

namespace tern::testing {

// The placeholders the recorder writes. 'date' and '<timestamp>' replace a value that matched an
// RFC 3339 date-time; 'timestamp' replaces any value under a key named like a timestamp, so it
// may hide strings that are not date-times at all (the Wait cases on invalid timestamps).
inline constexpr const char* kDatePlaceholder = "date";
inline constexpr const char* kKeyPlaceholder = "timestamp";

struct Restoration {
  std::optional<Json> input;  // the input AWS ran; unset: the recorded input as is
  std::string placeholder = kDatePlaceholder;
  std::optional<Json> literal;  // replaces each placeholder string of the definition
  // Definition fields the upstream test set (JSON pointer -> value), e.g. a Map's Items.
  std::vector<std::pair<Json::json_pointer, Json>> definition_set;
};

// What a value-based placeholder stood for: a string that starts like an RFC 3339 date-time.
inline bool LooksLikeTimestamp(const Json& value) {
  static const std::regex kDateTime(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}.*)");
  return value.is_string() && std::regex_match(value.get<std::string>(), kDateTime);
}

// True when `restored` may be what the recorder turned into `placeholder`.
inline bool MayHide(const std::string& placeholder, const Json& restored) {
  if (placeholder == kKeyPlaceholder) return restored.is_string();
  return LooksLikeTimestamp(restored);
}

// True when `recorded` is `restored` with some of its strings turned into `placeholder`: the
// only differences allowed are a value `MayHide` accepts where `recorded` holds the placeholder.
inline bool RedactsTo(const Json& restored, const Json& recorded, const std::string& placeholder) {
  if (recorded.is_string() && recorded.get<std::string>() == placeholder) {
    return MayHide(placeholder, restored);
  }
  if (restored.type() != recorded.type() && !(restored.is_number() && recorded.is_number())) {
    return false;
  }
  if (restored.is_object()) {
    if (restored.size() != recorded.size()) return false;
    for (auto it = restored.begin(); it != restored.end(); ++it) {
      auto other = recorded.find(it.key());
      if (other == recorded.end() || !RedactsTo(it.value(), *other, placeholder)) return false;
    }
    return true;
  }
  if (restored.is_array()) {
    if (restored.size() != recorded.size()) return false;
    for (size_t i = 0; i < restored.size(); ++i) {
      if (!RedactsTo(restored[i], recorded[i], placeholder)) return false;
    }
    return true;
  }
  return JsonEquivalent(restored, recorded);
}

// Replaces every `placeholder` string in `value` with `literal`; returns how many it replaced.
inline int ReplacePlaceholder(Json& value, const std::string& placeholder, const Json& literal) {
  if (value.is_string()) {
    if (value.get<std::string>() != placeholder) return 0;
    value = literal;
    return 1;
  }
  int replaced = 0;
  if (value.is_structured()) {
    for (auto& child : value) replaced += ReplacePlaceholder(child, placeholder, literal);
  }
  return replaced;
}

// True when `value` holds the string `placeholder` anywhere.
inline bool HoldsPlaceholder(const Json& value, const std::string& placeholder) {
  if (value.is_string()) return value.get<std::string>() == placeholder;
  if (value.is_structured()) {
    for (const auto& child : value) {
      if (HoldsPlaceholder(child, placeholder)) return true;
    }
  }
  return false;
}

// Reads one line of RESTORED_INPUTS.jsonl; nullopt when it is not a restoration.
inline std::optional<Restoration> ParseRestoration(const Json& entry) {
  if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_string()) return std::nullopt;
  Restoration r;
  if (entry.contains("input")) r.input = entry["input"];
  if (entry.contains("placeholder")) {
    if (!entry["placeholder"].is_string()) return std::nullopt;
    r.placeholder = entry["placeholder"].get<std::string>();
  }
  if (entry.contains("literal")) r.literal = entry["literal"];
  if (entry.contains("definition_set")) {
    const Json& set = entry["definition_set"];
    if (!set.is_object() || set.empty()) return std::nullopt;
    for (auto it = set.begin(); it != set.end(); ++it) {
      try {
        r.definition_set.emplace_back(Json::json_pointer(it.key()), it.value());
      } catch (const Json::exception&) {
        return std::nullopt;  // not a JSON pointer
      }
    }
  }
  if (!r.input && !r.literal && r.definition_set.empty()) return std::nullopt;  // restores nothing
  return r;
}

// Reads the restorations, keyed by case id; counts lines it cannot read in `unreadable`. Lines
// starting with '#' are comments.
inline std::map<std::string, Restoration> LoadRestorations(const std::string& path,
                                                           int& unreadable) {
  std::map<std::string, Restoration> out;
  std::ifstream in(path);
  std::string line;
  asl::JsonReadOptions options;
  options.track_locations = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto parsed = asl::ReadJson(line, options);
    std::optional<Restoration> r;
    if (parsed) r = ParseRestoration(parsed->value);
    if (!r) {
      ++unreadable;
      continue;
    }
    out[parsed->value["id"].get<std::string>()] = std::move(*r);
  }
  return out;
}

// The case with its inputs restored, or nullopt when the recording does not match `r`.
inline std::optional<Json> RestoreCase(const Json& recorded, const Restoration& r) {
  Json restored = recorded;
  if (r.input) {
    if (!RedactsTo(*r.input, recorded["input"], r.placeholder)) return std::nullopt;
    restored["input"] = *r.input;
  }
  Json& definition = restored["definition"];
  if (r.literal) {
    if (!MayHide(r.placeholder, *r.literal)) return std::nullopt;
    if (ReplacePlaceholder(definition, r.placeholder, *r.literal) == 0) return std::nullopt;
  }
  for (const auto& [pointer, value] : r.definition_set) {
    if (!definition.contains(pointer)) return std::nullopt;  // sets only fields the recording has
    definition[pointer] = value;
  }
  // A placeholder left in the input or definition: the entry is incomplete.
  if (HoldsPlaceholder(restored["input"], r.placeholder) ||
      HoldsPlaceholder(definition, r.placeholder)) {
    return std::nullopt;
  }
  return restored;
}

}  // namespace tern::testing
