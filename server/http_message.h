// The server's request and response as plain values: what the router and every API handler see.
// The HTTP layer (http_server.cc, Beast) converts to and from these, so handlers are tested
// without a network and no Beast type leaks into other modules.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tern::server {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: "/2015-03-31/functions/f/invocations?Qualifier=1"
  std::string path;    // target before '?', still percent-encoded
  std::string query;   // target after '?' ("" when none)
  // Header names in lower case, in the order received.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote;  // peer address, for logs

  // The first header named `name` (lower case), or "".
  std::string Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // For metrics and logs: "sfn:StartExecution", "lambda:Invoke", "metrics", ...
  std::string action;

  void SetHeader(std::string name, std::string value);
};

// Splits the query string into decoded key/value pairs (later keys win).
std::map<std::string, std::string> ParseQuery(std::string_view query);
// Percent-decodes `text` ('+' is kept: paths, not forms).
std::string PercentDecode(std::string_view text);
// "/a/b/c" -> {"a", "b", "c"} (each segment percent-decoded).
std::vector<std::string> SplitPath(std::string_view path);

}  // namespace tern::server
