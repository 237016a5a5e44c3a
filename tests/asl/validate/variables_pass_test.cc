#include "tests/asl/validate/validate_test_util.h"

namespace tern::asl::testing {
namespace {

TEST(VariablesPass, AssignAndReadBack) {
  ExpectValid(R"({
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Assign": {"count": 1, "name.$": "$.name"}, "Next": "B"},
    "B": {"Type": "Pass", "Parameters": {"c.$": "$count"}, "End": true}
  }
})");
}

TEST(VariablesPass, ReservedAndInvalidNames) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Assign": {
      "states": 1,
      "1st": 2,
      "a.b": 3
    }, "End": true}
  }
})";
  ExpectError(def, "INVALID_VARIABLE", "/States/A/Assign/states", "\"states\"");
  ExpectError(def, "INVALID_VARIABLE", "/States/A/Assign/1st", "\"1st\"");
  ExpectError(def, "INVALID_VARIABLE", "/States/A/Assign/a.b", "\"a.b\"");
}

TEST(VariablesPass, InnerScopeCannotReassignOuterName) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Assign": {"total": 0}, "Next": "P"},
    "P": {"Type": "Parallel", "End": true, "Branches": [{
      "StartAt": "B",
      "States": {"B": {"Type": "Pass", "Assign": {
        "total": 1
      }, "End": true}}
    }]}
  }
})";
  ExpectError(def, "INVALID_VARIABLE", "/States/P/Branches/0/States/B/Assign/total",
              "\"total\": 1");
}

TEST(VariablesPass, UndefinedVariableReference) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Parameters": {
      "x.$": "$nope.field"
    }, "End": true}
  }
})";
  ExpectError(def, "INVALID_VARIABLE", "/States/A/Parameters/x.$", "\"x.$\"");
}

TEST(VariablesPass, DistributedChildSeesNoOuterVariables) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Assign": {"v": 1}, "Next": "M"},
    "M": {"Type": "Map", "End": true, "ItemProcessor": {
      "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
      "StartAt": "B",
      "States": {"B": {"Type": "Pass", "InputPath": "$v",
        "End": true}}
    }}
  }
})";
  ExpectError(def, "INVALID_VARIABLE", "/States/M/ItemProcessor/States/B/InputPath",
              "\"InputPath\"");
}

TEST(VariablesPass, AssignMustBeAnObject) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass",
      "Assign": [1],
      "End": true}
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/A/Assign", "\"Assign\"");
}

}  // namespace
}  // namespace tern::asl::testing
