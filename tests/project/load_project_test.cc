// LoadProject over every resource type of the SAM subset, Globals, events and the errors a
// template gets (file:line: property path: what).
#include <gtest/gtest.h>

#include "project/project.h"
#include "tests/project/temp_project.h"

namespace tern::project {
namespace {

using testing::TempProject;

constexpr const char* kFull = R"(AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: every supported resource type
Globals:
  Function:
    Runtime: python3.12
    Timeout: 10
    Environment:
      Variables:
        STAGE: dev
        LOG_LEVEL: info
Resources:
  Orders:
    Type: AWS::Kinesis::Stream
    Properties:
      Name: orders-stream
      ShardCount: 3
      RetentionPeriodHours: 48
  Uploads:
    Type: AWS::S3::Bucket
  Validate:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: validate-order
      Handler: app.handler
      CodeUri: src
      MemorySize: 256
      ReservedConcurrentExecutions: 5
      ProvisionedConcurrencyConfig:
        ProvisionedConcurrentExecutions: 2
      RecursiveLoop: Allow
      Description: ignored
      Policies: [AWSLambdaBasicExecutionRole]
      Environment:
        Variables:
          LOG_LEVEL: debug
          STREAM: !Ref Orders
      EventInvokeConfig:
        MaximumRetryAttempts: 1
        MaximumEventAgeInSeconds: 120
        DestinationConfig:
          OnFailure:
            Type: Lambda
            Destination: !GetAtt Notify.Arn
      Events:
        Nightly:
          Type: Schedule
          Properties:
            Schedule: rate(1 day)
            Input: '{"full": true}'
            Enabled: false
        Tz:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: cron(0 8 * * ? *)
            ScheduleExpressionTimezone: Europe/Paris
        Ingest:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Orders.Arn
            StartingPosition: TRIM_HORIZON
            BatchSize: 50
            ParallelizationFactor: 2
            BisectBatchOnFunctionError: true
            MaximumRetryAttempts: 3
            FunctionResponseTypes: [ReportBatchItemFailures]
            DestinationConfig:
              OnFailure:
                Destination: !GetAtt Notify.Arn
        Upload:
          Type: S3
          Properties:
            Bucket: !Ref Uploads
            Events: [s3:ObjectCreated:*, s3:ObjectRemoved:Delete]
            Filter:
              S3Key:
                Rules:
                  - Name: prefix
                    Value: incoming/
                  - Name: suffix
                    Value: .json
        Get:
          Type: HttpApi
          Properties:
            Path: /orders/{id}
            Method: get
        Default:
          Type: HttpApi
        Post:
          Type: Api
          Properties:
            Path: /orders
            Method: POST
  Notify:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: src
  Bootstrap:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: provided.al2023
      CodeUri: ./src/
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: EXPRESS
      Definition:
        StartAt: Call
        States:
          Call:
            Type: Task
            Resource: !GetAtt Validate.Arn
            End: true
      Events:
        Hourly:
          Type: Schedule
          Properties:
            Schedule: rate(1 hour)
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
)";

TEST(LoadProject, ReadsEveryResourceTypeOfTheSubset) {
  TempProject tmp;
  auto project = tmp.Load(kFull);
  ASSERT_TRUE(project.has_value()) << project.error().message();
  EXPECT_EQ(project->dir, tmp.dir());
  EXPECT_EQ(project->path, tmp.dir() + "/template.yaml");
  ASSERT_EQ(project->functions.size(), 3u);
  ASSERT_EQ(project->state_machines.size(), 1u);
  ASSERT_EQ(project->streams.size(), 1u);
  ASSERT_EQ(project->buckets.size(), 1u);

  const StreamSpec& stream = project->streams[0];
  EXPECT_EQ(stream.name, "orders-stream");
  EXPECT_EQ(stream.arn, "arn:aws:kinesis:us-east-1:123456789012:stream/orders-stream");
  EXPECT_EQ(stream.shard_count, 3);
  EXPECT_EQ(stream.retention_hours, 48);
  EXPECT_EQ(stream.line, 13);

  const BucketSpec& bucket = project->buckets[0];
  EXPECT_EQ(bucket.name, "uploads");
  EXPECT_EQ(bucket.arn, "arn:aws:s3:::uploads");
  EXPECT_EQ(bucket.directory, tmp.dir() + "/.tern/buckets/uploads");

  const FunctionSpec& f = project->functions[0];
  EXPECT_EQ(f.logical_id, "Validate");
  EXPECT_EQ(f.name, "validate-order");
  EXPECT_EQ(f.arn, "arn:aws:lambda:us-east-1:123456789012:function:validate-order");
  EXPECT_EQ(f.runtime, "python3.12");
  EXPECT_EQ(f.runtime_family, RuntimeFamily::kPython);
  EXPECT_EQ(f.handler, "app.handler");
  EXPECT_EQ(f.code_dir, tmp.dir() + "/src");
  EXPECT_EQ(f.timeout_seconds, 10);
  EXPECT_EQ(f.memory_mb, 256);
  EXPECT_EQ(f.reserved_concurrency, 5);
  EXPECT_EQ(f.provisioned_concurrency, 2);
  EXPECT_TRUE(f.recursive_loop_allow);
  EXPECT_EQ(f.line, 21);
  std::map<std::string, std::string> env = {
      {"STAGE", "dev"}, {"LOG_LEVEL", "debug"}, {"STREAM", "orders-stream"}};
  EXPECT_EQ(f.environment, env);
  ASSERT_TRUE(f.event_invoke_config.has_value());
  EXPECT_EQ(f.event_invoke_config->maximum_retry_attempts, 1);
  EXPECT_EQ(f.event_invoke_config->maximum_event_age_seconds, 120);
  EXPECT_FALSE(f.event_invoke_config->on_success.has_value());
  ASSERT_TRUE(f.event_invoke_config->on_failure.has_value());
  EXPECT_EQ(f.event_invoke_config->on_failure->arn,
            "arn:aws:lambda:us-east-1:123456789012:function:Notify");

  ASSERT_EQ(f.events.size(), 7u);
  const EventSpec& nightly = f.events[0];
  EXPECT_EQ(nightly.kind, EventSpec::Kind::kSchedule);
  EXPECT_EQ(nightly.schedule_expression, "rate(1 day)");
  EXPECT_EQ(nightly.input, std::optional<std::string>(R"({"full": true})"));
  EXPECT_FALSE(nightly.enabled);
  const EventSpec& tz = f.events[1];
  EXPECT_EQ(tz.schedule_expression, "cron(0 8 * * ? *)");
  EXPECT_EQ(tz.schedule_timezone, "Europe/Paris");
  EXPECT_TRUE(tz.enabled);
  const EventSpec& ingest = f.events[2];
  EXPECT_EQ(ingest.kind, EventSpec::Kind::kStream);
  EXPECT_EQ(ingest.stream_arn, stream.arn);
  EXPECT_EQ(ingest.starting_position, "TRIM_HORIZON");
  EXPECT_EQ(ingest.batch_size, 50);
  EXPECT_EQ(ingest.parallelization_factor, 2);
  EXPECT_TRUE(ingest.bisect_batch_on_function_error);
  EXPECT_EQ(ingest.maximum_retry_attempts, 3);
  EXPECT_EQ(ingest.maximum_record_age_seconds, -1);
  EXPECT_TRUE(ingest.report_batch_item_failures);
  ASSERT_TRUE(ingest.on_failure.has_value());
  EXPECT_EQ(ingest.on_failure->arn, "arn:aws:lambda:us-east-1:123456789012:function:Notify");
  const EventSpec& upload = f.events[3];
  EXPECT_EQ(upload.kind, EventSpec::Kind::kFile);
  EXPECT_EQ(upload.bucket, "uploads");
  EXPECT_EQ(upload.directory, bucket.directory);
  EXPECT_EQ(upload.file_events,
            (std::vector<std::string>{"s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"}));
  EXPECT_EQ(upload.key_prefix, "incoming/");
  EXPECT_EQ(upload.key_suffix, ".json");
  EXPECT_EQ(f.events[4].kind, EventSpec::Kind::kHttp);
  EXPECT_EQ(f.events[4].method, "GET");
  EXPECT_EQ(f.events[4].path, "/orders/{id}");
  EXPECT_EQ(f.events[5].method, "ANY");
  EXPECT_EQ(f.events[5].path, "$default");
  EXPECT_EQ(f.events[6].method, "POST");
  EXPECT_EQ(f.events[6].path, "/orders");

  const FunctionSpec& notify = project->functions[1];
  EXPECT_EQ(notify.name, "Notify");
  EXPECT_EQ(notify.runtime_family, RuntimeFamily::kNode);
  EXPECT_EQ(notify.timeout_seconds, 10);  // from Globals
  EXPECT_EQ(notify.memory_mb, 128);       // the default
  EXPECT_FALSE(notify.recursive_loop_allow);
  EXPECT_EQ(notify.environment.at("LOG_LEVEL"), "info");
  const FunctionSpec& bootstrap = project->functions[2];
  EXPECT_EQ(bootstrap.runtime_family, RuntimeFamily::kProvided);
  EXPECT_EQ(bootstrap.handler, "");
  EXPECT_EQ(bootstrap.code_dir, tmp.dir() + "/src");

  const StateMachineSpec& flow = project->state_machines[0];
  EXPECT_EQ(flow.name, "Flow");
  EXPECT_EQ(flow.arn, "arn:aws:states:us-east-1:123456789012:stateMachine:Flow");
  EXPECT_EQ(flow.type, "EXPRESS");
  EXPECT_EQ(flow.definition_path, "");
  EXPECT_EQ(Json::parse(flow.definition)["States"]["Call"]["Resource"], f.arn);
  EXPECT_EQ(flow.document.locations.Find("/States/Call/Resource").line, 114);
  ASSERT_EQ(flow.events.size(), 1u);
  EXPECT_EQ(flow.events[0].schedule_expression, "rate(1 hour)");
}

TEST(LoadProject, LookupsFindByNameAndArn) {
  TempProject tmp;
  auto project = tmp.Load(kFull);
  ASSERT_TRUE(project.has_value()) << project.error().message();
  const std::string arn = "arn:aws:lambda:us-east-1:123456789012:function:validate-order";
  EXPECT_EQ(project->FindFunction("validate-order"), &project->functions[0]);
  EXPECT_EQ(project->FindFunction(arn), &project->functions[0]);
  EXPECT_EQ(project->FindFunction(arn + ":$LATEST"), &project->functions[0]);
  EXPECT_EQ(project->FindFunction("123456789012:function:validate-order"), &project->functions[0]);
  EXPECT_EQ(project->FindFunction("arn:aws:lambda:eu-west-1:123456789012:function:validate-order"),
            nullptr);
  EXPECT_EQ(project->FindFunction("nope"), nullptr);
  EXPECT_EQ(project->FindStateMachine("Flow"), &project->state_machines[0]);
  EXPECT_EQ(project->FindStateMachine(project->state_machines[0].arn), &project->state_machines[0]);
  EXPECT_EQ(project->FindStream("orders-stream"), &project->streams[0]);
  EXPECT_EQ(project->FindBucket("arn:aws:s3:::uploads"), &project->buckets[0]);
}

TEST(LoadProject, RegionAccountAndStackNameComeFromTheOptions) {
  TempProject tmp;
  LoadOptions options;
  options.region = "eu-west-3";
  options.account = "000000000042";
  options.stack_name = "shop";
  auto project = tmp.Load(R"(Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub ${AWS::StackName}-fn
      Runtime: python3.11
      Handler: app.handler
      CodeUri: src
)",
                          options);
  ASSERT_TRUE(project.has_value()) << project.error().message();
  EXPECT_EQ(project->functions[0].name, "shop-fn");
  EXPECT_EQ(project->functions[0].arn, "arn:aws:lambda:eu-west-3:000000000042:function:shop-fn");
  EXPECT_EQ(project->stack_name, "shop");
}

