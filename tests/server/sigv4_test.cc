// SigV4: AWS's published test vector (aws-sig-v4-test-suite "get-vanilla"), a Lambda path whose
// name needs double encoding (signature computed with botocore's SigV4Auth), and the errors of
// unsigned, unknown-key, stale and wrongly signed requests.
#include "server/detail/sigv4.h"

#include <gtest/gtest.h>

#include "tests/server/api_fixture.h"

namespace tern::testing {
namespace {

constexpr const char* kAccessKey = "AKIDEXAMPLE";
constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr int64_t kVectorTime = 1440938160;  // 20150830T123600Z

server::HttpRequest GetVanilla() {
  server::HttpRequest r;
  r.method = "GET";
  r.path = "/";
  r.headers = {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}};
  return r;
}

TEST(SigV4Test, AwsTestSuiteGetVanilla) {
  server::HttpRequest r = GetVanilla();
  EXPECT_EQ(server::CanonicalRequest(r, {"host", "x-amz-date"}),
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  r.headers.emplace_back(
      "authorization",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
      "SignedHeaders=host;x-amz-date, "
      "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  auto auth = server::ParseAuthorization(r.Header("authorization"));
  ASSERT_TRUE(auth);
  EXPECT_EQ(auth->region, "us-east-1");
  EXPECT_EQ(auth->service, "service");
  EXPECT_EQ(server::ComputeSignature(r, *auth, kSecret, "20150830T123600Z"),
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  EXPECT_FALSE(server::VerifySigV4(r, {{kAccessKey, kSecret}}, kVectorTime));
}

TEST(SigV4Test, LambdaPathIsEncodedTwiceAndQuerySorted) {
  server::HttpRequest r;
  r.method = "POST";
  r.path = "/2015-03-31/functions/my%3Afn/invocations";
  r.query = "Qualifier=%24LATEST";
  r.body = R"({"a":1})";
  r.headers = {{"x-amz-date", "20150830T123600Z"},
               {"host", "127.0.0.1:8083"},
               {"authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/lambda/aws4_request, "
                "SignedHeaders=host;x-amz-date, "
                "Signature=8268f2e73d30f2e6ee29172df8cf73db6523946767380117e683e427492aeff9"}};
  EXPECT_FALSE(server::VerifySigV4(r, {{kAccessKey, kSecret}}, kVectorTime));
}

TEST(SigV4Test, RefusesUnsignedUnknownStaleAndTampered) {
  server::HttpRequest unsigned_request = GetVanilla();
  auto missing = server::VerifySigV4(unsigned_request, {{kAccessKey, kSecret}}, kVectorTime);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->type, "MissingAuthenticationTokenException");
  EXPECT_EQ(missing->status, 403);

  server::HttpRequest r = GetVanilla();
  r.headers.emplace_back(
      "authorization",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
      "SignedHeaders=host;x-amz-date, "
      "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  EXPECT_EQ(server::VerifySigV4(r, {{"OTHER", kSecret}}, kVectorTime)->type,
            "UnrecognizedClientException");
  EXPECT_EQ(server::VerifySigV4(r, {{kAccessKey, kSecret}}, kVectorTime + 3600)->type,
            "InvalidSignatureException");
  EXPECT_EQ(server::VerifySigV4(r, {{kAccessKey, "wrong"}}, kVectorTime)->type,
            "InvalidSignatureException");
  r.body = "tampered";
  EXPECT_EQ(server::VerifySigV4(r, {{kAccessKey, kSecret}}, kVectorTime)->type,
            "InvalidSignatureException");
  r.headers.back().second = "Bearer x";
  EXPECT_EQ(server::VerifySigV4(r, {{kAccessKey, kSecret}}, kVectorTime)->type,
            "IncompleteSignatureException");
}

using SigV4RouteTest = ApiFixture;

TEST_F(SigV4RouteTest, RouterAnswersAuthErrorsInEachProtocol) {
  ctx_.options.auth = server::AuthMode::kSigV4;
  ctx_.options.credentials = {{kAccessKey, kSecret}};
  auto [status, out] = Call("ListStateMachines", Json::object());
  EXPECT_EQ(status, 403);
  EXPECT_EQ(out["__type"], "MissingAuthenticationTokenException");
  server::HttpRequest lambda;
  lambda.method = "GET";
  lambda.path = "/2015-03-31/functions/";
  server::HttpResponse r = server::Route(ctx_, lambda);
  EXPECT_EQ(r.status, 403);
  bool typed = false;
  for (const auto& [name, value] : r.headers) {
    typed = typed || (name == "x-amzn-ErrorType" && value == "MissingAuthenticationTokenException");
  }
  EXPECT_TRUE(typed);
  server::HttpRequest health;
  health.method = "GET";
  health.path = "/health";
  EXPECT_EQ(server::Route(ctx_, health).status, 200);  // probes need no keys
}

TEST(HttpMessageTest, QueryPathAndFunctionNames) {
  auto q = server::ParseQuery("Qualifier=%24LATEST&MaxItems=5&flag");
  EXPECT_EQ(q["Qualifier"], "$LATEST");
  EXPECT_EQ(q["MaxItems"], "5");
  EXPECT_EQ(q.count("flag"), 1u);
  EXPECT_EQ(server::SplitPath("/2015-03-31/functions/my%3Afn/invocations"),
            (std::vector<std::string>{"2015-03-31", "functions", "my:fn", "invocations"}));
  std::string qualifier;
  EXPECT_EQ(server::FunctionNameOf("echo", qualifier), "echo");
  EXPECT_EQ(qualifier, "");
  EXPECT_EQ(server::FunctionNameOf("echo:prod", qualifier), "echo");
  EXPECT_EQ(qualifier, "prod");
  qualifier.clear();
  EXPECT_EQ(
      server::FunctionNameOf("arn:aws:lambda:us-east-1:123456789012:function:echo", qualifier),
      "echo");
  EXPECT_EQ(qualifier, "");
  EXPECT_EQ(server::FunctionNameOf("123456789012:function:echo:$LATEST", qualifier), "echo");
  EXPECT_EQ(qualifier, "$LATEST");
  EXPECT_EQ(server::Base64Decode(server::Base64Encode("hello, world!")), "hello, world!");
  EXPECT_FALSE(server::Base64Decode("not*base64"));
}

}  // namespace
}  // namespace tern::testing
