#include "server/detail/sigv4.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace tern::server {
namespace {

std::string Hex(const unsigned char* data, size_t size) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 15]);
  }
  return out;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  return Hex(digest, size);
}

std::string Hmac(const std::string& key, const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &size);
  return std::string(reinterpret_cast<const char*>(digest), size);
}

// RFC 3986 unreserved characters stay; '/' stays in paths; everything else is %XX (so an
// already-encoded path is encoded again, as AWS does for every service but S3).
std::string UriEncode(const std::string& text, bool keep_slash) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 15]);
    }
  }
  return out;
}

std::string Trim(const std::string& value) {
  std::string out;
  bool space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string CanonicalQuery(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t amp = query.find('&', start);
    std::string pair =
        query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      pairs.emplace_back(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
    }
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (!out.empty()) out.push_back('&');
    out += key + "=" + value;
  }
  return out;
}

ApiError AuthError(std::string type, std::string message) {
  return ApiError{403, std::move(type), std::move(message)};
}

// "20150830T123600Z" -> epoch seconds; nullopt when malformed.
std::optional<int64_t> ParseAmzDate(const std::string& text) {
  std::tm tm{};
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  if (std::sscanf(text.c_str(), "%4d%2d%2dT%2d%2d%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace

std::optional<SigV4Authorization> ParseAuthorization(const std::string& header) {
  const std::string scheme = "AWS4-HMAC-SHA256 ";
  if (header.rfind(scheme, 0) != 0) return std::nullopt;
  SigV4Authorization auth;
  std::string rest = header.substr(scheme.size());
  size_t start = 0;
  while (start < rest.size()) {
    size_t comma = rest.find(',', start);
    std::string part =
        Trim(rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    size_t eq = part.find('=');
    if (eq != std::string::npos) {
      std::string key = part.substr(0, eq);
      std::string value = part.substr(eq + 1);
      if (key == "Credential") {
        std::vector<std::string> scope;
        size_t s = 0;
        while (true) {
          size_t slash = value.find('/', s);
          scope.push_back(
              value.substr(s, slash == std::string::npos ? std::string::npos : slash - s));
          if (slash == std::string::npos) break;
          s = slash + 1;
        }
        if (scope.size() != 5 || scope[4] != "aws4_request") return std::nullopt;
        auth.access_key = scope[0];
        auth.date = scope[1];
        auth.region = scope[2];
        auth.service = scope[3];
      } else if (key == "SignedHeaders") {
        size_t s = 0;
        while (s <= value.size()) {
          size_t semi = value.find(';', s);
          auth.signed_headers.push_back(
              value.substr(s, semi == std::string::npos ? std::string::npos : semi - s));
          if (semi == std::string::npos) break;
          s = semi + 1;
        }
      } else if (key == "Signature") {
        auth.signature = value;
      }
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (auth.access_key.empty() || auth.signed_headers.empty() || auth.signature.empty()) {
    return std::nullopt;
  }
  return auth;
}

std::string CanonicalRequest(const HttpRequest& request,
                             const std::vector<std::string>& signed_headers) {
  std::string out = request.method + "\n";
  out += UriEncode(request.path.empty() ? "/" : request.path, /*keep_slash=*/true) + "\n";
  out += CanonicalQuery(request.query) + "\n";
  std::string names;
  for (const std::string& name : signed_headers) {
    std::string value;
    for (const auto& [key, v] : request.headers) {
      if (key != name) continue;
      if (!value.empty()) value.push_back(',');
      value += Trim(v);
    }
    out += name + ":" + value + "\n";
    if (!names.empty()) names.push_back(';');
    names += name;
  }
  out += "\n" + names + "\n";
  out += Sha256Hex(request.body);
  return out;
}

std::string ComputeSignature(const HttpRequest& request, const SigV4Authorization& auth,
                             const std::string& secret, const std::string& amz_date) {
  const std::string scope = auth.date + "/" + auth.region + "/" + auth.service + "/aws4_request";
  const std::string string_to_sign = "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" +
                                     Sha256Hex(CanonicalRequest(request, auth.signed_headers));
  std::string key = Hmac("AWS4" + secret, auth.date);
  key = Hmac(key, auth.region);
  key = Hmac(key, auth.service);
  key = Hmac(key, "aws4_request");
  const std::string signature = Hmac(key, string_to_sign);
  return Hex(reinterpret_cast<const unsigned char*>(signature.data()), signature.size());
}

std::optional<ApiError> VerifySigV4(const HttpRequest& request,
                                    const std::map<std::string, std::string>& credentials,
                                    int64_t now_epoch_seconds) {
  const std::string header = request.Header("authorization");
  if (header.empty()) {
    return AuthError("MissingAuthenticationTokenException", "Missing Authentication Token");
  }
  auto auth = ParseAuthorization(header);
  if (!auth) {
    return AuthError("IncompleteSignatureException",
                     "Authorization header requires 'Credential', 'Signature' and "
                     "'SignedHeaders' parameters with AWS4-HMAC-SHA256.");
  }
  auto secret = credentials.find(auth->access_key);
  if (secret == credentials.end()) {
    return AuthError("UnrecognizedClientException",
                     "The security token included in the request is invalid.");
  }
  const std::string amz_date = request.Header("x-amz-date");
  auto when = ParseAmzDate(amz_date);
  if (!when || amz_date.substr(0, 8) != auth->date) {
    return AuthError("IncompleteSignatureException",
                     "Authorization header requires existence of either a 'X-Amz-Date' or a "
                     "'Date' header.");
  }
  if (*when > now_epoch_seconds + 900 || *when < now_epoch_seconds - 900) {
    return AuthError("InvalidSignatureException", "Signature expired: " + amz_date +
                                                      " is now earlier or later than 15 min "
                                                      "from the server's time.");
  }
  if (ComputeSignature(request, *auth, secret->second, amz_date) != auth->signature) {
    return AuthError("InvalidSignatureException",
                     "The request signature we calculated does not match the signature you "
                     "provided. Check your AWS Secret Access Key and signing method. Consult "
                     "the service documentation for details.");
  }
  return std::nullopt;
}

}  // namespace tern::server
