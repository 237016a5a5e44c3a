// Ref, Fn::GetAtt, Fn::Sub and Fn::Join in their long and short forms, pseudo parameters, and
// the errors for the intrinsics tern does not evaluate.
#include <gtest/gtest.h>

#include "project/project.h"
#include "tests/project/temp_project.h"

namespace tern::project {
namespace {

using testing::TempProject;

// A template whose function `Fn` gets `variables` (indented by 10) as its environment.
std::string WithVariables(const std::string& variables) {
  return "Parameters:\n"                                                   // 1
         "  Stage:\n"                                                      // 2
         "    Type: String\n"                                              // 3
         "    Default: dev\n"                                              // 4
         "  Zones:\n"                                                      // 5
         "    Type: CommaDelimitedList\n"                                  // 6
         "    Default: a,b,c\n"                                            // 7
         "Resources:\n"                                                    // 8
         "  Stream:\n"                                                     // 9
         "    Type: AWS::Kinesis::Stream\n"                                // 10
         "  Bucket:\n"                                                     // 11
         "    Type: AWS::S3::Bucket\n"                                     // 12
         "    Properties: {BucketName: !Sub 'data-${Stage}'}\n"            // 13
         "  Machine:\n"                                                    // 14
         "    Type: AWS::Serverless::StateMachine\n"                       // 15
         "    Properties:\n"                                               // 16
         "      Name: !Sub '${AWS::StackName}-flow'\n"                     // 17
         "      Definition: {StartAt: A, States: {A: {Type: Succeed}}}\n"  // 18
         "  Fn:\n"                                                         // 19
         "    Type: AWS::Serverless::Function\n"                           // 20
         "    Properties:\n"                                               // 21
         "      Runtime: python3.12\n"                                     // 22
         "      Handler: app.handler\n"                                    // 23
         "      CodeUri: src\n"                                            // 24
         "      Environment:\n"                                            // 25
         "        Variables:\n" +                                          // 26
         variables;                                                        // 27...
}

std::map<std::string, std::string> Env(const TempProject& tmp, const std::string& variables) {
  LoadOptions options;
  options.stack_name = "shop";
  auto project = tmp.Load(WithVariables(variables), options);
  EXPECT_TRUE(project.has_value()) << project.error().message();
  if (!project) return {};
  return project->functions[0].environment;
}

TEST(Intrinsics, RefOfEachKindOfName) {
  TempProject tmp;
  auto env = Env(tmp,
                 "          PARAM: !Ref Stage\n"
                 "          LONG: {Ref: Stage}\n"
                 "          FUNCTION: !Ref Fn\n"
                 "          MACHINE: !Ref Machine\n"
                 "          STREAM: !Ref Stream\n"
                 "          BUCKET: !Ref Bucket\n"
                 "          REGION: !Ref AWS::Region\n"
                 "          ACCOUNT: !Ref AWS::AccountId\n"
                 "          STACK: !Ref AWS::StackName\n"
                 "          PARTITION: !Ref AWS::Partition\n");
  EXPECT_EQ(env["PARAM"], "dev");
  EXPECT_EQ(env["LONG"], "dev");
  EXPECT_EQ(env["FUNCTION"], "Fn");
  EXPECT_EQ(env["MACHINE"], "arn:aws:states:us-east-1:123456789012:stateMachine:shop-flow");
  EXPECT_EQ(env["STREAM"], "Stream");
  EXPECT_EQ(env["BUCKET"], "data-dev");
  EXPECT_EQ(env["REGION"], "us-east-1");
  EXPECT_EQ(env["ACCOUNT"], "123456789012");
  EXPECT_EQ(env["STACK"], "shop");
  EXPECT_EQ(env["PARTITION"], "aws");
}

TEST(Intrinsics, GetAttOfEachResourceType) {
  TempProject tmp;
  auto env = Env(tmp,
                 "          F: !GetAtt Fn.Arn\n"
                 "          M: !GetAtt Machine.Arn\n"
                 "          MN: !GetAtt Machine.Name\n"
                 "          S: {'Fn::GetAtt': [Stream, Arn]}\n"
                 "          B: {'Fn::GetAtt': Bucket.Arn}\n");
  EXPECT_EQ(env["F"], "arn:aws:lambda:us-east-1:123456789012:function:Fn");
  EXPECT_EQ(env["M"], "arn:aws:states:us-east-1:123456789012:stateMachine:shop-flow");
  EXPECT_EQ(env["MN"], "shop-flow");
  EXPECT_EQ(env["S"], "arn:aws:kinesis:us-east-1:123456789012:stream/Stream");
  EXPECT_EQ(env["B"], "arn:aws:s3:::data-dev");
}

TEST(Intrinsics, SubAndJoin) {
  TempProject tmp;
  auto env = Env(tmp,
                 "          A: !Sub '${Stage}/${Fn}/${Fn.Arn}/${AWS::Region}/${AWS::AccountId}'\n"
                 "          B: !Sub ['${X}-${Stage}', {X: !Ref Stream}]\n"
                 "          C: !Sub 'literal ${!NotAVariable}'\n"
                 "          D: !Join ['-', [a, !Ref Stage, 3]]\n"
                 "          E: !Join [',', !Ref Zones]\n"
                 "          F: {'Fn::Join': ['', [x, {'Fn::Sub': '${Stage}'}]]}\n"
                 "          G: !Sub '${AWS::StackName}'\n");
  EXPECT_EQ(env["A"],
            "dev/Fn/arn:aws:lambda:us-east-1:123456789012:function:Fn/us-east-1/123456789012");
  EXPECT_EQ(env["B"], "Stream-dev");
  EXPECT_EQ(env["C"], "literal ${NotAVariable}");
  EXPECT_EQ(env["D"], "a-dev-3");
  EXPECT_EQ(env["E"], "a,b,c");
  EXPECT_EQ(env["F"], "xdev");
  EXPECT_EQ(env["G"], "shop");
}

TEST(Intrinsics, UnsupportedIntrinsicsAreErrorsWithTheirLine) {
  TempProject tmp;
  std::string prefix = tmp.dir() + "/template.yaml:";
  EXPECT_NE(tmp.Error(WithVariables("          X: !If [Cond, a, b]\n"))
                .find(prefix + "27: Resources.Fn.Properties.Environment.Variables.X: Fn::If "
                               "(!If) is not supported by tern"),
            std::string::npos)
      << tmp.Error(WithVariables("          X: !If [Cond, a, b]\n"));
  EXPECT_NE(tmp.Error(WithVariables("          X: {'Fn::Select': [0, [a]]}\n"))
                .find(prefix + "27: Resources.Fn.Properties.Environment.Variables.X: Fn::Select "
                               "(!Select) is not supported"),
            std::string::npos);
  EXPECT_NE(tmp.Error(WithVariables("          X: !Ref Nope\n"))
                .find(prefix + "27: Resources.Fn.Properties.Environment.Variables.X.Ref: 'Nope' "
                               "is neither a parameter nor a resource"),
            std::string::npos)
      << tmp.Error(WithVariables("          X: !Ref Nope\n"));
  EXPECT_NE(tmp.Error(WithVariables("          X: !GetAtt FnRole.Arn\n"))
                .find("'FnRole' is not a resource of this template"),
            std::string::npos);
  EXPECT_NE(tmp.Error(WithVariables("          X: !GetAtt Stream.ShardCount\n"))
                .find("Stream.ShardCount is not an attribute tern provides"),
            std::string::npos);
  EXPECT_NE(tmp.Error(WithVariables("          X: !Sub '${Missing}'\n"))
                .find(prefix + "27: Resources.Fn.Properties.Environment.Variables.X.Fn::Sub: "
                               "'Missing' is neither"),
            std::string::npos)
      << tmp.Error(WithVariables("          X: !Sub '${Missing}'\n"));
  EXPECT_NE(tmp.Error(WithVariables("          X: !Sub '${Zones}'\n")).find("not a string"),
            std::string::npos);
  EXPECT_NE(tmp.Error(WithVariables("          X: !Ref AWS::NoValue\n"))
                .find("the pseudo parameter AWS::NoValue is not supported"),
            std::string::npos);
}

TEST(Intrinsics, ANameThatRefersToItselfIsAnError) {
  TempProject tmp;
  std::string error = tmp.Error(
      "Resources:\n"
      "  Fn:\n"
      "    Type: AWS::Serverless::Function\n"
      "    Properties:\n"
      "      FunctionName: !Sub '${Fn}-x'\n"
      "      Runtime: python3.12\n"
      "      Handler: a.b\n"
      "      CodeUri: src\n");
  EXPECT_NE(error.find("template.yaml:5: Resources.Fn.Properties.FunctionName: the name of Fn "
                       "refers to itself"),
            std::string::npos)
      << error;
}

}  // namespace
}  // namespace tern::project
