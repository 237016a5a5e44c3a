#include "tests/asl/validate/validate_test_util.h"

namespace tern::asl::testing {
namespace {

TEST(TopLevelPass, AcceptsTheAllowedFields) {
  ExpectValid(R"({
  "Comment": "c",
  "Version": "1.0",
  "TimeoutSeconds": 60,
  "QueryLanguage": "JSONPath",
  "StartAt": "A",
  "States": {"A": {"Type": "Succeed"}}
})");
}

TEST(TopLevelPass, RefusesAnUnknownField) {
  const char* def = R"({
  "StartAt": "A",
  "Startat": "A",
  "States": {"A": {"Type": "Succeed"}}
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/Startat", "\"Startat\"");
}

TEST(TopLevelPass, NamesBothMissingFieldsInAwsWording) {
  auto diagnostics = Check(R"({"Comment": "x"})");
  ASSERT_FALSE(diagnostics.empty());
  EXPECT_EQ(diagnostics[0].code, "SCHEMA_VALIDATION_FAILED");
  EXPECT_EQ(diagnostics[0].pointer, "");
  EXPECT_EQ(diagnostics[0].message, "These fields are required: [States, StartAt]");
  EXPECT_EQ(diagnostics[0].where.line, 1);
}

TEST(TopLevelPass, NotAnObject) {
  auto diagnostics = Check("[1, 2]");
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].message, "Definition must be a valid JSON object");
}

TEST(TopLevelPass, ChecksValuesOfTopLevelFields) {
  const char* def = R"({
  "StartAt": "A",
  "Version": "2.0",
  "TimeoutSeconds": 0,
  "QueryLanguage": "SQL",
  "States": {"A": {"Type": "Succeed"}}
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/Version", "\"Version\"");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/TimeoutSeconds", "\"TimeoutSeconds\"");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/QueryLanguage", "\"QueryLanguage\"");
}

TEST(TopLevelPass, ExpressLimitsTheTimeout) {
  const char* def = R"({
  "StartAt": "A",
  "TimeoutSeconds": 600,
  "States": {"A": {"Type": "Succeed"}}
})";
  ExpectValid(def);
  ValidateOptions express;
  express.express = true;
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/TimeoutSeconds", "\"TimeoutSeconds\"", express);
}

TEST(TopLevelPass, StatesMustNotBeEmpty) {
  const char* def = R"({
  "StartAt": "A",
  "States": {}
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States", "\"States\"");
}

}  // namespace
}  // namespace tern::asl::testing