TEST(LoadProject, BucketDirectoryCanBeSetInMetadata) {
  TempProject tmp;
  auto project = tmp.Load(R"(Resources:
  Drop:
    Type: AWS::S3::Bucket
    Metadata:
      tern:
        Directory: inbox
    Properties:
      BucketName: my-drop-bucket
)");
  ASSERT_TRUE(project.has_value()) << project.error().message();
  EXPECT_EQ(project->buckets[0].name, "my-drop-bucket");
  EXPECT_EQ(project->buckets[0].directory, tmp.dir() + "/inbox");
}

TEST(LoadProject, JsonTemplatesWork) {
  TempProject tmp;
  std::string path = tmp.Write("template.json", R"({
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Fn": {
      "Type": "AWS::Serverless::Function",
      "Properties": {"Runtime": "python3.12", "Handler": "app.handler", "CodeUri": "src",
                     "Environment": {"Variables": {"SELF": {"Fn::GetAtt": ["Fn", "Arn"]}}}}
    }
  }
})");
  auto project = LoadProject(path);
  ASSERT_TRUE(project.has_value()) << project.error().message();
  EXPECT_EQ(project->functions[0].environment.at("SELF"),
            "arn:aws:lambda:us-east-1:123456789012:function:Fn");
  std::string bad = tmp.Write("bad.json", R"({
  "Resources": {
    "Fn": {"Type": "AWS::Serverless::Function",
           "Properties": {"Runtime": "java21", "Handler": "x", "CodeUri": "src"}}
  }
})");
  auto error = LoadProject(bad);
  ASSERT_FALSE(error.has_value());
  EXPECT_NE(error.error().message().find(
                "bad.json:4: Resources.Fn.Properties.Runtime: unsupported runtime 'java21'"),
            std::string::npos)
      << error.error().message();
}

