#include "asl/jsonata/matcher.h"

#include "asl/jsonata/std_regex.h"

#include "asl/jsonata/errors.h"
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
  const RegexData& re = *matcher_.function()->regex;
  if (started_ && byte_offset_ >= subject_.size()) return std::nullopt;
  std::smatch m;
  auto begin = subject_.cbegin() + static_cast<std::ptrdiff_t>(byte_offset_);
  auto flags = byte_offset_ > 0 ? std::regex_constants::match_prev_avail
                                : std::regex_constants::match_default;
  if (!std::regex_search(begin, subject_.cend(), m, re.re, flags)) return std::nullopt;
  if (started_ && m.length(0) == 0) ThrowError("D1004", -1, "", re.pattern);
  started_ = true;
  size_t bstart = byte_offset_ + static_cast<size_t>(m.position(0));
  size_t bend = bstart + static_cast<size_t>(m.length(0));
  byte_offset_ = bend;
  MatchResult r;
  r.match = m.str(0);
  r.start = CodePointLength(std::string_view(subject_).substr(0, bstart));
  r.end = r.start + CodePointLength(r.match);
  for (size_t i = 1; i < m.size(); ++i) {
    r.groups.push_back(Value::String(m[i].matched ? m.str(i) : std::string()));
  }
  ObjectNode* o;
  r.object = NewObject(&o);
  o->Append("match", Value::String(r.match));
  o->Append("start", Value::Number(static_cast<double>(r.start)));
  o->Append("end", Value::Number(static_cast<double>(r.end)));
  o->Append("groups", MakeSequence(r.groups));
  return r;
}

}  // namespace tern::asl::jsonata
