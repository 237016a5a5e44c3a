// AWS's own runtime interface client (npm aws-lambda-ric) serving a function through tern's
// Runtime API: a `provided` function whose bootstrap starts node with aws-lambda-ric.
// Skipped when the package is not installed (tests/workers/setup-ric.sh installs it).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/json.h"
#include "tests/workers/workers_test_util.h"
#include "workers/pool.h"

namespace tern::workers {
namespace {

using namespace testing;  // NOLINT

std::string RicDir() {
  std::string base = std::getenv("TERN_RIC_DIR") ? std::getenv("TERN_RIC_DIR") : TERN_RIC_DIR;
  std::string dir = base + "/node_modules/aws-lambda-ric";
  return std::filesystem::exists(dir + "/dist/index.mjs") ? dir : "";
}

TEST(AwsLambdaRic, ServesAFunctionThroughTernsRuntimeApi) {
  std::string ric = RicDir();
  if (ric.empty()) {
    GTEST_SKIP() << "aws-lambda-ric is not installed: run tests/workers/setup-ric.sh (looked in "
                 << TERN_RIC_DIR << " and $TERN_RIC_DIR)";
  }
  ScratchDir code;
  {
    std::ofstream bootstrap(code.path() + "/bootstrap");
    bootstrap << "#!/usr/bin/env node\n"
              << "// A provided runtime: AWS's aws-lambda-ric serving $_HANDLER.\n"
              << "import('" << ric << "/dist/index.mjs')\n"
              << "  .then(({ run }) => run(process.cwd(), process.env._HANDLER));\n";
  }
  chmod((code.path() + "/bootstrap").c_str(), 0755);
  std::ofstream(code.path() + "/app.js")
      << "exports.handler = async (event, context) => ({ echo: event, id: context.awsRequestId,"
      << " fn: context.functionName });\n"
      << "exports.fails = async () => { throw new RangeError('out of range'); };\n";

  ScratchDir logs;
  Pool pool(TestOptions(logs));
  ASSERT_TRUE(pool.PutFunction(Function("ric", "provided.al2023", code.path(), "app.handler"))
                  .ok());
  ASSERT_TRUE(
      pool.PutFunction(Function("ricfail", "provided.al2023", code.path(), "app.fails")).ok());
  InvokeResult result = pool.InvokeAndWait(Request("ric", R"({"via": "ric"})"));
  ASSERT_EQ(result.status, InvokeStatus::kOk)
      << result.error_type << " " << result.payload << "\n"
      << ReadFile(pool.LogPath("ric"));
  Json payload = Json::parse(result.payload);
  EXPECT_EQ(payload["echo"]["via"], "ric");
  EXPECT_EQ(payload["id"], result.request_id);
  EXPECT_EQ(payload["fn"], "ric");
  InvokeResult warm = pool.InvokeAndWait(Request("ric", "[1]"));
  EXPECT_EQ(warm.status, InvokeStatus::kOk);
  EXPECT_FALSE(warm.cold);

  InvokeResult failed = pool.InvokeAndWait(Request("ricfail"));
  EXPECT_EQ(failed.status, InvokeStatus::kFunctionError);
  EXPECT_EQ(failed.error_type, "RangeError");
  EXPECT_EQ(failed.error_message, "out of range");
}

}  // namespace
}  // namespace tern::workers
