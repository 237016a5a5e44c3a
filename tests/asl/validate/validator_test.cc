// Whole-validator behaviour: YAML line numbers, every finding in one pass, file order, and
// hostile inputs (deep nesting, huge machines) that must not crash or take long.
#include "asl/validate/validator.h"

#include <chrono>

#include "tests/asl/validate/validate_test_util.h"

namespace tern::asl::testing {
namespace {

TEST(Validator, YamlMistakeOnLine17IsReportedOnLine17) {
  const char* yaml =
      "Comment: An order workflow\n"                    // 1
      "StartAt: Validate\n"                             // 2
      "States:\n"                                       // 3
      "  Validate:\n"                                   // 4
      "    Type: Task\n"                                // 5
      "    Resource: arn:aws:states:::lambda:invoke\n"  // 6
      "    Parameters:\n"                               // 7
      "      FunctionName: validate\n"                  // 8
      "      Payload.$: $\n"                            // 9
      "    Retry:\n"                                    // 10
      "      - ErrorEquals: [States.TaskFailed]\n"      // 11
      "        MaxAttempts: 2\n"                        // 12
      "    Next: Charge\n"                              // 13
      "  Charge:\n"                                     // 14
      "    Type: Task\n"                                // 15
      "    Resource: arn:aws:states:::lambda:invoke\n"  // 16
      "    Next: Shipp\n"                               // 17: no such state
      "  Ship:\n"                                       // 18
      "    Type: Succeed\n";                            // 19
  auto diagnostics = Check(yaml, {}, SourceFormat::kYaml);
  const Diagnostic* missing = nullptr;
  for (const auto& d : diagnostics) {
    if (d.code == "MISSING_TRANSITION_TARGET") missing = &d;
  }
  ASSERT_NE(missing, nullptr) << Describe(diagnostics);
  EXPECT_EQ(missing->pointer, "/States/Charge/Next");
  EXPECT_EQ(missing->where.line, 17);
  EXPECT_EQ(FormatDiagnostic(*missing, "order.yaml").rfind("order.yaml:17:", 0), 0u);
  EXPECT_NE(missing->message.find("Shipp"), std::string::npos);
}

TEST(Validator, ReportsEveryFindingInOnePassInFileOrder) {
  const char* def = R"({
  "StartAt": "A",
  "Extra": 1,
  "States": {
    "A": {"Type": "Pass", "Next": "Nowhere"},
    "B": {"Type": "Wait", "End": true},
    "C": {"Type": "Task", "Resource": "nope", "End": true, "TimeoutSeconds": -5},
    "D": {"Type": "Choice", "Choices": []}
  }
})";
  auto diagnostics = Check(def);
  EXPECT_GE(diagnostics.size(), 8u) << Describe(diagnostics);
  for (const char* code : {"SCHEMA_VALIDATION_FAILED", "MISSING_TRANSITION_TARGET",
                           "UNREACHABLE_STATE", "INVALID_ARN"}) {
    EXPECT_GE(CountCode(diagnostics, code), 1u) << code << "\n" << Describe(diagnostics);
  }
  for (size_t i = 1; i < diagnostics.size(); ++i) {
    EXPECT_LE(diagnostics[i - 1].where.line, diagnostics[i].where.line);
  }
}

TEST(Validator, DiagnosticJsonShape) {
  auto diagnostics = Check(R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "X"}}})");
  ASSERT_FALSE(diagnostics.empty());
  Json j = DiagnosticToJson(diagnostics[0]);
  for (const char* key : {"code", "severity", "path", "line", "column", "message"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
}

TEST(Validator, DeeplyNestedParallelsDoNotCrash) {
  // Each level adds 5 JSON levels; stay under the reader's 1000-level limit.
  std::string machine = R"({"StartAt": "L", "States": {"L": {"Type": "Succeed"}}})";
  for (int level = 0; level < 150; ++level) {
    machine = R"({"StartAt": "P)" + std::to_string(level) + R"(", "States": {"P)" +
              std::to_string(level) + R"(": {"Type": "Parallel", "End": true, "Branches": [)" +
              machine + "]}}}";
  }
  auto diagnostics = Check(machine);
  // Every branch reuses the state name "L" only once, so the machine is valid.
  EXPECT_FALSE(HasErrors(diagnostics)) << Describe(diagnostics).substr(0, 2000);
}

TEST(Validator, DeepTemplatesAndChoiceRulesDoNotCrash) {
  std::string deep = "1";
  for (int i = 0; i < 900; ++i) deep = "{\"a\": " + deep + "}";
  auto diagnostics = Check(R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": )" +
                           deep + R"(, "End": true}}})");
  EXPECT_FALSE(HasErrors(diagnostics));
  std::string rule = R"({"Variable": "$.a", "IsNull": true})";
  for (int i = 0; i < 450; ++i) rule = "{\"Not\": " + rule + "}";
  diagnostics = Check(R"({"StartAt": "C", "States": {"S": {"Type": "Succeed"}, "C": {"Type": )"
                      R"("Choice", "Default": "S", "Choices": [)" +
                      rule.substr(0, rule.size() - 1) + R"(, "Next": "S"}]}}})");
  EXPECT_TRUE(HasErrors(diagnostics));  // nesting beyond 100 levels is refused
}

TEST(Validator, HugeMachineIsFast) {
  // About 0.9 MB: 12,000 chained states, checked in well under a second.
  constexpr int kStates = 12000;
  std::string def = R"({"StartAt": "S0", "States": {)";
  for (int i = 0; i < kStates; ++i) {
    def += "\"S" + std::to_string(i) + "\": {\"Type\": \"Pass\", ";
    def += i + 1 < kStates ? "\"Next\": \"S" + std::to_string(i + 1) + "\"}," : "\"End\": true}";
  }
  def += "}}";
  ASSERT_LT(def.size(), 1024u * 1024u);
  auto start = std::chrono::steady_clock::now();
  auto diagnostics = Check(def);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(HasErrors(diagnostics));
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 5000);
}

TEST(Validator, HugeMachineFullOfMistakesReportsThemAll) {
  constexpr int kStates = 5000;
  std::string def = R"({"StartAt": "S0", "States": {)";
  for (int i = 0; i < kStates; ++i) {
    if (i > 0) def += ",";
    def += "\"S" + std::to_string(i) + "\": {\"Type\": \"Pass\", \"Next\": \"missing\"}";
  }
  def += "}}";
  auto diagnostics = Check(def);
  EXPECT_EQ(CountCode(diagnostics, "MISSING_TRANSITION_TARGET"), static_cast<size_t>(kStates));
  EXPECT_EQ(CountCode(diagnostics, "UNREACHABLE_STATE"), static_cast<size_t>(kStates - 1));
}

}  // namespace
}  // namespace tern::asl::testing
