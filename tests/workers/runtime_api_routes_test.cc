#include "workers/detail/runtime_api_routes.h"

#include <gtest/gtest.h>

namespace tern::workers::detail {
namespace {

TEST(RuntimeApiRoutes, MatchesTheFourEndpoints) {
  EXPECT_EQ(MatchRoute("GET", "/2018-06-01/runtime/invocation/next").kind, RouteKind::kNext);
  Route response = MatchRoute("POST", "/2018-06-01/runtime/invocation/abc-1/response");
  EXPECT_EQ(response.kind, RouteKind::kResponse);
  EXPECT_EQ(response.request_id, "abc-1");
  Route error = MatchRoute("POST", "/2018-06-01/runtime/invocation/abc-2/error");
  EXPECT_EQ(error.kind, RouteKind::kError);
  EXPECT_EQ(error.request_id, "abc-2");
  EXPECT_EQ(MatchRoute("POST", "/2018-06-01/runtime/init/error").kind, RouteKind::kInitError);
}

TEST(RuntimeApiRoutes, WrongMethodsAndPaths) {
  EXPECT_EQ(MatchRoute("POST", "/2018-06-01/runtime/invocation/next").kind,
            RouteKind::kMethodNotAllowed);
  EXPECT_EQ(MatchRoute("GET", "/2018-06-01/runtime/invocation/x/response").kind,
            RouteKind::kMethodNotAllowed);
  EXPECT_EQ(MatchRoute("GET", "/2018-06-01/runtime/init/error").kind, RouteKind::kMethodNotAllowed);
  EXPECT_EQ(MatchRoute("GET", "/2020-01-01/extension/event/next").kind, RouteKind::kNotFound);
  EXPECT_EQ(MatchRoute("POST", "/2018-06-01/runtime/invocation//response").kind,
            RouteKind::kNotFound);
  EXPECT_EQ(MatchRoute("POST", "/2018-06-01/runtime/invocation/x/other").kind,
            RouteKind::kNotFound);
  EXPECT_EQ(MatchRoute("GET", "/2018-06-01/runtime/invocation/next?x=1").kind, RouteKind::kNext);
}

TEST(RuntimeApiRoutes, AnswerBodies) {
  EXPECT_EQ(Accepted().status, 202);
  EXPECT_EQ(Accepted().body, R"({"status":"OK"})");
  ApiResponse error = ApiError(400, "InvalidRequestID", "Invalid request ID: x");
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(error.body,
            R"({"errorMessage":"Invalid request ID: x","errorType":"InvalidRequestID"})");
}

}  // namespace
}  // namespace tern::workers::detail
