#include "asl/jsonata/matcher.h"

#include "asl/jsonata/errors.h"
#include "asl/jsonata/regex_runner.h"
#include "asl/jsonata/std_regex.h"
#include "asl/jsonata/utf8.h"

namespace tern::asl::jsonata {

Matcher::Matcher(Evaluator* ev, const Value& matcher, const std::string& subject)
    : ev_(ev), matcher_(matcher), subject_(subject) {
  native_ = matcher.IsFunction() && matcher.function()->type == FunctionNode::Type::kRegex;
}

std::optional<MatchResult> Matcher::FromObject(const Value& obj) {
  if (obj.IsUndefined()) return std::nullopt;
  if (!obj.IsObject()) ThrowError("T1010");
  Value start = obj.Get("start");
  Value end = obj.Get("end");
  Value groups = obj.Get("groups");
  Value next = obj.Get("next");
  if (!start.IsNumber() && !end.IsNumber() && !groups.IsArray() && !next.IsFunction()) {
    ThrowError("T1010");
  }
  MatchResult r;
  Value m = obj.Get("match");
  if (m.IsString()) r.match = m.str();
  r.start = start.IsNumber() ? static_cast<size_t>(start.number()) : 0;
  r.end = end.IsNumber() ? static_cast<size_t>(end.number()) : r.start;
  if (groups.IsArray()) {
    for (size_t i = 0, n = groups.size(); i < n; ++i) r.groups.push_back(groups.at(i));
  }
  r.object = obj;
  next_fn_ = next;
  return r;
}

std::optional<MatchResult> Matcher::Next() {
  if (!native_) {
    Value obj;
    if (!started_) {
      started_ = true;
      obj = ev_->Apply(matcher_, {Value::String(subject_)}, Value(), ev_->root_frame());
    } else {
      if (!next_fn_.IsFunction()) return std::nullopt;
      obj = ev_->Apply(next_fn_, {}, Value(), ev_->root_frame());
    }
    return FromObject(obj);
  }
  if (!collected_) CollectRegexMatches();
  if (next_match_ < matches_.size()) return std::move(matches_[next_match_++]);
  if (empty_match_error_) ThrowError("D1004", -1, "", matcher_.function()->regex->pattern);
  return std::nullopt;
}

void Matcher::CollectRegexMatches() {
  collected_ = true;
  const RegexData& re = *matcher_.function()->regex;
  struct Raw {
    size_t start;
    size_t length;
    std::vector<std::pair<bool, std::string>> groups;
  };
  std::vector<Raw> raw;
  RunRegexWork(subject_.size(), [&] {
    size_t offset = 0;
    bool started = false;
    for (;;) {
      if (started && offset >= subject_.size()) return;
      std::smatch m;
      auto begin = subject_.cbegin() + static_cast<std::ptrdiff_t>(offset);
      auto flags =
          offset > 0 ? std::regex_constants::match_prev_avail : std::regex_constants::match_default;
      if (!std::regex_search(begin, subject_.cend(), m, re.re, flags)) return;
      if (started && m.length(0) == 0) {
        empty_match_error_ = true;
        return;
      }
      started = true;
      Raw r;
      r.start = offset + static_cast<size_t>(m.position(0));
      r.length = static_cast<size_t>(m.length(0));
      for (size_t i = 1; i < m.size(); ++i) r.groups.emplace_back(m[i].matched, m.str(i));
      offset = r.start + r.length;
      raw.push_back(std::move(r));
    }
  });
  // Code point offsets, computed incrementally over the subject.
  size_t cp = 0;
  size_t byte = 0;
  for (const Raw& r : raw) {
    cp += CodePointLength(std::string_view(subject_).substr(byte, r.start - byte));
    byte = r.start;
    MatchResult result;
    result.match = subject_.substr(r.start, r.length);
    result.start = cp;
    result.end = cp + CodePointLength(result.match);
    for (const auto& [matched, text] : r.groups) {
      result.groups.push_back(Value::String(matched ? text : std::string()));
    }
    ObjectNode* o;
    result.object = NewObject(&o);
    o->Append("match", Value::String(result.match));
    o->Append("start", Value::Number(static_cast<double>(result.start)));
    o->Append("end", Value::Number(static_cast<double>(result.end)));
    o->Append("groups", MakeSequence(result.groups));
    matches_.push_back(std::move(result));
  }
}

}  // namespace tern::asl::jsonata
