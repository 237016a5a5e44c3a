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

}  // namespace
}  // namespace tern::testing
