// `tern validate` end to end: exit codes, messages, --json, YAML line numbers.
#include <gtest/gtest.h>

#include "common/json.h"
#include "tests/cli/cli_runner.h"

namespace tern::testing {
namespace {

TEST(ValidateCommand, ValidFileExitsZero) {
  auto r = RunTern("validate " + Source("examples/hello/hello.asl.yaml"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("valid"), std::string::npos);
}

TEST(ValidateCommand, MissingFileIsAnIoErrorExitTwo) {
  auto r = RunTern("validate /nonexistent/definition.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no such file"), std::string::npos) << r.err;
}

TEST(ValidateCommand, EmptyAndNonJsonFilesAreInvalidWithAClearMessage) {
  TempDir dir;
  auto empty = RunTern("validate " + dir.Write("empty.json", ""));
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_NE(empty.err.find("empty"), std::string::npos) << empty.err;
  auto garbage = RunTern("validate " + dir.Write("garbage.json", "{\"StartAt\": \"A\",,}"));
  EXPECT_EQ(garbage.exit_code, 1);
  EXPECT_NE(garbage.err.find(":1:17:"), std::string::npos) << garbage.err;
}

TEST(ValidateCommand, YamlMistakeOnLine17IsReportedOnLine17) {
  TempDir dir;
  std::string yaml =
      "Comment: a definition with a mistake on line 17\n"  // 1
      "StartAt: First\n"                                   // 2
      "States:\n"                                          // 3
      "  First:\n"                                         // 4
      "    Type: Pass\n"                                   // 5
      "    Next: Second\n"                                 // 6
      "  Second:\n"                                        // 7
      "    Type: Pass\n"                                   // 8
      "    Result:\n"                                      // 9
      "      a: 1\n"                                       // 10
      "      b: 2\n"                                       // 11
      "    Next: Third\n"                                  // 12
      "  Third:\n"                                         // 13
      "    Type: Wait\n"                                   // 14
      "    Seconds: 5\n"                                   // 15
      "    Next: Fourth\n"                                 // 16
      "    Nxt: Fifth\n"                                   // 17
      "  Fourth:\n"                                        // 18
      "    Type: Succeed\n";                               // 19
  auto r = RunTern("validate " + dir.Write("bad.asl.yaml", yaml));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.asl.yaml:17:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Nxt"), std::string::npos) << r.err;
}

TEST(ValidateCommand, JsonReportListsEveryDiagnostic) {
  TempDir dir;
  std::string def =
      R"({"StartAt": "Missing", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}})";
  auto r = RunTern("validate --json " + dir.Write("two.json", def));
  EXPECT_EQ(r.exit_code, 1);
  Json report = Json::parse(r.out);
  ASSERT_TRUE(report.is_array());
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(report[0]["valid"], false);
  ASSERT_GE(report[0]["diagnostics"].size(), 2u);
  for (const Json& d : report[0]["diagnostics"]) {
    for (const char* field : {"code", "severity", "path", "line", "column", "message"}) {
      EXPECT_TRUE(d.contains(field)) << field << " missing in " << d.dump();
    }
  }
}

TEST(ValidateCommand, DeeplyNestedInputDoesNotCrash) {
  TempDir dir;
  std::string deep = "{\"StartAt\": \"A\", \"States\": " + std::string(100000, '[') +
                     std::string(100000, ']') + "}";
  auto r = RunTern("validate " + dir.Write("deep.json", deep));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nesting"), std::string::npos) << r.err;
}

TEST(ValidateCommand, DefinitionsOverOneMebibyteAreRefused) {
  TempDir dir;
  std::string big = "{\"Comment\": \"" + std::string(1100 * 1024, 'x') + "\"}";
  auto r = RunTern("validate " + dir.Write("big.json", big));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("the limit is 1.00 MiB"), std::string::npos) << r.err;
}

// A project whose function A writes to stream S, which triggers A (a loop), and whose state
// machine calls A.
constexpr const char* kLoopTemplate = R"(Transform: AWS::Serverless-2016-10-31
Resources:
  S:
    Type: AWS::Kinesis::Stream
  A:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: .
      Environment:
        Variables:
          OUT: !Ref S
      Events:
        In:
          Type: Kinesis
          Properties:
            Stream: !GetAtt S.Arn
            StartingPosition: LATEST
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: Call
        States:
          Call:
            Type: Task
            Resource: !GetAtt A.Arn
            End: true
)";

