// python3 functions through the bundled client: results, context, environment, errors, logs.
#include <gtest/gtest.h>

#include "common/json.h"
#include "tests/workers/workers_test_util.h"
#include "workers/pool.h"

namespace tern::workers {
namespace {

using namespace testing;  // NOLINT

class PythonPoolTest : public ::testing::Test {
 protected:
  ScratchDir dir_;
  Pool pool_{TestOptions(dir_)};
};

TEST_F(PythonPoolTest, ColdThenWarm) {
  ASSERT_TRUE(pool_.PutFunction(Python("info", "app.info")).ok());
  InvokeResult first = pool_.InvokeAndWait(Request("info", R"({"n": 1})"));
  ASSERT_EQ(first.status, InvokeStatus::kOk) << first.payload;
  EXPECT_TRUE(first.cold);
  ASSERT_TRUE(first.init_duration_ms.has_value());
  EXPECT_GT(*first.init_duration_ms, 0);
  InvokeResult second = pool_.InvokeAndWait(Request("info", R"({"n": 2})"));
  ASSERT_EQ(second.status, InvokeStatus::kOk) << second.payload;
  EXPECT_FALSE(second.cold);
  EXPECT_FALSE(second.init_duration_ms.has_value());
  Json a = Json::parse(first.payload), b = Json::parse(second.payload);
  EXPECT_EQ(a["pid"], b["pid"]);  // the same environment, reused
  EXPECT_EQ(a["calls"], 1);
  EXPECT_EQ(b["calls"], 2);
  EXPECT_EQ(b["event"]["n"], 2);
  auto stats = pool_.StatsFor("info");
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->cold_starts, 1u);
  EXPECT_EQ(stats->invocations, 2u);
}

TEST_F(PythonPoolTest, ContextAndEnvironment) {
  setenv("TERN_TEST_PARENT_SECRET", "must-not-leak", 1);
  project::FunctionSpec spec = Python("ctx", "app.info");
  spec.environment = {{"STAGE", "test"}, {"AWS_LAMBDA_FUNCTION_NAME", "overridden?"}};
  spec.memory_mb = 256;
  ASSERT_TRUE(pool_.PutFunction(spec).ok());
  InvokeRequest request = Request("ctx", R"({"k": "v"})");
  request.request_id = "11111111-2222-4333-8444-555555555555";
  request.trace_id =
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:"
      "1";
  request.client_context = R"({"custom": {"tenant": "t1"}, "client": {}, "env": {}})";
  InvokeResult result = pool_.InvokeAndWait(request);
  ASSERT_EQ(result.status, InvokeStatus::kOk) << result.payload;
  EXPECT_EQ(result.request_id, request.request_id);
  Json info = Json::parse(result.payload);
  EXPECT_EQ(info["function_name"], "ctx");
  EXPECT_EQ(info["function_version"], "$LATEST");
  EXPECT_EQ(info["memory_limit_in_mb"], 256);
  EXPECT_EQ(info["aws_request_id"], request.request_id);
  EXPECT_EQ(info["invoked_function_arn"], "arn:aws:lambda:us-east-1:123456789012:function:ctx");
  EXPECT_EQ(info["log_group_name"], "/aws/lambda/ctx");
  EXPECT_NE(info["log_stream_name"].get<std::string>().find("[$LATEST]"), std::string::npos);
  EXPECT_GT(info["remaining_ms"].get<int>(), 30000);
  EXPECT_LE(info["remaining_ms"].get<int>(), 60000);
  EXPECT_EQ(info["client_context"]["tenant"], "t1");
  EXPECT_EQ(info["trace"], request.trace_id);
  EXPECT_EQ(info["cwd"], Testdata("python"));

  const Json& env = info["env"];
  EXPECT_EQ(env["STAGE"], "test");
  EXPECT_EQ(env["AWS_LAMBDA_FUNCTION_NAME"], "ctx");  // reserved names win
  EXPECT_EQ(env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"], "256");
  EXPECT_EQ(env["_HANDLER"], "app.info");
  EXPECT_EQ(env["TZ"], ":UTC");
  EXPECT_EQ(env["LAMBDA_TASK_ROOT"], Testdata("python"));
  EXPECT_EQ(env["AWS_REGION"], "us-east-1");
  EXPECT_EQ(env["AWS_LAMBDA_INITIALIZATION_TYPE"], "on-demand");
  EXPECT_TRUE(env["AWS_LAMBDA_RUNTIME_API"].get<std::string>().starts_with("127.0.0.1:"));
  EXPECT_FALSE(env.contains("TERN_TEST_PARENT_SECRET"));
  EXPECT_FALSE(env.contains("HOME"));
  for (const auto& [key, value] : env.items()) {
    bool documented = key.starts_with("AWS_") || key.starts_with("LAMBDA_") || key == "_HANDLER" ||
                      key == "_X_AMZN_TRACE_ID" || key == "TZ" || key == "LANG" || key == "PATH" ||
                      key == "STAGE" || key == "PYTHONDONTWRITEBYTECODE" ||
                      key == "LC_CTYPE";  // python's locale coercion adds LC_CTYPE
    EXPECT_TRUE(documented) << "unexpected variable " << key;
  }
}

TEST_F(PythonPoolTest, HandlerExceptionIsAFunctionErrorAndTheEnvironmentStaysWarm) {
  ASSERT_TRUE(pool_.PutFunction(Python("throws", "app.throws")).ok());
  InvokeResult result = pool_.InvokeAndWait(Request("throws", R"({"id": 42})"));
  EXPECT_EQ(result.status, InvokeStatus::kFunctionError);
  EXPECT_EQ(result.function_error, "Unhandled");
  EXPECT_EQ(result.HttpStatus(), 200);
  EXPECT_EQ(result.error_type, "OrderError");
  EXPECT_EQ(result.error_message, "order 42 is invalid");
  Json doc = Json::parse(result.payload);
  EXPECT_EQ(doc["errorType"], "OrderError");
  EXPECT_EQ(doc["requestId"], result.request_id);
  ASSERT_TRUE(doc["stackTrace"].is_array());
  ASSERT_FALSE(doc["stackTrace"].empty());
  EXPECT_NE(doc["stackTrace"][0].get<std::string>().find("app.py"), std::string::npos);
  EXPECT_EQ(doc["stackTrace"][0].get<std::string>().find("bootstrap.py"), std::string::npos);
  InvokeResult again = pool_.InvokeAndWait(Request("throws", R"({"id": 43})"));
  EXPECT_FALSE(again.cold);
  EXPECT_EQ(pool_.StatsFor("throws")->cold_starts, 1u);
}

TEST_F(PythonPoolTest, NonJsonResultIsAMarshalError) {
  ASSERT_TRUE(pool_.PutFunction(Python("set", "app.returns_set")).ok());
  InvokeResult result = pool_.InvokeAndWait(Request("set"));
  EXPECT_EQ(result.status, InvokeStatus::kFunctionError);
  EXPECT_EQ(result.error_type, "Runtime.MarshalError");
  EXPECT_EQ(result.error_message,
            "Unable to marshal response: Object of type set is not JSON serializable");
}

TEST_F(PythonPoolTest, InitErrorsAreReportedThroughInitError) {
  ASSERT_TRUE(pool_.PutFunction(Python("nomodule", "missing_module.handler")).ok());
  ASSERT_TRUE(pool_.PutFunction(Python("nohandler", "app.not_there")).ok());
  ASSERT_TRUE(pool_.PutFunction(Python("syntax", "syntax_error.handler")).ok());
  InvokeResult missing = pool_.InvokeAndWait(Request("nomodule"));
  EXPECT_EQ(missing.status, InvokeStatus::kFunctionError);
  EXPECT_EQ(missing.error_type, "Runtime.ImportModuleError");
  EXPECT_EQ(missing.error_message,
            "Unable to import module 'missing_module': No module named 'missing_module'");
  InvokeResult nohandler = pool_.InvokeAndWait(Request("nohandler"));
  EXPECT_EQ(nohandler.error_type, "Runtime.HandlerNotFound");
  EXPECT_EQ(nohandler.error_message, "Handler 'not_there' missing on module 'app'");
  InvokeResult syntax = pool_.InvokeAndWait(Request("syntax"));
  EXPECT_EQ(syntax.error_type, "Runtime.UserCodeSyntaxError");
  // A broken environment is never reused: each invoke runs INIT again.
  InvokeResult again = pool_.InvokeAndWait(Request("nomodule"));
  EXPECT_EQ(again.error_type, "Runtime.ImportModuleError");
  EXPECT_EQ(pool_.StatsFor("nomodule")->cold_starts, 2u);
}

TEST_F(PythonPoolTest, CrashDuringInitIsRuntimeExitError) {
  ASSERT_TRUE(pool_.PutFunction(Python("initcrash", "init_crash.handler")).ok());
  InvokeResult result = pool_.InvokeAndWait(Request("initcrash"));
  EXPECT_EQ(result.status, InvokeStatus::kRuntimeExited);
  EXPECT_EQ(result.error_type, "Runtime.ExitError");
  EXPECT_EQ(result.error_message,
            "RequestId: " + result.request_id + " Error: Runtime exited with error: exit status 5");
  EXPECT_EQ(result.function_error, "Unhandled");
  std::string log = ReadFile(pool_.LogPath("initcrash"));
  EXPECT_NE(log.find("init_crash: exiting during init"), std::string::npos) << log;
}

TEST_F(PythonPoolTest, ExitDuringInvocationIsRuntimeExitErrorAndReplaced) {
  ASSERT_TRUE(pool_.PutFunction(Python("exits", "app.exits")).ok());
  InvokeResult result = pool_.InvokeAndWait(Request("exits"));
  EXPECT_EQ(result.status, InvokeStatus::kRuntimeExited);
  EXPECT_EQ(result.error_message,
            "RequestId: " + result.request_id + " Error: Runtime exited with error: exit status 7");
  InvokeResult next = pool_.InvokeAndWait(Request("exits"));
  EXPECT_TRUE(next.cold);  // a fresh environment
  EXPECT_EQ(pool_.StatsFor("exits")->cold_starts, 2u);
}

TEST_F(PythonPoolTest, LogsHaveStartEndReportAndTail) {
  ASSERT_TRUE(pool_.PutFunction(Python("logs", "app.logs")).ok());
  InvokeRequest request = Request("logs", R"({"tag": "first"})");
  request.log_tail = true;
  InvokeResult result = pool_.InvokeAndWait(request);
  ASSERT_EQ(result.status, InvokeStatus::kOk) << result.payload;
  EXPECT_EQ(result.payload, R"("logged")");
  std::string id = result.request_id;
  std::string log = ReadFile(pool_.LogPath("logs"));
  size_t start = log.find("START RequestId: " + id + " Version: $LATEST\n");
  size_t line = log.find("hello from the handler first\n");
  size_t end = log.find("END RequestId: " + id + "\n");
  size_t report = log.find("REPORT RequestId: " + id + "\tDuration: ");
  ASSERT_NE(start, std::string::npos) << log;
  ASSERT_NE(line, std::string::npos) << log;
  ASSERT_NE(end, std::string::npos) << log;
  ASSERT_NE(report, std::string::npos) << log;
  EXPECT_LT(start, line);
  EXPECT_LT(line, end);
  EXPECT_LT(end, report);
  EXPECT_NE(log.find("Memory Size: 512 MB\tMax Memory Used: ", report), std::string::npos);
  EXPECT_NE(log.find("Init Duration: ", report), std::string::npos);
  EXPECT_FALSE(result.log_result.empty());
  EXPECT_GT(result.max_memory_used_mb, 1);
  EXPECT_GE(result.billed_duration_ms, 1);
}

TEST_F(PythonPoolTest, InvalidRequestsAndUnknownFunctions) {
  ASSERT_TRUE(pool_.PutFunction(Python("echo", "app.echo")).ok());
  InvokeResult bad = pool_.InvokeAndWait(Request("echo", "{not json"));
  EXPECT_EQ(bad.status, InvokeStatus::kInvalidRequest);
  EXPECT_EQ(bad.error_type, "InvalidRequestContentException");
  EXPECT_EQ(bad.HttpStatus(), 400);
  InvokeResult missing = pool_.InvokeAndWait(Request("nobody"));
  EXPECT_EQ(missing.status, InvokeStatus::kNotFound);
  EXPECT_EQ(missing.error_message,
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nobody");
  EXPECT_EQ(missing.HttpStatus(), 404);
  InvokeResult by_arn =
      pool_.InvokeAndWait(Request("arn:aws:lambda:us-east-1:123456789012:function:echo", "[1,2]"));
  EXPECT_EQ(by_arn.status, InvokeStatus::kOk);
  EXPECT_EQ(by_arn.payload, "[1, 2]");
  EXPECT_FALSE(pool_.PutFunction(Python("bad", "app.echo", 0)).ok());
  project::FunctionSpec java = Python("java", "x");
  java.runtime = "java21";
  EXPECT_FALSE(pool_.PutFunction(java).ok());
}

}  // namespace
}  // namespace tern::workers
