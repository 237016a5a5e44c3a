// Puts back the timestamps LocalStack's recorder replaced with the placeholder 'date' (see
// RESTORED_TIMESTAMPS.jsonl for where the values come from). A restoration is applied only when
// it is provably the one redacted: the recorded input must equal the restored input with every
// timestamp string turned into 'date', and the recorded definition must hold 'date' where the
// literal goes. The expected outcome is never touched.
#pragma once

#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <string>

#include "asl/parse/json_reader.h"
#include "common/json.h"
#include "tests/conformance/json_compare.h"

namespace tern::testing {

inline constexpr const char* kTimestampPlaceholder = "date";

struct TimestampRestoration {
  Json input;
  std::optional<Json> literal;  // replaces each 'date' string of the definition
};

// What the recorder redacted: a string that starts like an RFC 3339 date-time.
inline bool LooksLikeTimestamp(const Json& value) {
  static const std::regex kDateTime(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}.*)");
  return value.is_string() && std::regex_match(value.get<std::string>(), kDateTime);
}

// True when `recorded` is `restored` with its timestamps turned into the placeholder: the only
// differences allowed are a timestamp in `restored` where `recorded` holds 'date'.
inline bool RedactsTo(const Json& restored, const Json& recorded) {
  if (recorded.is_string() && recorded.get<std::string>() == kTimestampPlaceholder) {
    return LooksLikeTimestamp(restored);
  }
  if (restored.type() != recorded.type() && !(restored.is_number() && recorded.is_number())) {
    return false;
  }
  if (restored.is_object()) {
    if (restored.size() != recorded.size()) return false;
    for (auto it = restored.begin(); it != restored.end(); ++it) {
      auto other = recorded.find(it.key());
      if (other == recorded.end() || !RedactsTo(it.value(), *other)) return false;
    }
    return true;
  }
  if (restored.is_array()) {
    if (restored.size() != recorded.size()) return false;
    for (size_t i = 0; i < restored.size(); ++i) {
      if (!RedactsTo(restored[i], recorded[i])) return false;
    }
    return true;
  }
  return JsonEquivalent(restored, recorded);
}

// Replaces every 'date' string in `value` with `literal`; returns how many it replaced.
inline int ReplacePlaceholder(Json& value, const Json& literal) {
  if (value.is_string()) {
    if (value.get<std::string>() != kTimestampPlaceholder) return 0;
    value = literal;
    return 1;
  }
  int replaced = 0;
  if (value.is_structured()) {
    for (auto& child : value) replaced += ReplacePlaceholder(child, literal);
  }
  return replaced;
}

// Reads the restorations, keyed by case id; counts lines it cannot read in `unreadable`. Lines
// starting with '#' are comments.
inline std::map<std::string, TimestampRestoration> LoadTimestampRestorations(
    const std::string& path, int& unreadable) {
  std::map<std::string, TimestampRestoration> out;
  std::ifstream in(path);
  std::string line;
  asl::JsonReadOptions options;
  options.track_locations = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto parsed = asl::ReadJson(line, options);
    if (!parsed || !parsed->value.contains("id") || !parsed->value.contains("input")) {
      ++unreadable;
      continue;
    }
    const Json& entry = parsed->value;
    TimestampRestoration r;
    r.input = entry.at("input");
    if (entry.contains("literal")) r.literal = entry["literal"];
    out[entry.at("id").get<std::string>()] = std::move(r);
  }
  return out;
}

// The case with its timestamps restored, or nullopt when the recording does not match `r`.
inline std::optional<Json> RestoreCase(const Json& recorded, const TimestampRestoration& r) {
  if (!RedactsTo(r.input, recorded["input"])) return std::nullopt;
  Json restored = recorded;
  restored["input"] = r.input;
  if (r.literal) {
    if (!LooksLikeTimestamp(*r.literal)) return std::nullopt;
    if (ReplacePlaceholder(restored["definition"], *r.literal) == 0) return std::nullopt;
  } else if (restored["definition"].dump().find("\"date\"") != std::string::npos) {
    return std::nullopt;  // a placeholder left in the definition: the entry is incomplete
  }
  return restored;
}

}  // namespace tern::testing
