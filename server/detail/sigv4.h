// AWS Signature Version 4 verification of the Authorization header (../shared/spec/API.md part C;
// AWS's "Create a signed AWS API request"). Only header signatures (no presigned query strings).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/detail/api.h"

namespace tern::server {

// Parsed "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request,
// SignedHeaders=host;x-amz-date, Signature=hex".
struct SigV4Authorization {
  std::string access_key;
  std::string date;  // yyyymmdd
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;
  std::string signature;
};

std::optional<SigV4Authorization> ParseAuthorization(const std::string& header);

// The canonical request for `signed_headers` (lower case, sorted as sent).
std::string CanonicalRequest(const HttpRequest& request,
                             const std::vector<std::string>& signed_headers);
// The hex signature of `request` as a client holding `secret` computes it.
std::string ComputeSignature(const HttpRequest& request, const SigV4Authorization& auth,
                             const std::string& secret, const std::string& amz_date);

// nullopt when the request is signed by one of `credentials` (access key -> secret) within
// 15 minutes of `now_epoch_seconds`; otherwise AWS's error (403).
std::optional<ApiError> VerifySigV4(const HttpRequest& request,
                                    const std::map<std::string, std::string>& credentials,
                                    int64_t now_epoch_seconds);

}  // namespace tern::server
