// The HTTP layer: Beast over Asio with C++20 coroutines (STYLE.md, Beast's awaitable server).
// One coroutine per connection on its own strand reads a request (header first, so a body over
// the limit is refused before it is read), hands it to Route() on the worker pool, and writes
// the answer; keep-alive loops. Every read has a deadline: headers, bodies and idle keep-alive
// connections each have their own (slowloris), and the number of connections is capped.
#include <atomic>
#include <chrono>
#include <iostream>
#include <limits>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "engine/uuid.h"
#include "server/detail/api.h"
#include "server/metrics.h"
#include "server/server.h"

namespace tern::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

class ServerImpl {
 public:
  ServerImpl(ServerOptions options, ServerDeps deps)
      : metrics_(deps.metrics ? deps.metrics : std::make_shared<Metrics>()),
        workers_(static_cast<size_t>(std::max(1, options.worker_threads))),
        ioc_(std::max(1, options.io_threads)),
        acceptor_(ioc_) {
    ctx_.options = std::move(options);
    ctx_.deps = deps;
    ctx_.metrics = metrics_;
    if (!deps.metrics) metrics_->SetSources(MetricsSources{deps.store, deps.pool, {}, {}});
    // What CreateFunction said about the functions RestoreLambdaSettings brought back.
    ctx_.functions.Restore(deps.settings, deps.pool);
    if (deps.settings) {
      // Tags and activities created through the API before a restart.
      for (Status s : {ctx_.tags.Persist(deps.settings), ctx_.activities.Persist(deps.settings)}) {
        if (!s.ok())
          std::cerr << "tern serve: restoring tags and activities: " << s.message() << "\n";
      }
    }
    ctx_.post_background = [this](std::function<void()> work) {
      net::post(workers_, std::move(work));
    };
  }

  ~ServerImpl() { Stop(); }

  Result<uint16_t, Status> Start();
  void Stop();
  int in_flight() const { return in_flight_.load(); }

 private:
  net::awaitable<void> Listen();
  net::awaitable<void> Session(tcp::socket socket);
  HttpResponse Handle(const HttpRequest& request);
  size_t BodyLimit(const std::string& method, const std::string& target) const;

  // Destruction order matters: the io_context (and with it every suspended session frame) goes
  // before the worker pool, the metrics and the context the handlers use.
  ApiContext ctx_;
  std::shared_ptr<Metrics> metrics_;
  net::thread_pool workers_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
  std::atomic<size_t> connections_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  bool stopped_ = false;
};

size_t ServerImpl::BodyLimit(const std::string& method, const std::string& target) const {
  if (target.rfind("/2015-03-31/functions", 0) == 0) {
    if (method == "POST" && target.find("/invocations") != std::string::npos) {
      return kMaxInvokePayloadBytes;
    }
    if (method == "POST") return kMaxCreateFunctionBytes;
    // UpdateFunctionCode: a zip like CreateFunction's (the query string is not in the way:
    // the path ends in /code).
    const std::string_view path = std::string_view(target).substr(0, target.find('?'));
    if (method == "PUT" && path.ends_with("/code")) return kMaxCreateFunctionBytes;
  }
  return kMaxSfnRequestBytes;
}

HttpResponse ServerImpl::Handle(const HttpRequest& request) {
  try {
    return Route(ctx_, request);
  } catch (const std::exception& e) {
    // A bug: every expected failure is an ApiError. Answer 500 and keep serving.
    std::cerr << "tern serve: internal error on " << request.method << " " << request.path << ": "
              << e.what() << "\n";
    HttpResponse r = SfnErrorResponse(ApiError{500, "InternalServerError", e.what()});
    r.action = "internal_error";
    return r;
  }
}

