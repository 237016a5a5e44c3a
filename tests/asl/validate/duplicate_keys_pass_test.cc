#include "tests/asl/validate/validate_test_util.h"

namespace tern::asl::testing {
namespace {

TEST(DuplicateKeysPass, ReportsTheSecondOccurrence) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass",
      "Type": "Pass",
      "End": true
    }
  }
})";
  auto diagnostics = Check(def);
  ASSERT_EQ(CountCode(diagnostics, "DUPLICATE_KEY"), 1u) << Describe(diagnostics);
  for (const auto& d : diagnostics) {
    if (d.code != "DUPLICATE_KEY") continue;
    EXPECT_EQ(d.pointer, "/States/A/Type");
    EXPECT_EQ(d.where.line, 6);
  }
}

TEST(DuplicateKeysPass, NoneInACleanDefinition) {
  EXPECT_EQ(CountCode(Check(R"({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}})"),
                      "DUPLICATE_KEY"),
            0u);
}

TEST(DuplicateKeysPass, YamlDuplicateKey) {
  const char* yaml =
      "StartAt: A\n"
      "States:\n"
      "  A:\n"
      "    Type: Succeed\n"
      "  A:\n"
      "    Type: Succeed\n";
  auto diagnostics = Check(yaml, {}, SourceFormat::kYaml);
  ASSERT_EQ(CountCode(diagnostics, "DUPLICATE_KEY"), 1u) << Describe(diagnostics);
  EXPECT_EQ(diagnostics[0].where.line, 5);
}

}  // namespace
}  // namespace tern::asl::testing
