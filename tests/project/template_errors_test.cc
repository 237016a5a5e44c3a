// What a template gets wrong is reported as file:line: property path: what.
#include <gtest/gtest.h>

#include "project/project.h"
#include "tests/project/temp_project.h"

namespace tern::project {
namespace {

using testing::TempProject;

// A function whose Properties are `props` (indented by 6), starting on line 5.
std::string FunctionTemplate(const std::string& props) {
  return "Transform: AWS::Serverless-2016-10-31\n"  // 1
         "Resources:\n"                             // 2
         "  Fn:\n"                                  // 3
         "    Type: AWS::Serverless::Function\n"    // 4
         "    Properties:\n" +                      // 5
         props;
}

constexpr const char* kBase =
    "      Runtime: python3.12\n"   // 6
    "      Handler: app.handler\n"  // 7
    "      CodeUri: src\n";         // 8

// The error must be "<dir>/template.yaml:<line>: <rest>".
void ExpectError(const TempProject& tmp, const std::string& text, int line,
                 const std::string& rest) {
  std::string error = tmp.Error(text);
  std::string expected = tmp.dir() + "/template.yaml:" + std::to_string(line) + ": " + rest;
  EXPECT_NE(error.find(expected), std::string::npos)
      << "expected: " << expected << "\n     got: " << error;
}

TEST(TemplateErrors, UnsupportedRuntimeNamesTheLineAndProperty) {
  TempProject tmp;
  ExpectError(tmp,
              FunctionTemplate("      Runtime: java21\n"
                               "      Handler: x\n"
                               "      CodeUri: src\n"),
              6, "Resources.Fn.Properties.Runtime: unsupported runtime 'java21'");
  ExpectError(tmp,
              FunctionTemplate("      Runtime: python2.7\n      Handler: x\n      CodeUri: src\n"),
              6, "Resources.Fn.Properties.Runtime: unsupported runtime 'python2.7'");
}

TEST(TemplateErrors, RangesOfTimeoutMemoryAndEventInvokeConfig) {
  TempProject tmp;
  ExpectError(tmp, FunctionTemplate(std::string(kBase) + "      Timeout: 901\n"), 9,
              "Resources.Fn.Properties.Timeout: 901 is out of range 1..900");
  ExpectError(tmp, FunctionTemplate(std::string(kBase) + "      Timeout: 0\n"), 9,
              "Resources.Fn.Properties.Timeout: 0 is out of range 1..900");
  ExpectError(tmp, FunctionTemplate(std::string(kBase) + "      MemorySize: 64\n"), 9,
              "Resources.Fn.Properties.MemorySize: 64 is out of range 128..10240");
  ExpectError(tmp, FunctionTemplate(std::string(kBase) + "      MemorySize: 10241\n"), 9,
              "Resources.Fn.Properties.MemorySize: 10241 is out of range 128..10240");
  ExpectError(tmp, FunctionTemplate(std::string(kBase) + "      Timeout: soon\n"), 9,
              "Resources.Fn.Properties.Timeout: expected an integer");
  ExpectError(tmp,
              FunctionTemplate(std::string(kBase) + "      EventInvokeConfig:\n"
                                                    "        MaximumRetryAttempts: 3\n"),
              10,
              "Resources.Fn.Properties.EventInvokeConfig.MaximumRetryAttempts: 3 is out of "
              "range 0..2");
  ExpectError(tmp,
              FunctionTemplate(std::string(kBase) + "      EventInvokeConfig:\n"
                                                    "        MaximumEventAgeInSeconds: 59\n"),
              10,
              "Resources.Fn.Properties.EventInvokeConfig.MaximumEventAgeInSeconds: 59 is "
              "out of range 60..21600");
  ExpectError(
      tmp,
      FunctionTemplate(std::string(kBase) + "      EventInvokeConfig:\n"
                                            "        DestinationConfig:\n"
                                            "          OnSuccess:\n"
                                            "            Type: SNS\n"
                                            "            Destination: arn:aws:sns:us-east-1:1:t\n"),
      12,
      "Resources.Fn.Properties.EventInvokeConfig.DestinationConfig.OnSuccess.Type: "
      "SNS destinations are not supported");
}

TEST(TemplateErrors, UnknownPropertiesAndResourceTypes) {
  TempProject tmp;
  ExpectError(tmp, FunctionTemplate(std::string(kBase) + "      Layers: [arn]\n"), 9,
              "Resources.Fn.Properties.Layers: 'Layers' is not supported by tern");
  ExpectError(tmp, FunctionTemplate(std::string(kBase) + "      PackageType: Image\n"), 9,
              "Resources.Fn.Properties.PackageType: 'Image' is not one of Zip");
  ExpectError(tmp,
              "Resources:\n"
              "  Table:\n"
              "    Type: AWS::DynamoDB::Table\n",
              3, "Resources.Table.Type: resource type 'AWS::DynamoDB::Table' is not supported");
  ExpectError(tmp,
              "Conditions:\n"
              "  IsProd: !Equals [a, b]\n"
              "Resources: {}\n",
              1, "Conditions: conditions are not supported by tern");
  ExpectError(tmp, "Transform: AWS::LanguageExtensions\nResources: {}\n", 1,
              "Transform: only the AWS::Serverless-2016-10-31 transform is supported");
  ExpectError(tmp, "Resources: {}\nOutput: {}\n", 2, "Output: 'Output' is not supported");
}

TEST(TemplateErrors, MissingOrWrongCodeAndHandler) {
  TempProject tmp;
  ExpectError(tmp, FunctionTemplate("      Runtime: python3.12\n      CodeUri: src\n"), 5,
              "Resources.Fn.Properties: Handler is required for python3.12");
  ExpectError(tmp,
              FunctionTemplate("      Runtime: python3.12\n      Handler: a.b\n"
                               "      CodeUri: nowhere\n"),
              8, "Resources.Fn.Properties.CodeUri: 'nowhere' is not a folder");
  ExpectError(tmp,
              FunctionTemplate("      Runtime: python3.12\n      Handler: a.b\n"
                               "      CodeUri:\n        Bucket: b\n        Key: k\n"),
              8, "Resources.Fn.Properties.CodeUri: an S3 location is not supported");
}

TEST(TemplateErrors, GlobalsErrorsPointAtTheGlobalsLine) {
  TempProject tmp;
  ExpectError(tmp,
              "Globals:\n"
              "  Function:\n"
              "    Runtime: ruby3.3\n"
              "Resources:\n"
              "  Fn:\n"
              "    Type: AWS::Serverless::Function\n"
              "    Properties:\n"
              "      Handler: app.handler\n"
              "      CodeUri: src\n",
              3, "Globals.Function.Runtime: unsupported runtime 'ruby3.3'");
  ExpectError(tmp, "Globals:\n  Function:\n    FunctionName: x\nResources: {}\n", 3,
              "Globals.Function.FunctionName: 'FunctionName' is not supported");
  ExpectError(tmp, "Globals:\n  SimpleTable: {}\nResources: {}\n", 2,
              "Globals.SimpleTable: 'SimpleTable' is not supported");
}

TEST(TemplateErrors, EventsThatTernCannotServe) {
  TempProject tmp;
  ExpectError(tmp,
              FunctionTemplate(std::string(kBase) + "      Events:\n"
                                                    "        Q:\n"
                                                    "          Type: SQS\n"
                                                    "          Properties: {Queue: arn}\n"),
              11, "Resources.Fn.Properties.Events.Q.Type: event type 'SQS' is not supported");
  // A Kinesis event must name a stream of the template.
  ExpectError(tmp,
              FunctionTemplate(std::string(kBase) +
                               "      Events:\n"
                               "        K:\n"
                               "          Type: Kinesis\n"
                               "          Properties:\n"
                               "            Stream: arn:aws:kinesis:us-east-1:1:stream/x\n"
                               "            StartingPosition: LATEST\n"),
              13,
              "Resources.Fn.Properties.Events.K.Properties.Stream: "
              "'arn:aws:kinesis:us-east-1:1:stream/x' is not the ARN of an "
              "AWS::Kinesis::Stream of this template");
  ExpectError(tmp,
              FunctionTemplate(std::string(kBase) + "      Events:\n"
                                                    "        S:\n"
                                                    "          Type: S3\n"
                                                    "          Properties:\n"
                                                    "            Bucket: some-bucket\n"
                                                    "            Events: s3:ObjectCreated:*\n"),
              13,
              "Resources.Fn.Properties.Events.S.Properties.Bucket: Bucket must be !Ref of "
              "an AWS::S3::Bucket");
  ExpectError(tmp,
              FunctionTemplate(std::string(kBase) + "      Events:\n"
                                                    "        T:\n"
                                                    "          Type: Schedule\n"
                                                    "          Properties:\n"
                                                    "            Schedule: every day\n"),
              13,
              "Resources.Fn.Properties.Events.T.Properties.Schedule: 'every day' is not a "
              "schedule expression");
  ExpectError(tmp,
              FunctionTemplate(std::string(kBase) + "      Events:\n"
                                                    "        H:\n"
                                                    "          Type: Api\n"
                                                    "          Properties:\n"
                                                    "            Path: /x\n"
                                                    "            Method: FETCH\n"),
              14,
              "Resources.Fn.Properties.Events.H.Properties.Method: 'FETCH' is not an HTTP "
              "method");
  ExpectError(tmp,
              "Resources:\n"
              "  M:\n"
              "    Type: AWS::Serverless::StateMachine\n"
              "    Properties:\n"
              "      Definition: {StartAt: A, States: {A: {Type: Succeed}}}\n"
              "      Events:\n"
              "        H:\n"
              "          Type: HttpApi\n",
              8,
              "Resources.M.Properties.Events.H.Type: event type 'HttpApi' is not supported by "
              "tern (state machines: Schedule, ScheduleV2, Api)");
}

TEST(TemplateErrors, EventSettingsOutOfRange) {
  TempProject tmp;
  std::string stream =
      "Resources:\n"                           // 1
      "  S:\n"                                 // 2
      "    Type: AWS::Kinesis::Stream\n"       // 3
      "  Fn:\n"                                // 4
      "    Type: AWS::Serverless::Function\n"  // 5
      "    Properties:\n"                      // 6
      "      Runtime: python3.12\n"            // 7
      "      Handler: app.handler\n"           // 8
      "      CodeUri: src\n"                   // 9
      "      Events:\n"                        // 10
      "        K:\n"                           // 11
      "          Type: Kinesis\n"              // 12
      "          Properties:\n"                // 13
      "            Stream: !GetAtt S.Arn\n";   // 14
  ExpectError(tmp, stream + "            StartingPosition: AT_TIMESTAMP\n", 13,
              "Resources.Fn.Properties.Events.K.Properties: StartingPosition AT_TIMESTAMP needs "
              "StartingPositionTimestamp");
  ExpectError(tmp, stream + "            BatchSize: 10001\n", 15,
              "Resources.Fn.Properties.Events.K.Properties.BatchSize: 10001 is out of range "
              "1..10000");
  ExpectError(tmp, stream + "            MaximumRecordAgeInSeconds: 30\n", 15,
              "Resources.Fn.Properties.Events.K.Properties.MaximumRecordAgeInSeconds: "
              "MaximumRecordAgeInSeconds is -1 (no limit) or 60..604800");
  ExpectError(tmp, stream + "            FilterCriteria: {}\n", 15,
              "Resources.Fn.Properties.Events.K.Properties.FilterCriteria: 'FilterCriteria' is "
              "not supported by tern");
}

TEST(TemplateErrors, NamesFollowAwsRulesAndAreUnique) {
  TempProject tmp;
  ExpectError(tmp, FunctionTemplate(std::string(kBase) + "      FunctionName: 'bad name'\n"), 9,
              "Resources.Fn.Properties.FunctionName: invalid name 'bad name'");
  ExpectError(
      tmp,
      "Resources:\n"
      "  Fn:\n"
      "    Type: AWS::Serverless::Function\n"
      "    Properties: {Runtime: python3.12, Handler: a.b, CodeUri: src, FunctionName: x}\n"
      "  Other:\n"
      "    Type: AWS::Serverless::Function\n"
      "    Properties: {Runtime: python3.12, Handler: a.b, CodeUri: src, FunctionName: x}\n",
      5, "Resources.Other: function name 'x' is also the name of Fn");
  ExpectError(tmp,
              "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
              "      BucketName: Not_Valid\n",
              5, "Resources.B.Properties.BucketName: invalid name 'Not_Valid'");
}

TEST(TemplateErrors, SyntaxErrorsAndEmptyFiles) {
  TempProject tmp;
  std::string error = tmp.Error("Resources:\n  A: [1,\n");
  EXPECT_NE(error.find(tmp.dir() + "/template.yaml:"), std::string::npos) << error;
  EXPECT_NE(tmp.Error("").find("empty"), std::string::npos);
  auto missing = LoadProject(tmp.dir() + "/nope.yaml");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), StatusCode::kIoError);
  ExpectError(tmp, "Description: x\n", 1, "Resources is required");
}

}  // namespace
}  // namespace tern::project
