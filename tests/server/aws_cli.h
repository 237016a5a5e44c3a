// Running the real aws CLI against a `tern serve` in tests: isolated from the user's AWS
// configuration, with dummy credentials, JSON output, and the answer parsed or its error type
// checked.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "common/json.h"
#include "tests/server/serve_process.h"

namespace tern::testing {

// Runs `<aws> --endpoint-url <endpoint> --output json <args>` in `cwd`.
inline Shell RunAwsCli(const std::string& aws, const std::string& endpoint,
                       const std::string& args, const std::string& cwd) {
  const std::string command =
      "AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1 "
      "AWS_PAGER= AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null "
      // TestState has the `sync-` host prefix (docs/serve.md); botocore 1.35+ reads this.
      "AWS_DISABLE_HOST_PREFIX_INJECTION=true " +
      aws + " --endpoint-url " + endpoint + " --output json " + args;
  return RunShell(command, cwd);
}

// The JSON a successful call printed (null when it printed nothing); a failed call or output
// that is not JSON fails the test.
inline Json AwsCliJson(const Shell& r, const std::string& args) {
  EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
  if (r.exit_code != 0 || r.out.empty()) return Json();
  Json parsed = Json::parse(r.out, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << r.out;
  return parsed;
}

// The call failed, and the aws CLI's error line names AWS's error `type`.
inline void ExpectAwsCliError(const Shell& r, const std::string& args, const std::string& type) {
  EXPECT_NE(r.exit_code, 0) << args;
  EXPECT_NE(r.err.find("(" + type + ")"), std::string::npos) << args << "\n" << r.err;
}

}  // namespace tern::testing
