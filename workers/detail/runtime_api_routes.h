// The Runtime API's paths (version 2018-06-01; ../shared/spec/LAMBDA.md §3) and the bodies of
// its answers. Pure functions, tested without a network.
#pragma once

#include <string>
#include <string_view>

#include "workers/detail/runtime_api_server.h"

namespace tern::workers::detail {

enum class RouteKind {
  kNext,              // GET  /2018-06-01/runtime/invocation/next
  kResponse,          // POST /2018-06-01/runtime/invocation/{id}/response
  kError,             // POST /2018-06-01/runtime/invocation/{id}/error
  kInitError,         // POST /2018-06-01/runtime/init/error
  kNotFound,          // any other path
  kMethodNotAllowed,  // a known path with the wrong method
};

struct Route {
  RouteKind kind = RouteKind::kNotFound;
  std::string request_id;  // kResponse, kError
};

Route MatchRoute(std::string_view method, std::string_view target);

// 202 {"status":"OK"}
ApiResponse Accepted();
// {"errorMessage": message, "errorType": type} with `status`.
ApiResponse ApiError(int status, std::string_view type, std::string_view message);

}  // namespace tern::workers::detail
