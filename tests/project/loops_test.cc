// Static recursive-loop detection: cycles through destinations, state machines, streams,
// buckets and environment variables; none on a DAG; each cycle once; Allow.
#include "project/loops.h"

#include <gtest/gtest.h>

#include "tests/project/temp_project.h"

namespace tern::project {
namespace {

using testing::TempProject;

std::vector<std::string> Paths(const TempProject& tmp, const std::string& text,
                               std::vector<Loop>* loops_out = nullptr) {
  auto project = tmp.Load(text);
  EXPECT_TRUE(project.has_value()) << project.error().message();
  if (!project) return {};
  std::vector<Loop> loops = FindLoops(*project);
  std::vector<std::string> paths;
  for (const Loop& loop : loops) paths.push_back(loop.ToString());
  if (loops_out) *loops_out = loops;
  return paths;
}

constexpr const char* kHeader =
    "Globals:\n"
    "  Function: {Runtime: python3.12, Handler: app.handler, CodeUri: src}\n"
    "Resources:\n";

TEST(Loops, CycleThroughAnAsyncDestination) {
  TempProject tmp;
  std::vector<Loop> loops;
  auto paths = Paths(tmp,
                     std::string(kHeader) +
                         "  A:\n"
                         "    Type: AWS::Serverless::Function\n"
                         "    Properties:\n"
                         "      EventInvokeConfig:\n"
                         "        DestinationConfig:\n"
                         "          OnFailure: {Type: Lambda, Destination: !GetAtt B.Arn}\n"
                         "  B:\n"
                         "    Type: AWS::Serverless::Function\n"
                         "    Properties:\n"
                         "      EventInvokeConfig:\n"
                         "        DestinationConfig:\n"
                         "          OnSuccess: {Destination: !GetAtt A.Arn}\n",
                     &loops);
  EXPECT_EQ(paths, std::vector<std::string>{"function:A -> function:B -> function:A"});
  ASSERT_EQ(loops.size(), 1u);
  EXPECT_FALSE(loops[0].allowed);
  EXPECT_EQ(loops[0].line, 4);
  EXPECT_EQ(loops[0].Explain(),
            "function:A -> function:B (OnFailure destination), function:B -> function:A "
            "(OnSuccess destination)");
}

TEST(Loops, CycleThroughAStreamAndAnEnvironmentVariable) {
  TempProject tmp;
  std::vector<Loop> loops;
  auto paths =
      Paths(tmp,
            std::string(kHeader) +
                "  S:\n"
                "    Type: AWS::Kinesis::Stream\n"
                "  A:\n"
                "    Type: AWS::Serverless::Function\n"
                "    Properties:\n"
                "      Environment: {Variables: {OUT: !Ref S}}\n"
                "      Events:\n"
                "        In:\n"
                "          Type: Kinesis\n"
                "          Properties: {Stream: !GetAtt S.Arn, StartingPosition: LATEST}\n",
            &loops);
  EXPECT_EQ(paths, std::vector<std::string>{"function:A -> stream:S -> function:A"});
  ASSERT_EQ(loops.size(), 1u);
  EXPECT_EQ(loops[0].reasons, (std::vector<std::string>{"environment variable OUT", "event In"}));
}

TEST(Loops, CycleThroughAStateMachine) {
  TempProject tmp;
  // Worker is called by Flow's Task (inside a Parallel branch, through lambda:invoke), and
  // Worker starts Flow again (it is handed Flow's ARN).
  auto paths = Paths(tmp, std::string(kHeader) +
                              "  Worker:\n"
                              "    Type: AWS::Serverless::Function\n"
                              "    Properties:\n"
                              "      Environment: {Variables: {NEXT: !Ref Flow}}\n"
                              "  Flow:\n"
                              "    Type: AWS::Serverless::StateMachine\n"
                              "    Properties:\n"
                              "      Definition:\n"
                              "        StartAt: P\n"
                              "        States:\n"
                              "          P:\n"
                              "            Type: Parallel\n"
                              "            End: true\n"
                              "            Branches:\n"
                              "              - StartAt: Call\n"
                              "                States:\n"
                              "                  Call:\n"
                              "                    Type: Task\n"
                              "                    Resource: arn:aws:states:::lambda:invoke\n"
                              "                    Parameters: {FunctionName: !Ref Worker}\n"
                              "                    End: true\n");
  EXPECT_EQ(paths, std::vector<std::string>{"function:Worker -> stateMachine:Flow -> "
                                            "function:Worker"});
}

TEST(Loops, StateMachinesStartingEachOtherAndThemselves) {
  TempProject tmp;
  auto paths = Paths(tmp,
                     "Resources:\n"
                     "  One:\n"
                     "    Type: AWS::Serverless::StateMachine\n"
                     "    Properties:\n"
                     "      DefinitionSubstitutions: {Two: !Ref Two}\n"
                     "      Definition:\n"
                     "        StartAt: Start\n"
                     "        States:\n"
                     "          Start:\n"
                     "            Type: Task\n"
                     "            Resource: arn:aws:states:::states:startExecution.sync:2\n"
                     "            Parameters: {StateMachineArn: '${Two}'}\n"
                     "            End: true\n"
                     "  Two:\n"
                     "    Type: AWS::Serverless::StateMachine\n"
                     "    Properties:\n"
                     "      Definition:\n"
                     "        StartAt: Again\n"
                     "        States:\n"
                     "          Again:\n"
                     "            Type: Task\n"
                     "            Resource: arn:aws:states:::states:startExecution\n"
                     "            Parameters: {StateMachineArn: !GetAtt One.Arn}\n"
                     "            Next: Self\n"
                     "          Self:\n"
                     "            Type: Task\n"
                     "            Resource: arn:aws:states:::aws-sdk:sfn:startExecution\n"
                     "            Parameters: {StateMachineArn: !Ref Two}\n"
                     "            End: true\n");
  EXPECT_EQ(paths, (std::vector<std::string>{"stateMachine:One -> stateMachine:Two -> "
                                             "stateMachine:One",
                                             "stateMachine:Two -> stateMachine:Two"}));
}

TEST(Loops, BucketWrittenByTheFunctionItTriggers) {
  TempProject tmp;
  auto paths =
      Paths(tmp, std::string(kHeader) +
                     "  Images:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "  Resize:\n"
                     "    Type: AWS::Serverless::Function\n"
                     "    Properties:\n"
                     "      Environment: {Variables: {TARGET_BUCKET: !Ref Images}}\n"
                     "      Events:\n"
                     "        Up:\n"
                     "          Type: S3\n"
                     "          Properties: {Bucket: !Ref Images, Events: s3:ObjectCreated:*}\n");
  EXPECT_EQ(paths, std::vector<std::string>{"function:Resize -> bucket:images -> "
                                            "function:Resize"});
}

TEST(Loops, NoFalseCycleOnADag) {
  TempProject tmp;
  // schedule -> A -> (stream S) -> B -> destination C; Flow -> A, Flow -> B; B writes to a
  // bucket nobody listens to. Diamonds (Flow -> A -> S -> B, Flow -> B) are not cycles.
  auto paths =
      Paths(tmp, std::string(kHeader) +
                     "  S:\n"
                     "    Type: AWS::Kinesis::Stream\n"
                     "  Out:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "  A:\n"
                     "    Type: AWS::Serverless::Function\n"
                     "    Properties:\n"
                     "      Environment: {Variables: {STREAM: !Ref S}}\n"
                     "      Events:\n"
                     "        Tick: {Type: Schedule, Properties: {Schedule: rate(1 minute)}}\n"
                     "  B:\n"
                     "    Type: AWS::Serverless::Function\n"
                     "    Properties:\n"
                     "      Environment: {Variables: {BUCKET: !Ref Out}}\n"
                     "      EventInvokeConfig:\n"
                     "        DestinationConfig: {OnSuccess: {Destination: !GetAtt C.Arn}}\n"
                     "      Events:\n"
                     "        In:\n"
                     "          Type: Kinesis\n"
                     "          Properties: {Stream: !GetAtt S.Arn, StartingPosition: LATEST}\n"
                     "  C:\n"
                     "    Type: AWS::Serverless::Function\n"
                     "  Flow:\n"
                     "    Type: AWS::Serverless::StateMachine\n"
                     "    Properties:\n"
                     "      Definition:\n"
                     "        StartAt: CallA\n"
                     "        States:\n"
                     "          CallA: {Type: Task, Resource: !GetAtt A.Arn, Next: CallB}\n"
                     "          CallB:\n"
                     "            Type: Task\n"
                     "            Resource: arn:aws:states:::lambda:invoke.waitForTaskToken\n"
                     "            Parameters: {FunctionName: !Ref B, Payload: {}}\n"
                     "            End: true\n");
  EXPECT_TRUE(paths.empty()) << paths[0];
}

TEST(Loops, EachElementaryCycleOnceAndAllowOnlyWhenEveryFunctionAllows) {
  TempProject tmp;
  std::vector<Loop> loops;
  // A <-> B and A <-> C: two cycles through A, each reported once. B allows recursion, A
  // does not, so neither cycle is allowed; D -> D allows it.
  auto paths = Paths(tmp,
                     std::string(kHeader) +
                         "  A:\n"
                         "    Type: AWS::Serverless::Function\n"
                         "    Properties:\n"
                         "      Environment: {Variables: {B: !Ref B, C: !GetAtt C.Arn}}\n"
                         "  B:\n"
                         "    Type: AWS::Serverless::Function\n"
                         "    Properties:\n"
                         "      RecursiveLoop: Allow\n"
                         "      Environment: {Variables: {A: !Ref A}}\n"
                         "  C:\n"
                         "    Type: AWS::Serverless::Function\n"
                         "    Properties:\n"
                         "      Environment: {Variables: {A: !Ref A}}\n"
                         "  D:\n"
                         "    Type: AWS::Serverless::Function\n"
                         "    Properties:\n"
                         "      RecursiveLoop: Allow\n"
                         "      Environment: {Variables: {SELF: !Ref D}}\n",
                     &loops);
  EXPECT_EQ(paths, (std::vector<std::string>{"function:A -> function:B -> function:A",
                                             "function:A -> function:C -> function:A",
                                             "function:D -> function:D"}));
  ASSERT_EQ(loops.size(), 3u);
  EXPECT_FALSE(loops[0].allowed);
  EXPECT_FALSE(loops[1].allowed);
  EXPECT_TRUE(loops[2].allowed);
}

TEST(Loops, TheNumberOfReportedCyclesIsBounded) {
  // A complete graph of 8 functions has thousands of elementary cycles.
  InvocationGraph graph;
  for (int i = 0; i < 8; ++i) {
    graph.nodes.push_back({GraphNode::Kind::kFunction, "f" + std::to_string(i), i + 1, false});
  }
  for (size_t i = 0; i < 8; ++i) {
    for (size_t j = 0; j < 8; ++j) {
      if (i != j) graph.edges.push_back({i, j, "test"});
    }
  }
  EXPECT_EQ(FindLoops(graph, 50).size(), 50u);
  EXPECT_EQ(FindLoops(graph, 100000).size(), 16064u);  // sum over k=2..8 of C(8,k)(k-1)!
}

}  // namespace
}  // namespace tern::project
