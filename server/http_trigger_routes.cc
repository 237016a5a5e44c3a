#include "server/http_trigger_routes.h"

#include <cstdint>

#include "project/project.h"
#include "server/http_message.h"

namespace tern::server {
namespace {

enum class SegmentKind { kLiteral = 0, kParameter = 1, kGreedy = 2 };

struct Segment {
  SegmentKind kind;
  std::string text;  // the literal, or the parameter's name
};

std::vector<Segment> ParsePattern(std::string_view path) {
  std::vector<Segment> out;
  for (std::string_view rest = path; !rest.empty();) {
    if (rest.front() == '/') {
      rest.remove_prefix(1);
      continue;
    }
    const size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (segment.size() >= 2 && segment.front() == '{' && segment.back() == '}') {
      segment = segment.substr(1, segment.size() - 2);
      if (!segment.empty() && segment.back() == '+') {
        out.push_back({SegmentKind::kGreedy, std::string(segment.substr(0, segment.size() - 1))});
      } else {
        out.push_back({SegmentKind::kParameter, std::string(segment)});
      }
    } else {
      out.push_back({SegmentKind::kLiteral, std::string(segment)});
    }
  }
  return out;
}

// The request path's segments, as sent. "/a/b/" and "/a/b" are the same path; "/" has none.
std::vector<std::string_view> RequestSegments(std::string_view raw_path) {
  std::vector<std::string_view> out;
  while (!raw_path.empty()) {
    if (raw_path.front() == '/') {
      raw_path.remove_prefix(1);
      continue;
    }
    const size_t slash = raw_path.find('/');
    out.push_back(raw_path.substr(0, slash));
    raw_path = slash == std::string_view::npos ? std::string_view() : raw_path.substr(slash);
  }
  return out;
}

// Ranks of a successful match, compared lexicographically: lower is more specific.
using Specificity = std::vector<int>;

std::optional<Specificity> Match(const std::vector<Segment>& pattern,
                                 const std::vector<std::string_view>& request,
                                 std::map<std::string, std::string>& parameters) {
  Specificity rank;
  size_t i = 0;
  for (; i < pattern.size(); ++i) {
    const Segment& segment = pattern[i];
    rank.push_back(static_cast<int>(segment.kind));
    if (segment.kind == SegmentKind::kGreedy) {
      if (i >= request.size()) return std::nullopt;  // {proxy+} needs at least one segment
      std::string value;
      for (size_t j = i; j < request.size(); ++j) {
        if (j > i) value += '/';
        value += PercentDecode(request[j]);
      }
      parameters[segment.text] = std::move(value);
      return rank;
    }
    if (i >= request.size() || request[i].empty()) return std::nullopt;
    if (segment.kind == SegmentKind::kLiteral) {
      if (PercentDecode(request[i]) != segment.text) return std::nullopt;
    } else {
      parameters[segment.text] = PercentDecode(request[i]);
    }
  }
  if (i != request.size()) return std::nullopt;
  return rank;
}

// A short stable id from the stack name, shaped like API Gateway's (10 of [a-z0-9]).
std::string ApiIdFor(const std::string& stack_name) {
  uint64_t hash = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : stack_name) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string id;
  for (int i = 0; i < 10; ++i) {
    id.push_back(kAlphabet[hash % 36]);
    hash /= 36;
  }
  return id;
}

}  // namespace

std::string HttpRoute::RouteKey() const {
  if (path == "$default") return path;
  return method + " " + path;
}

std::optional<RouteMatch> MatchRoute(const std::vector<HttpRoute>& routes, std::string_view method,
                                     std::string_view raw_path) {
  const std::vector<std::string_view> request = RequestSegments(raw_path);
  std::optional<RouteMatch> best;
  Specificity best_rank;
  const HttpRoute* fallback = nullptr;
  for (const HttpRoute& route : routes) {
    if (route.path == "$default") {
      fallback = &route;
      continue;
    }
    if (route.method != "ANY" && route.method != method) continue;
    std::map<std::string, std::string> parameters;
    auto rank = Match(ParsePattern(route.path), request, parameters);
    if (!rank) continue;
    rank->push_back(route.method == "ANY" ? 1 : 0);
    if (!best || *rank < best_rank) {
      best = RouteMatch{&route, std::move(parameters)};
      best_rank = std::move(*rank);
    }
  }
  if (!best && fallback) best = RouteMatch{fallback, {}};
  return best;
}

std::vector<HttpRoute> RoutesFromProject(const project::Project& project) {
  std::vector<HttpRoute> out;
  const std::string api_id = ApiIdFor(project.stack_name);
  auto add = [&](const std::string& owner, HttpRoute::Target target, const std::string& name,
                 const std::vector<project::EventSpec>& events) {
    for (const project::EventSpec& event : events) {
      if (event.kind != project::EventSpec::Kind::kHttp || !event.enabled) continue;
      HttpRoute route;
      route.method = event.method;
      route.path = event.path;
      route.target = target;
      route.target_name = name;
      route.rest_api = event.rest_api;
      route.payload_format = event.payload_format;
      route.timeout_ms = event.timeout_ms > 0 ? event.timeout_ms
                         : event.rest_api     ? kRestApiDefaultTimeoutMs
                                              : kHttpApiDefaultTimeoutMs;
      route.api_id = api_id;
      route.event_name = owner + "/" + event.logical_id;
      out.push_back(std::move(route));
    }
  };
  for (const project::FunctionSpec& f : project.functions) {
    add(f.logical_id, HttpRoute::Target::kFunction, f.name, f.events);
  }
  for (const project::StateMachineSpec& m : project.state_machines) {
    add(m.logical_id, HttpRoute::Target::kStateMachine, m.arn, m.events);
  }
  return out;
}

std::optional<std::string> NormalizeHttpPrefix(std::string_view prefix) {
  std::string out(prefix);
  while (!out.empty() && out.back() == '/') out.pop_back();
  if (out.empty()) return out;
  if (out.front() != '/' || out.find_first_of("?#{} ") != std::string::npos ||
      out.find("//") != std::string::npos) {
    return std::nullopt;
  }
  return out;
}

}  // namespace tern::server