TEST(FindProjectFile, PrefersTernYamlThenTemplateYamlThenYml) {
  TempProject tmp;
  EXPECT_EQ(FindProjectFile(tmp.dir()).error().code(), StatusCode::kNotFound);
  EXPECT_NE(FindProjectFile(tmp.dir()).error().message().find("tern.yaml, template.yaml"),
            std::string::npos);
  tmp.Write("template.yml", "Resources: {}\n");
  EXPECT_EQ(*FindProjectFile(tmp.dir()), tmp.dir() + "/template.yml");
  tmp.Write("template.yaml", "Resources: {}\n");
  EXPECT_EQ(*FindProjectFile(tmp.dir()), tmp.dir() + "/template.yaml");
  tmp.Write("tern.yaml", "Resources: {}\n");
  EXPECT_EQ(*FindProjectFile(tmp.dir()), tmp.dir() + "/tern.yaml");
}

TEST(LooksLikeProjectFile, TellsTemplatesFromDefinitions) {
  TempProject tmp;
  EXPECT_TRUE(LooksLikeProjectFile(tmp.Write("a.yaml", "Resources:\n  X: !Ref Y\n")));
  EXPECT_TRUE(LooksLikeProjectFile(tmp.Write("b.json", R"({"Transform": "x"})")));
  EXPECT_FALSE(LooksLikeProjectFile(tmp.Write("c.yaml", "StartAt: A\nStates: {}\n")));
  EXPECT_FALSE(LooksLikeProjectFile(tmp.Write("d.yaml", "{{{")));
  EXPECT_FALSE(LooksLikeProjectFile(tmp.dir() + "/missing.yaml"));
}

}  // namespace
}  // namespace tern::project
