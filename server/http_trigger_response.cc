// Lambda proxy responses to HTTP (docs/http.md "The response").
#include "server/detail/http_trigger_response.h"

#include <cctype>
#include <string_view>

#include "common/json.h"
#include "server/detail/api.h"

namespace tern::server {
namespace {

// A header value as API Gateway takes it: strings as they are, numbers and booleans as text.
std::optional<std::string> HeaderValue(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number() || value.is_boolean()) return value.dump();
  return std::nullopt;
}

// Headers that belong to the connection, not to the function: API Gateway renames them.
std::string ResponseHeaderName(const std::string& name) {
  static const char* kRemapped[] = {"connection",        "content-length", "keep-alive", "server",
                                    "transfer-encoding", "upgrade",        "date"};
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* remapped : kRemapped) {
    if (lower == remapped) return "x-amzn-Remapped-" + name;
  }
  return name;
}

bool HasHeader(const HttpResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return true;
    }
  }
  return false;
}

// A header a function may send: the name an RFC 9110 token, the value without CR, LF or NUL
// (they would split the response: a function echoing request data must not be able to add
// headers or a second response) and of a size Beast and clients accept.
constexpr size_t kMaxResponseHeaderBytes = 8 * 1024;
bool IsSafeHeader(const std::string& name, const std::string& value) {
  if (name.empty() || name.size() > 256 || value.size() > kMaxResponseHeaderBytes) return false;
  for (char c : name) {
    const bool token = std::isalnum(static_cast<unsigned char>(c)) ||
                       std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!token) return false;
  }
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos;
}

// A statusCode object -> the response; nullopt when it is malformed (the integration failed).
std::optional<HttpResponse> FromProxyObject(const Json& result, bool cookies_allowed) {
  const Json& code = result["statusCode"];
  int status = 0;
  if (code.is_number_integer()) {
    status = code.get<int>();
  } else if (code.is_string()) {  // API Gateway takes "200" too
    try {
      size_t used = 0;
      status = std::stoi(code.get<std::string>(), &used);
      if (used != code.get<std::string>().size()) return std::nullopt;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (status < 100 || status > 599) return std::nullopt;
  HttpResponse response;
  response.status = status;
  if (auto it = result.find("headers"); it != result.end() && !it->is_null()) {
    if (!it->is_object()) return std::nullopt;
    for (const auto& [name, value] : it->items()) {
      auto text = HeaderValue(value);
      if (!text) return std::nullopt;
      response.headers.emplace_back(ResponseHeaderName(name), *text);
    }
  }
  if (auto it = result.find("multiValueHeaders"); it != result.end() && !it->is_null()) {
    if (!it->is_object()) return std::nullopt;
    for (const auto& [name, values] : it->items()) {
      if (!values.is_array()) return std::nullopt;
      for (const Json& value : values) {
        auto text = HeaderValue(value);
        if (!text) return std::nullopt;
        response.headers.emplace_back(ResponseHeaderName(name), *text);
      }
    }
  }
  if (auto it = result.find("cookies"); cookies_allowed && it != result.end() && !it->is_null()) {
    if (!it->is_array()) return std::nullopt;
    for (const Json& cookie : *it) {
      if (!cookie.is_string()) return std::nullopt;
      response.headers.emplace_back("Set-Cookie", cookie.get<std::string>());
    }
  }
  bool base64 = false;
  if (auto it = result.find("isBase64Encoded"); it != result.end() && !it->is_null()) {
    if (!it->is_boolean()) return std::nullopt;
    base64 = it->get<bool>();
  }
  if (auto it = result.find("body"); it != result.end() && !it->is_null()) {
    // A body should be a string; API Gateway sends anything else as its JSON text.
    std::string body = it->is_string() ? it->get<std::string>() : it->dump();
    if (base64) {
      auto decoded = Base64Decode(body);
      if (!decoded) return std::nullopt;
      body = std::move(*decoded);
    }
    response.body = std::move(body);
  }
  for (const auto& [name, value] : response.headers) {
    if (!IsSafeHeader(name, value)) return std::nullopt;
  }
  return response;
}

HttpResponse Message(int status, const char* message) {
  HttpResponse response = JsonResponse(status, Json{{"message", message}}, "application/json");
  return response;
}

}  // namespace

HttpResponse MapFunctionResponse(const HttpRoute& route, const std::string& payload) {
  Json result = Json::parse(payload, nullptr, false);
  if (result.is_discarded()) {
    return GatewayErrorResponse(GatewayError::kIntegrationFailure, route.rest_api);
  }
  const bool proxy_object = result.is_object() && result.contains("statusCode");
  if (route.payload_format == "2.0" && !proxy_object) {
    // API Gateway's inference: whatever JSON came back is the body of a 200.
    HttpResponse response;
    response.status = 200;
    response.body = payload;
    response.SetHeader("Content-Type", "application/json");
    return response;
  }
  if (!proxy_object) {
    return GatewayErrorResponse(GatewayError::kIntegrationFailure, route.rest_api);
  }
  auto response = FromProxyObject(result, route.payload_format == "2.0");
  if (!response) return GatewayErrorResponse(GatewayError::kIntegrationFailure, route.rest_api);
  if (!response->body.empty() && !HasHeader(*response, "content-type")) {
    // API Gateway labels an untyped body as JSON.
    response->headers.emplace_back("Content-Type", "application/json");
  }
  return std::move(*response);
}

HttpResponse GatewayErrorResponse(GatewayError error, bool rest_api) {
  switch (error) {
    case GatewayError::kNotFound:
      return Message(404, "Not Found");
    case GatewayError::kIntegrationFailure:
      return rest_api ? Message(502, "Internal server error")
                      : Message(500, "Internal Server Error");
    case GatewayError::kThrottled:
      return Message(429, "Too Many Requests");
    case GatewayError::kTimeout:
      return rest_api ? Message(504, "Endpoint request timed out")
                      : Message(503, "Service Unavailable");
    case GatewayError::kTooLarge:
      return Message(413, "Request Entity Too Large");
  }
  return Message(500, "Internal Server Error");
}

}  // namespace tern::server
