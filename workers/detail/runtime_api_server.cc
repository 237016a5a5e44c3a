#include "workers/detail/runtime_api_server.h"

#include <optional>
#include <set>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace tern::workers::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {
constexpr std::size_t kHeaderLimit = 64 << 10;
class Session;
}  // namespace

struct RuntimeApiServer::State {
  State(net::io_context& io, ApiHandler h, std::size_t limit)
      : acceptor(io), handler(std::move(h)), body_limit(limit) {}
  tcp::acceptor acceptor;
  ApiHandler handler;
  std::size_t body_limit;
  std::set<std::shared_ptr<Session>> sessions;
  bool closed = false;
};

namespace {

// One connection. Owned by State::sessions while open; pending handlers and held replies keep
// it alive too (shared lifetime: the runtime may hold /next while the server closes).
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::weak_ptr<RuntimeApiServer::State> state)
      : stream_(std::move(socket)), state_(std::move(state)) {}

  void Read() {
    auto state = state_.lock();
    if (!state || state->closed) return Close();
    parser_.emplace();
    parser_->body_limit(state->body_limit);
    parser_->header_limit(kHeaderLimit);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
    if (auto state = state_.lock()) state->sessions.erase(shared_from_this());
  }

 private:
  void OnRead(beast::error_code ec) {
    bool too_large = ec == http::error::body_limit;
    if (ec && !too_large) return Close();  // peer closed, or the server closed us
    auto state = state_.lock();
    if (!state || state->closed) return Close();
    auto& message = parser_->get();
    ApiRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers[name] = std::string(field.value());
    }
    request.body_too_large = too_large;
    if (!too_large) request.body = std::move(message.body());
    bool keep_alive = !too_large && message.keep_alive();
    state->handler(std::move(request),
                   [self = shared_from_this(), keep_alive](ApiResponse response) {
                     self->Write(std::move(response), keep_alive);
                   });
  }

  void Write(ApiResponse response, bool keep_alive) {
    if (!stream_.socket().is_open()) return;
    auto message = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(response.status), 11);
    message->set(http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) message->set(name, value);
    message->body() = std::move(response.body);
    message->keep_alive(keep_alive);
    message->prepare_payload();
    http::async_write(
        stream_, *message,
        [self = shared_from_this(), message, keep_alive](beast::error_code ec, std::size_t) {
          if (ec || !keep_alive) return self->Close();
          self->Read();
        });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::weak_ptr<RuntimeApiServer::State> state_;
};

void Accept(const std::shared_ptr<RuntimeApiServer::State>& state) {
  state->acceptor.async_accept(
      [weak = std::weak_ptr(state)](beast::error_code ec, tcp::socket socket) {
        auto locked = weak.lock();
        if (!locked || locked->closed) return;
        if (!ec) {
          beast::error_code ignored;
          socket.set_option(tcp::no_delay(true), ignored);
          auto session = std::make_shared<Session>(std::move(socket), weak);
          locked->sessions.insert(session);
          session->Read();
        }
        Accept(locked);
      });
}

}  // namespace

Result<std::unique_ptr<RuntimeApiServer>> RuntimeApiServer::Listen(net::io_context& io,
                                                                   ApiHandler handler,
                                                                   std::size_t body_limit) {
  auto state = std::make_shared<State>(io, std::move(handler), body_limit);
  beast::error_code ec;
  tcp::endpoint endpoint(net::ip::make_address_v4("127.0.0.1"), 0);
  state->acceptor.open(endpoint.protocol(), ec);
  if (!ec) state->acceptor.bind(endpoint, ec);
  if (!ec) state->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Unexpected(Status::IoError("Runtime API endpoint: " + ec.message()));
  uint16_t port = state->acceptor.local_endpoint(ec).port();
  Accept(state);
  return std::unique_ptr<RuntimeApiServer>(new RuntimeApiServer(state, port));
}

RuntimeApiServer::~RuntimeApiServer() {
  // The handler itself stays until the last connection lets go of State: this destructor may
  // run inside a call of it.
  state_->closed = true;
  beast::error_code ignored;
  state_->acceptor.close(ignored);
  auto sessions = std::move(state_->sessions);
  for (const auto& session : sessions) session->Close();
}

}  // namespace tern::workers::detail
