// HTTP triggers: the routes a project's HttpApi and Api events declare, and how a request picks
// one, as API Gateway does (docs/http.md "Routes"):
//   - a route matches on its method (or ANY) and its path: literal segments, {name} parameters
//     (one non-empty segment) and a last {name+} (greedy: one or more segments);
//   - the most specific matching route wins: comparing paths segment by segment from the left,
//     a literal beats a {parameter}, which beats a greedy {name+}; then a method beats ANY;
//   - `$default` catches what nothing else matches.
// Plain values and pure functions: no network, no I/O; `tern serve` builds the table once.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tern::project {
struct Project;
}

namespace tern::server {

// How long API Gateway waits for an integration by default (TimeoutInMillis).
inline constexpr int kHttpApiDefaultTimeoutMs = 30000;
inline constexpr int kRestApiDefaultTimeoutMs = 29000;

struct HttpRoute {
  enum class Target { kFunction, kStateMachine };

  std::string method = "ANY";  // GET, POST, ... or ANY
  std::string path;            // "/orders/{id}", "/files/{proxy+}", or "$default"
  Target target = Target::kFunction;
  std::string target_name;  // the function's name, or the state machine's ARN
  // An Api (REST) event: stage "Prod", REST's error bodies (502) and timeout (504).
  bool rest_api = false;
  std::string payload_format = "2.0";  // "2.0" or "1.0": the event the function receives
  int timeout_ms = kHttpApiDefaultTimeoutMs;
  std::string api_id;      // requestContext.apiId
  std::string event_name;  // "OrdersFunction/GetOrder": where the route was declared, for logs

  // API Gateway's route key: "GET /orders/{id}" or "$default".
  std::string RouteKey() const;
};

struct RouteMatch {
  const HttpRoute* route = nullptr;
  // {id} -> "42"; {proxy+} -> "a/b/c". Percent-decoded.
  std::map<std::string, std::string> path_parameters;
};

// The best route for `method` and `raw_path` (as sent: percent-encoded, starting with '/';
// one trailing '/' is ignored), or nullopt (API Gateway's 404). `routes` must outlive the match.
std::optional<RouteMatch> MatchRoute(const std::vector<HttpRoute>& routes, std::string_view method,
                                     std::string_view raw_path);

// Every enabled HttpApi and Api event of the project's functions and state machines.
std::vector<HttpRoute> RoutesFromProject(const project::Project& project);

// "--http-prefix" as given -> the form the router compares against: "" (routes at the root) or
// "/name[/more]" without a trailing '/'. nullopt when it is not a path.
std::optional<std::string> NormalizeHttpPrefix(std::string_view prefix);

}  // namespace tern::server
