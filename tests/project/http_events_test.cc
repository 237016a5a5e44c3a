// HttpApi and Api events: what the loader keeps for `tern serve`'s routes (payload format,
// REST or HTTP, timeout, state machine routes), and the route paths and duplicates it refuses.
#include <gtest/gtest.h>

#include "project/project.h"
#include "tests/project/temp_project.h"

namespace tern::project {
namespace {

using testing::TempProject;

constexpr const char* kFunction =
    "Resources:\n"                           // 1
    "  Fn:\n"                                // 2
    "    Type: AWS::Serverless::Function\n"  // 3
    "    Properties:\n"                      // 4
    "      Runtime: python3.12\n"            // 5
    "      Handler: app.handler\n"           // 6
    "      CodeUri: src\n"                   // 7
    "      Events:\n";                       // 8

std::string WithEvents(const std::string& events) { return std::string(kFunction) + events; }

void ExpectError(const TempProject& tmp, const std::string& text, int line,
                 const std::string& rest) {
  std::string error = tmp.Error(text);
  std::string expected = tmp.dir() + "/template.yaml:" + std::to_string(line) + ": " + rest;
  EXPECT_NE(error.find(expected), std::string::npos)
      << "expected: " << expected << "\n     got: " << error;
}

TEST(HttpEvents, HttpApiAndApiSettings) {
  TempProject tmp;
  auto project = tmp.Load(WithEvents(
      "        Get:\n"
      "          Type: HttpApi\n"
      "          Properties: {Path: '/orders/{id}', Method: get}\n"
      "        Old:\n"
      "          Type: HttpApi\n"
      "          Properties: {Path: /old, Method: GET, PayloadFormatVersion: '1.0',\n"
      "                       TimeoutInMillis: 5000}\n"
      "        Rest:\n"
      "          Type: Api\n"
      "          Properties: {Path: '/files/{proxy+}', Method: ANY, TimeoutInMillis: 100}\n"
      "        Default:\n"
      "          Type: HttpApi\n"));
  ASSERT_TRUE(project) << project.error().message();
  const auto& events = project->functions[0].events;
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].kind, EventSpec::Kind::kHttp);
  EXPECT_EQ(events[0].method, "GET");
  EXPECT_EQ(events[0].path, "/orders/{id}");
  EXPECT_FALSE(events[0].rest_api);
  EXPECT_EQ(events[0].payload_format, "2.0");
  EXPECT_EQ(events[0].timeout_ms, 0);
  EXPECT_EQ(events[1].payload_format, "1.0");
  EXPECT_EQ(events[1].timeout_ms, 5000);
  EXPECT_TRUE(events[2].rest_api);
  EXPECT_EQ(events[2].payload_format, "1.0");
  EXPECT_EQ(events[2].path, "/files/{proxy+}");
  EXPECT_EQ(events[2].timeout_ms, 100);
  EXPECT_EQ(events[3].path, "$default");
  EXPECT_EQ(events[3].method, "ANY");
}

TEST(HttpEvents, StateMachineApiEvent) {
  TempProject tmp;
  auto project = tmp.Load(
      "Resources:\n"
      "  M:\n"
      "    Type: AWS::Serverless::StateMachine\n"
      "    Properties:\n"
      "      Definition: {StartAt: A, States: {A: {Type: Succeed}}}\n"
      "      Events:\n"
      "        Start:\n"
      "          Type: Api\n"
      "          Properties: {Path: /start, Method: post, RestApiId: x}\n");
  ASSERT_TRUE(project) << project.error().message();
  const auto& events = project->state_machines[0].events;
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, EventSpec::Kind::kHttp);
  EXPECT_TRUE(events[0].rest_api);
  EXPECT_EQ(events[0].method, "POST");
  EXPECT_EQ(events[0].path, "/start");
}

TEST(HttpEvents, BadPathsAndSettings) {
  TempProject tmp;
  ExpectError(tmp,
              WithEvents("        H:\n"
                         "          Type: HttpApi\n"
                         "          Properties:\n"
                         "            Path: 'orders'\n"
                         "            Method: GET\n"),
              12, "Resources.Fn.Properties.Events.H.Properties.Path: a Path starts with '/'");
  ExpectError(tmp,
              WithEvents("        H:\n"
                         "          Type: HttpApi\n"
                         "          Properties:\n"
                         "            Path: '/a/{proxy+}/b'\n"
                         "            Method: GET\n"),
              12,
              "Resources.Fn.Properties.Events.H.Properties.Path: Path '/a/{proxy+}/b': the greedy "
              "parameter '{proxy+}' must be the last segment");
  ExpectError(tmp,
              WithEvents("        H:\n"
                         "          Type: HttpApi\n"
                         "          Properties:\n"
                         "            Path: '/a/x{id}'\n"
                         "            Method: GET\n"),
              12,
              "Resources.Fn.Properties.Events.H.Properties.Path: Path '/a/x{id}': 'x{id}' is "
              "neither a literal segment nor a whole {parameter}");
  ExpectError(tmp,
              WithEvents("        H:\n"
                         "          Type: HttpApi\n"
                         "          Properties:\n"
                         "            Path: '/a//b'\n"
                         "            Method: GET\n"),
              12,
              "Resources.Fn.Properties.Events.H.Properties.Path: Path '/a//b' has an empty "
              "segment ('//')");
  ExpectError(tmp,
              WithEvents("        H:\n"
                         "          Type: HttpApi\n"
                         "          Properties:\n"
                         "            PayloadFormatVersion: '3.0'\n"),
              12,
              "Resources.Fn.Properties.Events.H.Properties.PayloadFormatVersion: '3.0' is not "
              "one of 1.0, 2.0");
  ExpectError(tmp,
              WithEvents("        H:\n"
                         "          Type: Api\n"
                         "          Properties: {Path: /a, Method: GET, TimeoutInMillis: 30000}\n"),
              11,
              "Resources.Fn.Properties.Events.H.Properties.TimeoutInMillis: 30000 is out of "
              "range 50..29000");
}

TEST(HttpEvents, DuplicateRoutesAcrossFunctionsAndKinds) {
  TempProject tmp;
  ExpectError(tmp,
              WithEvents("        A:\n"
                         "          Type: HttpApi\n"
                         "          Properties: {Path: '/orders/{id}', Method: GET}\n") +
                  "  Other:\n"                             // 12
                  "    Type: AWS::Serverless::Function\n"  // 13
                  "    Properties:\n"                      // 14
                  "      Runtime: python3.12\n"            // 15
                  "      Handler: app.handler\n"           // 16
                  "      CodeUri: src\n"                   // 17
                  "      Events:\n"                        // 18
                  "        B:\n"                           // 19
                  "          Type: Api\n"
                  "          Properties: {Path: '/orders/{key}', Method: get}\n",
              19,
              "Resources.Other.Properties.Events.B: the route 'GET /orders/{key}' is also the "
              "route of event A of Fn");
  // The same path with another method, or ANY, is another route.
  EXPECT_EQ(tmp.Error(WithEvents("        A:\n"
                                 "          Type: HttpApi\n"
                                 "          Properties: {Path: /orders, Method: GET}\n"
                                 "        B:\n"
                                 "          Type: HttpApi\n"
                                 "          Properties: {Path: /orders, Method: ANY}\n")),
            "");
}

}  // namespace
}  // namespace tern::project
