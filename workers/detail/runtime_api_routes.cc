#include "workers/detail/runtime_api_routes.h"

#include "common/json.h"

namespace tern::workers::detail {
namespace {
constexpr std::string_view kInvocationPrefix = "/2018-06-01/runtime/invocation/";
constexpr std::string_view kInitError = "/2018-06-01/runtime/init/error";
}  // namespace

Route MatchRoute(std::string_view method, std::string_view target) {
  if (auto q = target.find('?'); q != std::string_view::npos) target = target.substr(0, q);
  auto expect = [&](std::string_view wanted, Route route) {
    if (method != wanted) route.kind = RouteKind::kMethodNotAllowed;
    return route;
  };
  if (target == kInitError) return expect("POST", {RouteKind::kInitError, {}});
  if (!target.starts_with(kInvocationPrefix)) return {};
  std::string_view rest = target.substr(kInvocationPrefix.size());
  if (rest == "next") return expect("GET", {RouteKind::kNext, {}});
  auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return {};
  std::string id(rest.substr(0, slash));
  std::string_view action = rest.substr(slash + 1);
  if (action == "response") return expect("POST", {RouteKind::kResponse, id});
  if (action == "error") return expect("POST", {RouteKind::kError, id});
  return {};
}

ApiResponse Accepted() { return {202, {}, R"({"status":"OK"})"}; }

ApiResponse ApiError(int status, std::string_view type, std::string_view message) {
  Json body = Json::object();
  body["errorMessage"] = message;
  body["errorType"] = type;
  return {status, {}, body.dump()};
}

}  // namespace tern::workers::detail
