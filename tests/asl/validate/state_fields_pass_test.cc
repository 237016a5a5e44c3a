#include "tests/asl/validate/validate_test_util.h"

namespace tern::asl::testing {
namespace {

TEST(StateFieldsPass, UnknownFieldIsNamed) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass",
      "Resultpath": "$.x",
      "End": true
    }
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/A/Resultpath", "\"Resultpath\"");
}

TEST(StateFieldsPass, UnknownTypeAndMissingType) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Parallell",
      "End": true
    },
    "B": {
      "End": true
    }
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/A/Type", "\"Parallell\"");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/B", "\"B\"");
}

TEST(StateFieldsPass, JsonPathFieldInJsonataState) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass",
      "QueryLanguage": "JSONata",
      "InputPath": "$.x",
      "End": true
    }
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/A/InputPath", "\"InputPath\"");
}

TEST(StateFieldsPass, JsonataFieldInJsonPathState) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass",
      "Output": {"a": 1},
      "End": true
    }
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/A/Output", "\"Output\"");
}

TEST(StateFieldsPass, StateLevelJsonataOverridesTheMachine) {
  ExpectValid(R"({
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input %}",
          "Next": "B"},
    "B": {"Type": "Pass", "InputPath": "$", "End": true}
  }
})");
}

TEST(StateFieldsPass, JsonPathStateInJsonataMachineUsesAwsWording) {
  const char* def = R"({
  "QueryLanguage": "JSONata",
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass",
      "QueryLanguage": "JSONPath",
      "End": true
    }
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/A", "\"A\": {");
  auto diagnostics = Check(def);
  bool found = false;
  for (const auto& d : diagnostics) {
    found = found || d.message ==
                         "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' "
                         "for whole state machine";
  }
  EXPECT_TRUE(found) << Describe(diagnostics);
}

TEST(StateFieldsPass, NextAndEndTogether) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass",
      "Next": "B",
      "End": true
    },
    "B": {"Type": "Succeed"}
  }
})";
  ExpectError(def, "MUTUALLY_EXCLUSIVE_PROPERTIES", "/States/A", "\"A\": {");
}

TEST(StateFieldsPass, NeitherNextNorEnd) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Wait",
      "Seconds": 1,
      "End": false
    },
    "B": {"Type": "Succeed"}
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/A", "\"A\": {");
}

TEST(StateFieldsPass, TerminalTypesRefuseNext) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Succeed",
      "Next": "A"
    }
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/A/Next", "\"Next\"");
}

TEST(StateFieldsPass, RequiredFieldsPerType) {
  const char* def = R"({
  "StartAt": "T",
  "States": {
    "T": {
      "Type": "Task",
      "End": true
    }
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/T", "\"T\": {");
}

}  // namespace
}  // namespace tern::asl::testing
