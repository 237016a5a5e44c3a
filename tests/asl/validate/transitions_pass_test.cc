#include "tests/asl/validate/validate_test_util.h"

namespace tern::asl::testing {
namespace {

TEST(TransitionsPass, MissingNextTarget) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass",
      "Next": "Nowhere"
    },
    "B": {"Type": "Succeed"}
  }
})";
  ExpectError(def, "MISSING_TRANSITION_TARGET", "/States/A/Next", "\"Nowhere\"");
}

TEST(TransitionsPass, MissingStartAtDefaultAndCatchTargets) {
  const char* def = R"({
  "StartAt": "Start",
  "States": {
    "C": {
      "Type": "Choice",
      "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "S"}],
      "Default": "Gone"
    },
    "T": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Lost"}],
      "Next": "S"
    },
    "S": {"Type": "Succeed"}
  }
})";
  ExpectError(def, "MISSING_TRANSITION_TARGET", "/StartAt", "\"Start\"");
  ExpectError(def, "MISSING_TRANSITION_TARGET", "/States/C/Default", "\"Gone\"");
  ExpectError(def, "MISSING_TRANSITION_TARGET", "/States/T/Catch/0/Next", "\"Lost\"");
}

TEST(TransitionsPass, BranchesAreClosedScopes) {
  const char* def = R"({
  "StartAt": "P",
  "States": {
    "P": {
      "Type": "Parallel",
      "Branches": [{
        "StartAt": "Inner",
        "States": {
          "Inner": {"Type": "Pass", "Next": "Done"}
        }
      }],
      "Next": "Done"
    },
    "Done": {"Type": "Succeed"}
  }
})";
  ExpectError(def, "MISSING_TRANSITION_TARGET", "/States/P/Branches/0/States/Inner/Next",
              "\"Inner\": {");
}

TEST(TransitionsPass, UnreachableState) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {"Type": "Succeed"},
    "Orphan": {
      "Type": "Succeed"
    }
  }
})";
  ExpectError(def, "UNREACHABLE_STATE", "/States/Orphan", "\"Orphan\"");
}

TEST(TransitionsPass, ReachableThroughCatchAndDefault) {
  ExpectValid(R"({
  "StartAt": "T",
  "States": {
    "T": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handler"}],
      "Next": "C"
    },
    "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "S"}],
          "Default": "F"},
    "Handler": {"Type": "Fail", "Error": "E"},
    "S": {"Type": "Succeed"},
    "F": {"Type": "Fail"}
  }
})");
}

TEST(TransitionsPass, NoTerminalState) {
  const char* def = R"({
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "Pass", "Next": "A"}
  }
})";
  ExpectError(def, "NO_TERMINAL_STATE", "/States", "\"States\"");
}

TEST(TransitionsPass, DuplicateNameAcrossScopes) {
  const char* def = R"({
  "StartAt": "M",
  "States": {
    "M": {
      "Type": "Map",
      "ItemProcessor": {
        "StartAt": "Done",
        "States": {
          "Done": {"Type": "Succeed"}
        }
      },
      "Next": "Done"
    },
    "Done": {"Type": "Succeed"}
  }
})";
  // States are walked scope by scope, so the nested one is the second use.
  ExpectError(def, "DUPLICATE_STATE_NAME", "/States/M/ItemProcessor/States/Done",
              "\"Done\": {\"Type\": \"Succeed\"}");
}

TEST(TransitionsPass, StateNameLength) {
  std::string name(81, 'x');
  std::string def = "{\n\"StartAt\": \"" + name + "\",\n\"States\": {\n\"" + name +
                    "\": {\"Type\": \"Succeed\"}\n}\n}";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/" + name, "\"" + name + "\": {");
  std::string ok(80, 'y');
  ExpectValid("{\"StartAt\": \"" + ok + "\", \"States\": {\"" + ok +
              "\": {\"Type\": \"Succeed\"}}}");
}

TEST(TransitionsPass, NameWithSlashIsEscapedInThePointer) {
  const char* def = R"({
  "StartAt": "a/b",
  "States": {
    "a/b": {"Type": "Pass", "Next": "x~y"}
  }
})";
  ExpectError(def, "MISSING_TRANSITION_TARGET", "/States/a~1b/Next", "\"x~y\"");
}

}  // namespace
}  // namespace tern::asl::testing
