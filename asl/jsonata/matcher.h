// Iterates the matches of a regex (or of a custom matcher function following the reference's
// protocol: called with the string, returns {match, start, end, groups, next}) over a string.
// Positions are code point offsets, as the reference reports them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "asl/jsonata/evaluator.h"

namespace tern::asl::jsonata {

struct MatchResult {
  std::string match;
  size_t start = 0;  // code points
  size_t end = 0;    // code points
  std::vector<Value> groups;
  Value object;  // the match object as the reference passes it to a replacer function
};

class Matcher {
 public:
  // `matcher` must be a function value; throws T1010 on a malformed custom matcher result.
  Matcher(Evaluator* ev, const Value& matcher, const std::string& subject);
  std::optional<MatchResult> Next();

 private:
  std::optional<MatchResult> FromObject(const Value& obj);
  // Native regex: finds every match at once (one helper thread for long subjects, not one per
  // match), remembering where the reference would raise D1004 for a repeated empty match.
  void CollectRegexMatches();
  Evaluator* ev_;
  Value matcher_;
  const std::string& subject_;
  bool native_ = false;
  bool started_ = false;
  bool collected_ = false;
  std::vector<MatchResult> matches_;
  size_t next_match_ = 0;
  bool empty_match_error_ = false;  // D1004 after the collected matches
  Value next_fn_;
};

}  // namespace tern::asl::jsonata
