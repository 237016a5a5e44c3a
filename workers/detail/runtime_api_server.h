// The HTTP/1.1 endpoint of one execution environment (Boost.Beast, keep-alive, 127.0.0.1 on an
// ephemeral port). It only moves requests and responses; what they mean is decided by the
// handler (runtime_api_routes.h and the pool). Beast stays inside runtime_api_server.cc.
//
// Thread safety: create, use and destroy on the io_context's thread. The handler runs there;
// the reply may be called later (the long poll of /next), also on that thread, at most once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/status.h"

namespace boost::asio {
class io_context;
}

namespace tern::workers::detail {

struct ApiRequest {
  std::string method;                          // "GET", "POST", ...
  std::string target;                          // "/2018-06-01/runtime/invocation/next"
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  bool body_too_large = false;  // the body passed the limit and was not read
};

struct ApiResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";
};

using ApiReply = std::function<void(ApiResponse)>;
using ApiHandler = std::function<void(ApiRequest, ApiReply)>;

class RuntimeApiServer {
 public:
  // Listens on 127.0.0.1:0. Bodies above `body_limit` reach the handler as body_too_large.
  static Result<std::unique_ptr<RuntimeApiServer>> Listen(boost::asio::io_context& io,
                                                          ApiHandler handler,
                                                          std::size_t body_limit);
  // Closes the listening socket and every connection; replies still held become no-ops.
  ~RuntimeApiServer();
  uint16_t port() const { return port_; }

  struct State;

 private:
  RuntimeApiServer(std::shared_ptr<State> state, uint16_t port)
      : state_(std::move(state)), port_(port) {}
  std::shared_ptr<State> state_;
  uint16_t port_;
};

}  // namespace tern::workers::detail
