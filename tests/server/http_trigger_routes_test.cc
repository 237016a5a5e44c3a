// Route matching as API Gateway HTTP APIs do it: method or ANY, {param}, greedy {proxy+},
// $default, the most specific route first.
#include "server/http_trigger_routes.h"

#include <gtest/gtest.h>

namespace tern::server {
namespace {

HttpRoute Route(std::string method, std::string path, std::string target = "") {
  HttpRoute route;
  route.method = std::move(method);
  route.path = std::move(path);
  route.target_name = target.empty() ? route.RouteKey() : std::move(target);
  return route;
}

// The route key of the match, or "none".
std::string Matched(const std::vector<HttpRoute>& routes, std::string_view method,
                    std::string_view path) {
  auto match = MatchRoute(routes, method, path);
  return match ? match->route->RouteKey() : "none";
}

TEST(HttpTriggerRoutes, ExactPathAndMethod) {
  std::vector<HttpRoute> routes = {Route("GET", "/orders"), Route("POST", "/orders")};
  EXPECT_EQ(Matched(routes, "GET", "/orders"), "GET /orders");
  EXPECT_EQ(Matched(routes, "POST", "/orders"), "POST /orders");
  EXPECT_EQ(Matched(routes, "DELETE", "/orders"), "none");
  EXPECT_EQ(Matched(routes, "GET", "/orders/1"), "none");
  EXPECT_EQ(Matched(routes, "GET", "/order"), "none");
  EXPECT_EQ(Matched(routes, "GET", "/"), "none");
  // One trailing slash is the same path.
  EXPECT_EQ(Matched(routes, "GET", "/orders/"), "GET /orders");
}

TEST(HttpTriggerRoutes, MethodsAreCaseSensitiveAsHttpSaysAndAnyTakesAll) {
  std::vector<HttpRoute> routes = {Route("ANY", "/things")};
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}) {
    EXPECT_EQ(Matched(routes, method, "/things"), "ANY /things") << method;
  }
  std::vector<HttpRoute> get = {Route("GET", "/things")};
  EXPECT_EQ(Matched(get, "get", "/things"), "none");
}

TEST(HttpTriggerRoutes, PathParametersAreDecoded) {
  std::vector<HttpRoute> routes = {Route("GET", "/orders/{id}/items/{item}")};
  auto match = MatchRoute(routes, "GET", "/orders/42/items/a%20b");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->path_parameters.at("id"), "42");
  EXPECT_EQ(match->path_parameters.at("item"), "a b");
  EXPECT_EQ(match->path_parameters.size(), 2u);
  // A parameter takes exactly one non-empty segment.
  EXPECT_FALSE(MatchRoute(routes, "GET", "/orders/42/items"));
  EXPECT_FALSE(MatchRoute(routes, "GET", "/orders/42/items/1/extra"));
  EXPECT_FALSE(MatchRoute(routes, "GET", "/orders//items/1"));
}

TEST(HttpTriggerRoutes, GreedyTakesOneOrMoreSegments) {
  std::vector<HttpRoute> routes = {Route("ANY", "/files/{proxy+}")};
  auto match = MatchRoute(routes, "GET", "/files/a/b/c.txt");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->path_parameters.at("proxy"), "a/b/c.txt");
  match = MatchRoute(routes, "PUT", "/files/one");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->path_parameters.at("proxy"), "one");
  // Not the bare prefix: {proxy+} needs a segment (API Gateway's rule).
  EXPECT_FALSE(MatchRoute(routes, "GET", "/files"));
  EXPECT_FALSE(MatchRoute(routes, "GET", "/files/"));
  EXPECT_FALSE(MatchRoute(routes, "GET", "/filesystem/x"));
}

TEST(HttpTriggerRoutes, RootRouteAndRootGreedy) {
  std::vector<HttpRoute> routes = {Route("GET", "/"), Route("ANY", "/{proxy+}")};
  EXPECT_EQ(Matched(routes, "GET", "/"), "GET /");
  EXPECT_EQ(Matched(routes, "GET", "/anything/else"), "ANY /{proxy+}");
  EXPECT_EQ(Matched(routes, "POST", "/"), "none");
}

TEST(HttpTriggerRoutes, MostSpecificWins) {
  // Declared least specific first, so the order of declaration cannot be what decides.
  std::vector<HttpRoute> routes = {
      Route("ANY", "/{proxy+}"),  Route("ANY", "/pets/{proxy+}"), Route("ANY", "/pets/{id}"),
      Route("GET", "/pets/{id}"), Route("GET", "/pets/dog"),      Route("GET", "/{kind}/cat"),
      Route("ANY", "$default"),
  };
  EXPECT_EQ(Matched(routes, "GET", "/pets/dog"), "GET /pets/dog");           // literal beats {id}
  EXPECT_EQ(Matched(routes, "GET", "/pets/7"), "GET /pets/{id}");            // method beats ANY
  EXPECT_EQ(Matched(routes, "POST", "/pets/7"), "ANY /pets/{id}");           // {id} beats {proxy+}
  EXPECT_EQ(Matched(routes, "POST", "/pets/7/toys"), "ANY /pets/{proxy+}");  // longer prefix
  EXPECT_EQ(Matched(routes, "GET", "/pets/cat"), "GET /pets/{id}");          // left segment decides
  EXPECT_EQ(Matched(routes, "GET", "/birds/cat"), "GET /{kind}/cat");
  EXPECT_EQ(Matched(routes, "DELETE", "/x/y/z"), "ANY /{proxy+}");
}

TEST(HttpTriggerRoutes, DefaultCatchesWhatNothingElseMatches) {
  std::vector<HttpRoute> routes = {Route("ANY", "$default"), Route("GET", "/health")};
  EXPECT_EQ(Matched(routes, "GET", "/health"), "GET /health");
  auto match = MatchRoute(routes, "POST", "/health");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->route->RouteKey(), "$default");
  EXPECT_TRUE(match->path_parameters.empty());
  EXPECT_EQ(Matched(routes, "GET", "/"), "$default");
}

TEST(HttpTriggerRoutes, LiteralSegmentsCompareDecoded) {
  std::vector<HttpRoute> routes = {Route("GET", "/a b")};
  EXPECT_EQ(Matched(routes, "GET", "/a%20b"), "GET /a b");
}

TEST(HttpTriggerRoutes, NormalizePrefix) {
  EXPECT_EQ(NormalizeHttpPrefix("/http"), "/http");
  EXPECT_EQ(NormalizeHttpPrefix("/http/"), "/http");
  EXPECT_EQ(NormalizeHttpPrefix("/api/v1"), "/api/v1");
  EXPECT_EQ(NormalizeHttpPrefix("/"), "");
  EXPECT_EQ(NormalizeHttpPrefix(""), "");
  EXPECT_FALSE(NormalizeHttpPrefix("http"));
  EXPECT_FALSE(NormalizeHttpPrefix("/a?b"));
  EXPECT_FALSE(NormalizeHttpPrefix("//x"));
  EXPECT_FALSE(NormalizeHttpPrefix("/{stage}"));
}

}  // namespace
}  // namespace tern::server
