// State machines: inline definitions and DefinitionUri (JSON and YAML) with
// DefinitionSubstitutions.
#include <gtest/gtest.h>

#include "project/definition_substitutions.h"
#include "project/project.h"
#include "tests/project/temp_project.h"

namespace tern::project {
namespace {

using testing::TempProject;

std::string Testdata(const std::string& name) {
  return std::string(TERN_SOURCE_DIR) + "/tests/project/testdata/" + name;
}

std::string MachineTemplate(const std::string& uri) {
  return "Resources:\n"
         "  Validate:\n"
         "    Type: AWS::Serverless::Function\n"
         "    Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: src}\n"
         "  Flow:\n"
         "    Type: AWS::Serverless::StateMachine\n"
         "    Properties:\n"
         "      DefinitionUri: " +
         uri +
         "\n"
         "      DefinitionSubstitutions:\n"
         "        ValidateArn: !GetAtt Validate.Arn\n"
         "        ValidateName: !Ref Validate\n"
         "        Comment: orders\n"
         "        Timeout: 30\n";
}

TEST(StateMachine, JsonDefinitionUriWithSubstitutions) {
  TempProject tmp;
  auto project = tmp.Load(MachineTemplate(Testdata("definitions/flow.asl.json")));
  ASSERT_TRUE(project.has_value()) << project.error().message();
  const StateMachineSpec& m = project->state_machines[0];
  EXPECT_EQ(m.definition_path, Testdata("definitions/flow.asl.json"));
  Json def = Json::parse(m.definition);
  EXPECT_EQ(def["Comment"], "orders");
  EXPECT_EQ(def["States"]["Validate"]["Resource"],
            "arn:aws:lambda:us-east-1:123456789012:function:Validate");
  EXPECT_EQ(def["States"]["Validate"]["TimeoutSeconds"], 30);  // the number stays a number
  EXPECT_EQ(m.document.locations.Find("/States/Validate/Resource").line, 7);
}

TEST(StateMachine, YamlDefinitionUriRelativeToTheProject) {
  TempProject tmp;
  std::filesystem::create_directories(tmp.dir() + "/statemachine");
  std::filesystem::copy_file(Testdata("definitions/flow.asl.yaml"),
                             tmp.dir() + "/statemachine/flow.asl.yaml",
                             std::filesystem::copy_options::overwrite_existing);
  auto project = tmp.Load(MachineTemplate("statemachine/flow.asl.yaml"));
  ASSERT_TRUE(project.has_value()) << project.error().message();
  const StateMachineSpec& m = project->state_machines[0];
  EXPECT_EQ(m.definition_path, tmp.dir() + "/statemachine/flow.asl.yaml");
  Json def = Json::parse(m.definition);
  EXPECT_EQ(def["States"]["Validate"]["Parameters"]["FunctionName"],
            "arn:aws:lambda:us-east-1:123456789012:function:Validate");
  EXPECT_EQ(def["States"]["Validate"]["Parameters"]["Payload"]["note"],
            "calls Validate in ${Unknown}");
  EXPECT_EQ(m.document.locations.Find("/States/Validate/Parameters/FunctionName").line, 8);
}

TEST(StateMachine, DefinitionUriErrors) {
  TempProject tmp;
  std::string missing = tmp.Error(MachineTemplate("nowhere.asl.json"));
  EXPECT_NE(missing.find("template.yaml:8: Resources.Flow.Properties.DefinitionUri: "),
            std::string::npos)
      << missing;
  EXPECT_NE(missing.find("no such file"), std::string::npos) << missing;
  tmp.Write("broken.asl.json", "{\n  \"StartAt\": \"A\",,\n}");
  std::string broken = tmp.Error(MachineTemplate("broken.asl.json"));
  EXPECT_NE(broken.find("DefinitionUri: broken.asl.json:2:"), std::string::npos) << broken;
  std::string both = tmp.Error(
      "Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
      "      Definition: {StartAt: A, States: {A: {Type: Succeed}}}\n"
      "      DefinitionUri: x.json\n");
  EXPECT_NE(both.find("template.yaml:6: Resources.M.Properties.DefinitionUri: give Definition "
                      "or DefinitionUri, not both"),
            std::string::npos)
      << both;
  std::string neither = tmp.Error(
      "Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
      "      Type: STANDARD\n");
  EXPECT_NE(neither.find("Definition or DefinitionUri is required"), std::string::npos);
  std::string type = tmp.Error(
      "Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
      "      Type: FAST\n      Definition: {StartAt: A, States: {A: {Type: Succeed}}}\n");
  EXPECT_NE(type.find("template.yaml:5: Resources.M.Properties.Type: 'FAST' is not one of "
                      "STANDARD, EXPRESS"),
            std::string::npos)
      << type;
}

TEST(DefinitionSubstitutions, SplicesIntoStringsAndKeepsWholeValueTypes) {
  Json def = Json::parse(
      R"({"a": "${N}", "b": "x${N}y", "c": ["${S}", {"d": "${B}"}], "e": "${Nope}", "${S}": 1,
          "f": "${N}${N}", "g": "${"})");
  ApplyDefinitionSubstitutions(def, {{"N", 5}, {"S", "str"}, {"B", true}});
  EXPECT_EQ(def.dump(),
            R"({"a":5,"b":"x5y","c":["str",{"d":true}],"e":"${Nope}","${S}":1,"f":"55","g":"${"})");
}

}  // namespace
}  // namespace tern::project
