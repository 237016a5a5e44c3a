// Agreement with asl-validator's fixtures (../shared/asl-validator-fixtures, see its README):
// each file's verdict with default options, plus the README's option-dependent cases.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "asl/parse/definition_source.h"
#include "asl/validate/validator.h"
#include "common/json.h"

namespace tern::asl {
namespace {

const std::string kFixtures = std::string(TERN_SHARED_DIR) + "/asl-validator-fixtures";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<Diagnostic> ValidateFile(const std::string& relative, const ValidateOptions& options) {
  auto doc = LoadDefinitionFile(kFixtures + "/" + relative);
  if (!doc) {
    ADD_FAILURE() << relative << ": " << doc.error().error.ToString();
    return {};
  }
  return Validate(*doc, options);
}

std::string Describe(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += "    " + FormatDiagnostic(d, "") + "\n";
  return out;
}

TEST(AslValidatorFixtures, EveryVerdictMatchesTheManifest) {
  Json manifest = Json::parse(Slurp(kFixtures + "/manifest.json"));
  ASSERT_TRUE(manifest.is_array());
  int passed = 0;
  int failed = 0;
  for (const Json& entry : manifest) {
    const std::string file = entry["file"];
    const bool expected = entry["valid"];
    auto diagnostics = ValidateFile(file, {});
    const bool valid = !HasErrors(diagnostics);
    if (std::getenv("TERN_FIXTURES_VERBOSE") != nullptr) {
      std::cout << file << "\n" << Describe(diagnostics);
    }
    if (valid == expected) {
      ++passed;
    } else {
      ++failed;
      ADD_FAILURE() << file << ": expected " << (expected ? "valid" : "invalid") << ", got "
                    << (valid ? "valid" : "invalid") << "\n"
                    << Describe(diagnostics);
    }
  }
  std::cout << "asl-validator fixtures: " << passed << " passed, " << failed << " failed\n";
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(passed, static_cast<int>(manifest.size()));
}

TEST(AslValidatorFixtures, InvalidPathsBecomeValidWithoutPathChecks) {
  ValidateOptions no_paths;
  no_paths.check_paths = false;
  for (const char* file :
       {"invalid/invalid-json-path.json", "invalid/invalid-payload-template.asl.json"}) {
    EXPECT_TRUE(HasErrors(ValidateFile(file, {}))) << file;
    auto diagnostics = ValidateFile(file, no_paths);
    EXPECT_FALSE(HasErrors(diagnostics)) << file << "\n" << Describe(diagnostics);
  }
}

TEST(AslValidatorFixtures, CfnSubstitutionBecomesValidWithoutArnChecks) {
  ValidateOptions no_arns;
  no_arns.check_arns = false;
  const char* file = "invalid/invalid-cfn-definition-substitutions.json";
  EXPECT_TRUE(HasErrors(ValidateFile(file, {})));
  auto diagnostics = ValidateFile(file, no_arns);
  EXPECT_FALSE(HasErrors(diagnostics)) << Describe(diagnostics);
}

TEST(AslValidatorFixtures, LongStateNameStaysInvalidWithEitherOptionOff) {
  ValidateOptions none;
  none.check_paths = false;
  none.check_arns = false;
  EXPECT_TRUE(HasErrors(ValidateFile("invalid/invalid-state-name-too-long.json", none)));
}

TEST(AslValidatorFixtures, FirstErrorsPointWhereUpstreamSays) {
  auto has = [](const std::vector<Diagnostic>& diagnostics, std::string_view pointer) {
    for (const auto& d : diagnostics) {
      if (d.pointer == pointer) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(ValidateFile("invalid/invalid-exercise-ajv.asl.json", {}),
                  "/States/PassState/InputPath"));
  EXPECT_TRUE(has(ValidateFile("invalid/invalid-exercise-ajv-additional-properties.asl.json", {}),
                  "/States/PassState/bugInputPath"));
  EXPECT_TRUE(has(ValidateFile("invalid/invalid-payload-template.asl.json", {}),
                  "/States/Hello, World/Parameters/lorem.$"));
}

}  // namespace
}  // namespace tern::asl