TEST(ValidateCommand, TemplateWithALoopIsValidWithAWarningAndInvalidWithStrict) {
  TempDir dir;
  std::string file = dir.Write("template.yaml", kLoopTemplate);
  auto r = RunTern("validate " + file);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(file + ": valid (1 warning(s))"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find(file + ":5: warning: RECURSIVE_LOOP: recursive loop function:A -> "
                              "stream:S -> function:A"),
            std::string::npos)
      << r.err;
  auto strict = RunTern("validate --strict " + file);
  EXPECT_EQ(strict.exit_code, 1) << strict.err;
  EXPECT_NE(strict.err.find(": error: RECURSIVE_LOOP:"), std::string::npos) << strict.err;
  EXPECT_NE(strict.out.find(file + ": invalid (1 error)"), std::string::npos) << strict.out;
}

TEST(ValidateCommand, TemplateLoopAllowedByRecursiveLoopIsInformational) {
  TempDir dir;
  std::string text = kLoopTemplate;
  text.replace(text.find("      Runtime:"), 0, "      RecursiveLoop: Allow\n");
  auto r = RunTern("validate --strict " + dir.Write("template.yaml", text));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(": info: RECURSIVE_LOOP_ALLOWED:"), std::string::npos) << r.err;
}

TEST(ValidateCommand, TemplateErrorsNameTheLineAndProperty) {
  TempDir dir;
  std::string text = kLoopTemplate;
  text.replace(text.find("python3.12"), 10, "java21");
  std::string file = dir.Write("template.yaml", text);
  auto r = RunTern("validate " + file);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(file + ":8: Resources.A.Properties.Runtime: unsupported runtime 'java21'"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find(file + ": invalid (1 error)"), std::string::npos) << r.out;
}

TEST(ValidateCommand, StateMachinesOfATemplateAreValidatedWithTheirLines) {
  TempDir dir;
  std::string text = kLoopTemplate;
  text.replace(text.find("            End: true"), 21, "            Next: Nowhere");
  std::string file = dir.Write("template.yaml", text);
  auto r = RunTern("validate " + file);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(file + ":29:13: error: MISSING_TRANSITION_TARGET at /States/Call/Next"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("(state machine Flow)"), std::string::npos) << r.err;
}

TEST(ValidateCommand, TemplateJsonReportAndParameterOverrides) {
  TempDir dir;
  std::string text = kLoopTemplate;
  text.replace(0, 0, "Parameters:\n  Mem:\n    Type: Number\n");
  text.replace(text.find("      Handler:"), 0, "      MemorySize: !Ref Mem\n");
  std::string file = dir.Write("template.yaml", text);
  auto missing = RunTern("validate " + file);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("Parameters.Mem: no Default"), std::string::npos) << missing.err;
  auto r = RunTern("validate --json --parameter-overrides Mem=256 " + file);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  Json report = Json::parse(r.out);
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(report[0]["valid"], true);
  ASSERT_EQ(report[0]["diagnostics"].size(), 1u);
  const Json& loop = report[0]["diagnostics"][0];
  EXPECT_EQ(loop["code"], "RECURSIVE_LOOP");
  EXPECT_EQ(loop["severity"], "warning");
  EXPECT_EQ(loop["cycle"], Json::array({"function:A", "stream:S", "function:A"}));
  auto bad = RunTern("validate --parameter-overrides Mem " + file);
  EXPECT_EQ(bad.exit_code, 2);
}

TEST(ValidateCommand, TheOrdersExampleIsValid) {
  auto r = RunTern("validate --strict " + Source("examples/orders/template.yaml"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

}  // namespace
}  // namespace tern::testing
