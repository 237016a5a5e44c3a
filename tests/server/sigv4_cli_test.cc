// `tern serve --auth sigv4` against the real aws CLI's signatures: the right key passes (Step
// Functions and a Lambda path with an ARN, whose colons are encoded twice), a wrong secret, an
// unknown key and an unsigned request get AWS's errors.
#include <cstdlib>

#include <gtest/gtest.h>

#include "tests/server/serve_process.h"

namespace tern::testing {
namespace {

TEST(SigV4CliTest, RealCliSignaturesAreVerified) {
  const std::string aws = AwsCli();
  if (aws.empty()) GTEST_SKIP() << "no aws CLI installed (Debian package awscli)";
  ScratchDir dir;
  setenv("TERN_CREDENTIALS", "AKIDTERN:s3cret-key", 1);
  ServeProcess server;
  const bool started = server.Start(dir.path(), {"--durability", "memory", "--auth", "sigv4"});
  unsetenv("TERN_CREDENTIALS");
  ASSERT_TRUE(started) << server.log();
  auto run = [&](const std::string& key, const std::string& secret, const std::string& args) {
    return RunShell("AWS_ACCESS_KEY_ID=" + key + " AWS_SECRET_ACCESS_KEY=" + secret +
                        " AWS_DEFAULT_REGION=us-east-1 AWS_PAGER= AWS_CONFIG_FILE=/dev/null "
                        "AWS_SHARED_CREDENTIALS_FILE=/dev/null " +
                        aws + " --endpoint-url " + server.endpoint() + " --output json " + args,
                    dir.path());
  };
  Shell ok = run("AKIDTERN", "s3cret-key", "stepfunctions list-state-machines");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  Shell lambda = run("AKIDTERN", "s3cret-key",
                     "lambda get-function --function-name "
                     "arn:aws:lambda:us-east-1:123456789012:function:missing");
  EXPECT_NE(lambda.err.find("(ResourceNotFoundException)"), std::string::npos) << lambda.err;
  Shell wrong = run("AKIDTERN", "other", "stepfunctions list-state-machines");
  EXPECT_NE(wrong.err.find("(InvalidSignatureException)"), std::string::npos) << wrong.err;
  Shell unknown = run("AKIDOTHER", "s3cret-key", "stepfunctions list-state-machines");
  EXPECT_NE(unknown.err.find("(UnrecognizedClientException)"), std::string::npos) << unknown.err;
  Shell unsigned_call = run("x", "x", "lambda list-functions --no-sign-request");
  EXPECT_NE(unsigned_call.err.find("(MissingAuthenticationTokenException)"), std::string::npos)
      << unsigned_call.err;
  EXPECT_EQ(server.Stop(), 0) << server.log();
}

}  // namespace
}  // namespace tern::testing
