// API Gateway's Lambda proxy events (docs/http.md "The event").
#include "server/detail/http_trigger_event.h"

#include <ctime>
#include <map>
#include <vector>

#include "server/detail/api.h"

namespace tern::server {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Query strings are form-encoded: '+' is a space, then percent-decoding.
std::string DecodeQueryComponent(std::string_view text) {
  std::string plus(text);
  for (char& c : plus) {
    if (c == '+') c = ' ';
  }
  return PercentDecode(plus);
}

// "a=1&a=2&b" -> {a: [1, 2], b: [""]}, in the order sent.
std::map<std::string, std::vector<std::string>> QueryValues(std::string_view query) {
  std::map<std::string, std::vector<std::string>> out;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    out[DecodeQueryComponent(pair.substr(0, eq))].push_back(
        eq == std::string_view::npos ? std::string() : DecodeQueryComponent(pair.substr(eq + 1)));
  }
  return out;
}

// The headers API Gateway adds to what the client sent.
std::vector<std::pair<std::string, std::string>> ForwardedHeaders(const HttpRequest& request,
                                                                  const HttpTriggerContext& context,
                                                                  const std::string& source_ip) {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [name, value] : request.headers) {
    if (name == "x-amzn-trace-id") continue;  // replaced by the trace id the function sees
    headers.emplace_back(name, value);
  }
  const std::string forwarded = request.Header("x-forwarded-for");
  if (forwarded.empty()) {
    headers.emplace_back("x-forwarded-for", source_ip);
  } else {
    for (auto& [name, value] : headers) {
      if (name == "x-forwarded-for") value += ", " + source_ip;
    }
  }
  if (!request.HasHeader("x-forwarded-proto")) headers.emplace_back("x-forwarded-proto", "http");
  if (!request.HasHeader("x-forwarded-port")) {
    const std::string host = request.Header("host");
    const size_t colon = host.rfind(':');
    const bool has_port = colon != std::string::npos && host.find(']', colon) == std::string::npos;
    headers.emplace_back("x-forwarded-port", has_port ? host.substr(colon + 1) : "80");
  }
  if (!context.trace_id.empty()) headers.emplace_back("x-amzn-trace-id", context.trace_id);
  return headers;
}

// "203.0.113.7:51234" or "::1:51234" -> the address.
std::string SourceIp(const HttpRequest& request) {
  const size_t colon = request.remote.rfind(':');
  if (colon == std::string::npos) return request.remote.empty() ? "127.0.0.1" : request.remote;
  return request.remote.substr(0, colon);
}

// The Host header without its port: what API Gateway calls the domain name.
std::string DomainName(const HttpRequest& request) {
  std::string host = request.Header("host");
  const size_t colon = host.rfind(':');
  if (colon != std::string::npos && host.find(']', colon) == std::string::npos) {
    host.resize(colon);
  }
  return host.empty() ? "localhost" : host;
}

std::string DomainPrefix(const std::string& domain) { return domain.substr(0, domain.find('.')); }

bool IsUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t extra;
    if (c < 0x80) {
      extra = 0;
    } else if ((c >> 5) == 0x6) {
      extra = 1;
    } else if ((c >> 4) == 0xE) {
      extra = 2;
    } else if ((c >> 3) == 0x1E) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // a sequence cut short
    for (size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    }
    i += extra + 1;
  }
  return true;
}

// The body as the function sees it, and whether it is base64.
std::pair<std::string, bool> EventBody(const HttpRequest& request, bool text_by_type) {
  if (text_by_type && IsUtf8(request.body)) return {request.body, false};
  return {Base64Encode(request.body), true};
}

Json PathParameters(const RouteMatch& match) {
  Json out = Json::object();
  for (const auto& [name, value] : match.path_parameters) out[name] = value;
  return out;
}

std::string Stage(const HttpRoute& route) { return route.rest_api ? "Prod" : "$default"; }

}  // namespace

bool IsTextContentType(std::string_view content_type) {
  std::string type = Lower(Trim(content_type.substr(0, content_type.find(';'))));
  if (type.starts_with("text/")) return true;
  static const char* kTextTypes[] = {"application/json",       "application/javascript",
                                     "application/xml",        "application/x-javascript",
                                     "application/ecmascript", "application/graphql"};
  for (const char* text : kTextTypes) {
    if (type == text) return true;
  }
  return type.ends_with("+json") || type.ends_with("+xml");
}

std::string ApiGatewayTime(int64_t epoch_ms) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const time_t seconds = static_cast<time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%02d/%s/%04d:%02d:%02d:%02d +0000", tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