namespace {

bool Expected(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
         ec == beast::error::timeout || ec == net::error::connection_reset ||
         ec == net::error::eof || ec == net::error::broken_pipe;
}

http::response<http::string_body> ToBeast(HttpResponse& response, unsigned version,
                                          bool keep_alive) {
  http::response<http::string_body> res{static_cast<http::status>(response.status), version};
  bool has_type = false;
  for (auto& [name, value] : response.headers) {
    if (beast::iequals(name, "content-type")) has_type = true;
    res.insert(name, value);  // repeated names (Set-Cookie, multi-value headers) stay repeated
  }
  if (!has_type && !response.body.empty()) res.set(http::field::content_type, "application/json");
  res.set(http::field::server, "tern");
  res.set("x-amzn-RequestId", engine::NewUuid());
  res.body() = std::move(response.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

std::string ApiOf(const HttpRequest& request) {
  if (request.HasHeader("x-amz-target")) return "states";
  if (request.path.rfind("/20", 0) == 0) return "lambda";
  return "other";
}

}  // namespace

net::awaitable<void> ServerImpl::Session(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  std::string remote;
  {
    beast::error_code ec;
    auto endpoint = stream.socket().remote_endpoint(ec);
    if (!ec) remote = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  }
  bool first = true;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kMaxHeaderBytes);
    // The limit depends on the path: checked against Content-Length once the header is read.
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    stream.expires_after(std::chrono::milliseconds(first ? ctx_.options.header_timeout_ms
                                                         : ctx_.options.idle_timeout_ms));
    first = false;
    auto [ec, bytes] =
        co_await http::async_read_header(stream, buffer, parser, net::as_tuple(net::use_awaitable));
    (void)bytes;
    auto reply_and_close = [&](int status, const char* type,
                               const std::string& message) -> net::awaitable<void> {
      HttpResponse r = SfnErrorResponse(ApiError{status, type, message});
      auto res = ToBeast(r, 11, false);
      stream.expires_after(std::chrono::milliseconds(ctx_.options.body_timeout_ms));
      co_await http::async_write(stream, res, net::as_tuple(net::use_awaitable));
      metrics_->Request("other", type, status, 0);
    };
    if (ec) {
      if (ec == http::error::header_limit) {
        co_await reply_and_close(431, "RequestHeaderFieldsTooLarge",
                                 "The request's headers are larger than 16 KiB");
      } else if (!Expected(ec) && ec != http::error::partial_message) {
        co_await reply_and_close(400, "BadRequest", "Malformed HTTP request: " + ec.message());
      }
      break;
    }
    // Headers read: deadline for the body, within this connection's strand.
    stream.expires_after(std::chrono::milliseconds(ctx_.options.header_timeout_ms));
    const auto& header = parser.get();
    const std::string method(header.method_string());
    const std::string target(header.target());
    // The project's HTTP routes take API Gateway's 10 MB and answer its 413 body.
    const bool route_request =
        IsHttpTriggerPath(ctx_.options, std::string_view(target).substr(0, target.find('?')),
                          header.find("x-amz-target") != header.end());
    const size_t limit = route_request ? kMaxHttpTriggerBodyBytes : BodyLimit(method, target);
    auto route_too_large = [&]() -> net::awaitable<void> {
      HttpResponse r =
          JsonResponse(413, Json{{"message", "Request Entity Too Large"}}, "application/json");
      auto res = ToBeast(r, 11, false);
      stream.expires_after(std::chrono::milliseconds(ctx_.options.body_timeout_ms));
      co_await http::async_write(stream, res, net::as_tuple(net::use_awaitable));
      metrics_->Request("other", "http:too_large", 413, 0);
    };
    if (auto length = parser.content_length(); length && *length > limit) {
      // Refused before reading it: the connection closes, the body is never buffered.
      if (route_request) {
        co_await route_too_large();
        break;
      }
      co_await reply_and_close(
          413, target.rfind("/20", 0) == 0 ? "RequestTooLargeException" : "RequestEntityTooLarge",
          "The request body is " + std::to_string(*length) + " bytes; the limit is " +
              std::to_string(limit));
      break;
    }
    parser.body_limit(limit);
    if (beast::iequals(header[http::field::expect], "100-continue")) {
      http::response<http::empty_body> cont{http::status::continue_, header.version()};
      co_await http::async_write(stream, cont, net::as_tuple(net::use_awaitable));
    }
    if (!parser.is_done()) {
      stream.expires_after(std::chrono::milliseconds(ctx_.options.body_timeout_ms));
      auto [body_ec, body_bytes] =
          co_await http::async_read(stream, buffer, parser, net::as_tuple(net::use_awaitable));
      (void)body_bytes;
      if (body_ec == http::error::body_limit && route_request) {
        co_await route_too_large();
        break;
      }
      if (body_ec == http::error::body_limit) {
        co_await reply_and_close(
            413, "RequestEntityTooLarge",
            "The request body is larger than " + std::to_string(limit) + " bytes");
        break;
      }
      if (body_ec) break;
    }
    stream.expires_never();

    auto message = parser.release();
    HttpRequest request;
    request.method = method;
    request.target = target;
    const size_t question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) request.query = target.substr(question + 1);
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = std::move(message.body());
    request.remote = remote;
    const bool keep_alive = message.keep_alive();
    const unsigned version = message.version();

