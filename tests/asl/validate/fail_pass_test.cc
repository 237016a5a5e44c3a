#include "tests/asl/validate/validate_test_util.h"

namespace tern::asl::testing {
namespace {

TEST(FailPass, ErrorAndCause) {
  ExpectValid(R"({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}})");
  const char* both = R"({
  "StartAt": "F",
  "States": {
    "F": {
      "Type": "Fail",
      "Error": "E",
      "ErrorPath": "$.e"
    }
  }
})";
  ExpectError(both, "MUTUALLY_EXCLUSIVE_PROPERTIES", "/States/F/ErrorPath", "\"ErrorPath\"");
  const char* typed = R"({
  "StartAt": "F",
  "States": {
    "F": {
      "Type": "Fail",
      "Cause": 5
    }
  }
})";
  ExpectError(typed, "SCHEMA_VALIDATION_FAILED", "/States/F/Cause", "\"Cause\"");
}

TEST(FailPass, NoPathFieldsInJsonata) {
  const char* def = R"({
  "QueryLanguage": "JSONata",
  "StartAt": "F",
  "States": {
    "F": {
      "Type": "Fail",
      "ErrorPath": "$.e"
    }
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/F/ErrorPath", "\"ErrorPath\"");
}

}  // namespace
}  // namespace tern::asl::testing
