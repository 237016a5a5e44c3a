// Parameters: defaults, --parameter-overrides, types and constraints.
#include <gtest/gtest.h>

#include "project/project.h"
#include "tests/project/temp_project.h"

namespace tern::project {
namespace {

using testing::TempProject;

constexpr const char* kTemplate =
    "Parameters:\n"                     // 1
    "  Stage:\n"                        // 2
    "    Type: String\n"                // 3
    "    Default: dev\n"                // 4
    "    AllowedValues: [dev, prod]\n"  // 5
    "  Memory:\n"                       // 6
    "    Type: Number\n"                // 7
    "    Default: 256\n"                // 8
    "    MinValue: 128\n"               // 9
    "    MaxValue: 1024\n"              // 10
    "  Secret:\n"                       // 11
    "    Type: String\n"                // 12
    "    NoEcho: true\n"                // 13
    "    AllowedPattern: '[a-z]+'\n"    // 14
    "    Description: no default\n"     // 15
    "Resources:\n"                      // 16
    "  Fn:\n"                           // 17
    "    Type: AWS::Serverless::Function\n"
    "    Properties:\n"
    "      FunctionName: !Sub 'fn-${Stage}'\n"
    "      Runtime: python3.12\n"
    "      Handler: app.handler\n"
    "      CodeUri: src\n"
    "      MemorySize: !Ref Memory\n"
    "      Environment:\n"
    "        Variables: {SECRET: !Ref Secret}\n";

TEST(Parameters, DefaultsAndOverrides) {
  TempProject tmp;
  LoadOptions options;
  options.parameter_overrides = {{"Secret", "abc"}};
  auto project = tmp.Load(kTemplate, options);
  ASSERT_TRUE(project.has_value()) << project.error().message();
  EXPECT_EQ(project->functions[0].name, "fn-dev");
  EXPECT_EQ(project->functions[0].memory_mb, 256);
  EXPECT_EQ(project->functions[0].environment.at("SECRET"), "abc");

  options.parameter_overrides = {{"Secret", "xyz"}, {"Stage", "prod"}, {"Memory", "512"}};
  project = tmp.Load(kTemplate, options);
  ASSERT_TRUE(project.has_value()) << project.error().message();
  EXPECT_EQ(project->functions[0].name, "fn-prod");
  EXPECT_EQ(project->functions[0].memory_mb, 512);
}

TEST(Parameters, MissingValuesAndConstraintViolationsAreErrors) {
  TempProject tmp;
  std::string prefix = tmp.dir() + "/template.yaml:";
  EXPECT_NE(tmp.Error(kTemplate).find(prefix + "11: Parameters.Secret: no Default and no "
                                               "--parameter-overrides value"),
            std::string::npos)
      << tmp.Error(kTemplate);
  LoadOptions options;
  options.parameter_overrides = {{"Secret", "abc"}, {"Stage", "qa"}};
  EXPECT_NE(tmp.Error(kTemplate, options)
                .find(prefix + "2: Parameters.Stage: value 'qa' is not one of AllowedValues"),
            std::string::npos)
      << tmp.Error(kTemplate, options);
  options.parameter_overrides = {{"Secret", "ABC"}};
  EXPECT_NE(tmp.Error(kTemplate, options).find("value 'ABC' does not match AllowedPattern"),
            std::string::npos);
  options.parameter_overrides = {{"Secret", "abc"}, {"Memory", "2048"}};
  EXPECT_NE(tmp.Error(kTemplate, options).find("value '2048' is above MaxValue"),
            std::string::npos);
  options.parameter_overrides = {{"Secret", "abc"}, {"Memory", "lots"}};
  EXPECT_NE(tmp.Error(kTemplate, options).find("value 'lots' is not a number"), std::string::npos);
  options.parameter_overrides = {{"Secret", "abc"}, {"Typo", "1"}};
  EXPECT_NE(
      tmp.Error(kTemplate, options)
          .find("--parameter-overrides: " + tmp.dir() + "/template.yaml has no parameter 'Typo'"),
      std::string::npos)
      << tmp.Error(kTemplate, options);
  EXPECT_NE(tmp.Error("Parameters:\n  P:\n    Type: AWS::SSM::Parameter::Value<String>\n"
                      "    Default: /x\nResources: {}\n")
                .find(prefix + "3: Parameters.P.Type: SSM parameter types are not supported"),
            std::string::npos);
}

}  // namespace
}  // namespace tern::project