    in_flight_.fetch_add(1);
    const auto started = std::chrono::steady_clock::now();
    HttpResponse response = co_await net::co_spawn(
        workers_, [this, &request]() -> net::awaitable<HttpResponse> { co_return Handle(request); },
        net::use_awaitable);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_->Request(ApiOf(request), response.action, response.status, seconds);
    auto res = ToBeast(response, version, keep_alive && !stopping_.load());
    stream.expires_after(std::chrono::milliseconds(ctx_.options.body_timeout_ms));
    auto [write_ec, written] =
        co_await http::async_write(stream, res, net::as_tuple(net::use_awaitable));
    (void)written;
    in_flight_.fetch_sub(1);
    if (write_ec || !res.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

net::awaitable<void> ServerImpl::Listen() {
  for (;;) {
    auto [ec, socket] =
        co_await acceptor_.async_accept(net::make_strand(ioc_), net::as_tuple(net::use_awaitable));
    if (ec) {
      if (stopping_.load() || ec == net::error::operation_aborted) co_return;
      // Out of descriptors and the like: back off a little instead of spinning.
      net::steady_timer timer(ioc_, std::chrono::milliseconds(50));
      co_await timer.async_wait(net::as_tuple(net::use_awaitable));
      continue;
    }
    if (connections_.load() >= ctx_.options.max_connections) {
      metrics_->ConnectionRejected();
      beast::error_code ignored;
      socket.close(ignored);
      continue;
    }
    connections_.fetch_add(1);
    metrics_->ConnectionOpened();
    auto executor = socket.get_executor();
    net::co_spawn(executor, Session(std::move(socket)), [this](std::exception_ptr error) {
      connections_.fetch_sub(1);
      metrics_->ConnectionClosed();
      if (error) {
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          std::cerr << "tern serve: connection failed (a bug): " << e.what() << "\n";
        }
      }
    });
  }
}

Result<uint16_t, Status> ServerImpl::Start() {
  try {
    tcp::endpoint endpoint(net::ip::make_address(ctx_.options.host), ctx_.options.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  } catch (const std::exception& e) {
    return Unexpected(Status::IoError("cannot listen on " + ctx_.options.host + ":" +
                                      std::to_string(ctx_.options.port) + ": " + e.what()));
  }
  const uint16_t port = acceptor_.local_endpoint().port();
  net::co_spawn(ioc_, Listen(), [](std::exception_ptr error) {
    if (error) std::cerr << "tern serve: the listener failed (a bug)\n";
  });
  started_ = true;
  for (int i = 0; i < std::max(1, ctx_.options.io_threads); ++i) {
    threads_.emplace_back([this] { ioc_.run(); });
  }
  return port;
}

void ServerImpl::Stop() {
  if (!started_ || stopped_) return;
  stopped_ = true;
  stopping_.store(true);
  ctx_.stopping.store(true);
  net::post(ioc_, [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
  // Let requests being handled finish and be written (bounded by the grace period).
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(ctx_.options.shutdown_grace_ms);
  while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ioc_.stop();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  workers_.join();
}

Server::Server(ServerOptions options, ServerDeps deps)
    : impl_(std::make_unique<ServerImpl>(std::move(options), deps)) {}
Server::~Server() = default;
Result<uint16_t, Status> Server::Start() { return impl_->Start(); }
void Server::Stop() { impl_->Stop(); }
int Server::requests_in_flight() const { return impl_->in_flight(); }

}  // namespace tern::server