Json HttpEventV2(const HttpRequest& request, const RouteMatch& match,
                 const HttpTriggerContext& context) {
  const HttpRoute& route = *match.route;
  const std::string source_ip = SourceIp(request);
  Json event = Json::object();
  event["version"] = "2.0";
  event["routeKey"] = route.RouteKey();
  event["rawPath"] = context.raw_path;
  event["rawQueryString"] = request.query;

  // Every Cookie header's cookies, one per entry; the header itself is not repeated.
  Json cookies = Json::array();
  Json headers = Json::object();
  for (const auto& [name, value] : ForwardedHeaders(request, context, source_ip)) {
    if (name == "cookie") {
      std::string_view rest = value;
      while (!rest.empty()) {
        const size_t semicolon = rest.find(';');
        std::string_view cookie = Trim(rest.substr(0, semicolon));
        if (!cookie.empty()) cookies.push_back(std::string(cookie));
        rest =
            semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
      }
      continue;
    }
    if (headers.contains(name)) {
      headers[name] = headers[name].get<std::string>() + "," + value;
    } else {
      headers[name] = value;
    }
  }
  if (!cookies.empty()) event["cookies"] = std::move(cookies);
  event["headers"] = std::move(headers);

  auto query = QueryValues(request.query);
  if (!query.empty()) {
    Json parameters = Json::object();
    for (const auto& [name, values] : query) {
      std::string joined;
      for (size_t i = 0; i < values.size(); ++i) joined += (i ? "," : "") + values[i];
      parameters[name] = joined;
    }
    event["queryStringParameters"] = std::move(parameters);
  }

  Json http = Json::object();
  http["method"] = request.method;
  http["path"] = context.raw_path;
  http["protocol"] = "HTTP/1.1";
  http["sourceIp"] = source_ip;
  http["userAgent"] = request.Header("user-agent");
  const std::string domain = DomainName(request);
  Json request_context = Json::object();
  request_context["accountId"] = context.account;
  request_context["apiId"] = route.api_id;
  request_context["domainName"] = domain;
  request_context["domainPrefix"] = DomainPrefix(domain);
  request_context["http"] = std::move(http);
  request_context["requestId"] = context.request_id;
  request_context["routeKey"] = route.RouteKey();
  request_context["stage"] = Stage(route);
  request_context["time"] = ApiGatewayTime(context.time_ms);
  request_context["timeEpoch"] = context.time_ms;
  event["requestContext"] = std::move(request_context);

  if (!match.path_parameters.empty()) event["pathParameters"] = PathParameters(match);
  if (!request.body.empty()) {
    auto [body, base64] = EventBody(request, IsTextContentType(request.Header("content-type")));
    event["body"] = std::move(body);
    event["isBase64Encoded"] = base64;
  } else {
    event["isBase64Encoded"] = false;
  }
  return event;
}

Json HttpEventV1(const HttpRequest& request, const RouteMatch& match,
                 const HttpTriggerContext& context) {
  const HttpRoute& route = *match.route;
  const std::string source_ip = SourceIp(request);
  Json event = Json::object();
  if (!route.rest_api) event["version"] = "1.0";
  event["resource"] = route.path;
  event["path"] = context.raw_path;
  event["httpMethod"] = request.method;

  Json headers = Json::object();
  Json multi_headers = Json::object();
  for (const auto& [name, value] : ForwardedHeaders(request, context, source_ip)) {
    headers[name] = value;  // the last one wins, as in REST APIs
    multi_headers[name].push_back(value);
  }
  event["headers"] = std::move(headers);
  event["multiValueHeaders"] = std::move(multi_headers);

  auto query = QueryValues(request.query);
  if (query.empty()) {
    event["queryStringParameters"] = nullptr;
    event["multiValueQueryStringParameters"] = nullptr;
  } else {
    Json single = Json::object();
    Json multi = Json::object();
    for (const auto& [name, values] : query) {
      single[name] = values.back();
      multi[name] = values;
    }
    event["queryStringParameters"] = std::move(single);
    event["multiValueQueryStringParameters"] = std::move(multi);
  }

  Json identity = Json::object();
  for (const char* key : {"accessKey", "accountId", "caller", "cognitoAuthenticationProvider",
                          "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId",
                          "principalOrgId", "user", "userArn"}) {
    identity[key] = nullptr;
  }
  identity["sourceIp"] = source_ip;
  identity["userAgent"] = request.Header("user-agent");
  const std::string domain = DomainName(request);
  const std::string stage = Stage(route);
  Json request_context = Json::object();
  request_context["accountId"] = context.account;
  request_context["apiId"] = route.api_id;
  request_context["domainName"] = domain;
  request_context["domainPrefix"] = DomainPrefix(domain);
  request_context["extendedRequestId"] = context.request_id;
  request_context["httpMethod"] = request.method;
  request_context["identity"] = std::move(identity);
  // REST APIs put the stage in front of the path; an HTTP API's $default stage adds nothing.
  request_context["path"] = route.rest_api ? "/" + stage + context.raw_path : context.raw_path;
  request_context["protocol"] = "HTTP/1.1";
  request_context["requestId"] = context.request_id;
  request_context["requestTime"] = ApiGatewayTime(context.time_ms);
  request_context["requestTimeEpoch"] = context.time_ms;
  request_context["resourceId"] = route.RouteKey();
  request_context["resourcePath"] = route.path;
  request_context["stage"] = stage;
  event["requestContext"] = std::move(request_context);

  event["pathParameters"] = match.path_parameters.empty() ? Json(nullptr) : PathParameters(match);
  event["stageVariables"] = nullptr;
  if (request.body.empty()) {
    event["body"] = nullptr;
    event["isBase64Encoded"] = false;
  } else {
    // REST APIs without binary media types pass text through; tern base64-encodes what is not
    // UTF-8 rather than mangle it (docs/http.md).
    auto [body, base64] = EventBody(request, true);
    event["body"] = std::move(body);
    event["isBase64Encoded"] = base64;
  }
  return event;
}

}  // namespace tern::server
