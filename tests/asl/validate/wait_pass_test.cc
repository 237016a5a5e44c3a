#include "tests/asl/validate/validate_test_util.h"

namespace tern::asl::testing {
namespace {

std::string Wait(const std::string& fields) {
  return "{\n\"StartAt\": \"W\",\n\"States\": {\n\"W\": {\n\"Type\": \"Wait\",\n" + fields +
         "\"End\": true\n}\n}\n}";
}

TEST(WaitPass, OneDurationField) {
  ExpectValid(Wait("\"Seconds\": 0,\n"));
  ExpectValid(Wait("\"Timestamp\": \"2016-03-14T01:59:00.123+01:00\",\n"));
  ExpectValid(Wait("\"SecondsPath\": \"$.s\",\n"));
  ExpectError(Wait(""), "SCHEMA_VALIDATION_FAILED", "/States/W", "\"W\": {");
  ExpectError(Wait("\"Seconds\": 1,\n\"TimestampPath\": \"$.t\",\n"),
              "MUTUALLY_EXCLUSIVE_PROPERTIES", "/States/W", "\"W\": {");
}

TEST(WaitPass, ValueChecks) {
  ExpectError(Wait("\"Seconds\": -1,\n"), "SCHEMA_VALIDATION_FAILED", "/States/W/Seconds",
              "\"Seconds\"");
  ExpectError(Wait("\"Seconds\": 1.5,\n"), "SCHEMA_VALIDATION_FAILED", "/States/W/Seconds",
              "\"Seconds\"");
  for (const char* bad : {"2016-12-05 21:29:29Z", "2016-12-05T21:29:29", "2016-12-05T25:29:29Z",
                          "2016-13-05T21:29:29Z", "05-12-2016T21:29:29Z"}) {
    ExpectError(Wait("\"Timestamp\": \"" + std::string(bad) + "\",\n"), "SCHEMA_VALIDATION_FAILED",
                "/States/W/Timestamp", "\"Timestamp\"");
  }
}

}  // namespace
}  // namespace tern::asl::testing
