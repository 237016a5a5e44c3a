#include "tests/asl/validate/validate_test_util.h"

namespace tern::asl::testing {
namespace {

TEST(MapParallelPass, ValidDistributedMap) {
  ExpectValid(R"({
  "StartAt": "M",
  "States": {
    "M": {
      "Type": "Map",
      "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                     "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW",
                                      "MaxItems": 10},
                     "Parameters": {"Bucket": "b", "Key": "k"}},
      "ItemBatcher": {"MaxItemsPerBatch": 10, "BatchInput": {"x": 1}},
      "ToleratedFailurePercentage": 5.5,
      "Label": "MyLabel",
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
        "StartAt": "W",
        "States": {"W": {"Type": "Pass", "End": true}}
      },
      "End": true
    }
  }
})");
}

TEST(MapParallelPass, DistributedOnlyFieldsInAnInlineMap) {
  const char* def = R"({
  "StartAt": "M",
  "States": {
    "M": {
      "Type": "Map",
      "ToleratedFailureCount": 1,
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "INLINE"},
        "StartAt": "W",
        "States": {"W": {"Type": "Pass", "End": true}}
      },
      "End": true
    }
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/M/ToleratedFailureCount",
              "\"ToleratedFailureCount\"");
}

TEST(MapParallelPass, ItemProcessorOrIterator) {
  const char* none = R"({
  "StartAt": "M",
  "States": {
    "M": {
      "Type": "Map",
      "End": true
    }
  }
})";
  ExpectError(none, "SCHEMA_VALIDATION_FAILED", "/States/M", "\"M\": {");
  const char* both = R"({
  "StartAt": "M",
  "States": {
    "M": {
      "Type": "Map",
      "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}},
      "Iterator": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}},
      "End": true
    }
  }
})";
  ExpectError(both, "MUTUALLY_EXCLUSIVE_PROPERTIES", "/States/M/Iterator", "\"Iterator\"");
}

TEST(MapParallelPass, DistributedNeedsExecutionType) {
  const char* def = R"({
  "StartAt": "M",
  "States": {
    "M": {
      "Type": "Map",
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED"},
        "StartAt": "W",
        "States": {"W": {"Type": "Pass", "End": true}}
      },
      "End": true
    }
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/M/ItemProcessor/ProcessorConfig",
              "\"ProcessorConfig\"");
}

TEST(MapParallelPass, ToleratedFailureRangesAndPairs) {
  const char* def = R"({
  "StartAt": "M",
  "States": {
    "M": {
      "Type": "Map",
      "ToleratedFailurePercentage": 101,
      "ToleratedFailureCount": 1,
      "ToleratedFailureCountPath": "$.n",
      "MaxConcurrency": -1,
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "W",
        "States": {"W": {"Type": "Pass", "End": true}}
      },
      "End": true
    }
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/M/ToleratedFailurePercentage", "101");
  ExpectError(def, "MUTUALLY_EXCLUSIVE_PROPERTIES", "/States/M/ToleratedFailureCountPath",
              "\"ToleratedFailureCountPath\"");
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/M/MaxConcurrency", "\"MaxConcurrency\"");
}

TEST(MapParallelPass, ItemBatcherDupes) {
  const char* def = R"({
  "StartAt": "M",
  "States": {
    "M": {
      "Type": "Map",
      "ItemBatcher": {"MaxItemsPerBatch": 2,
        "MaxItemsPerBatchPath": "$.n"},
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "W",
        "States": {"W": {"Type": "Pass", "End": true}}
      },
      "End": true
    }
  }
})";
  ExpectError(def, "MUTUALLY_EXCLUSIVE_PROPERTIES", "/States/M/ItemBatcher/MaxItemsPerBatchPath",
              "\"MaxItemsPerBatchPath\"");
}

TEST(MapParallelPass, LabelCharacters) {
  const char* def = R"({
  "StartAt": "M",
  "States": {
    "M": {
      "Type": "Map",
      "Label": "has space",
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "W",
        "States": {"W": {"Type": "Pass", "End": true}}
      },
      "End": true
    }
  }
})";
  ExpectError(def, "SCHEMA_VALIDATION_FAILED", "/States/M/Label", "\"Label\"");
}

TEST(MapParallelPass, BranchesMustBeANonEmptyArrayOfMachines) {
  const char* empty = R"({
  "StartAt": "P",
  "States": {
    "P": {
      "Type": "Parallel",
      "Branches": [],
      "End": true
    }
  }
})";
  ExpectError(empty, "SCHEMA_VALIDATION_FAILED", "/States/P/Branches", "\"Branches\"");
  const char* no_start = R"({
  "StartAt": "P",
  "States": {
    "P": {
      "Type": "Parallel",
      "Branches": [
        {"States": {"A": {"Type": "Succeed"}}}
      ],
      "End": true
    }
  }
})";
  ExpectError(no_start, "SCHEMA_VALIDATION_FAILED", "/States/P/Branches/0", "{\"States\"");
}

}  // namespace
}  // namespace tern::asl::testing

namespace tern::asl {
namespace {

// AWS accepted these (../shared/conformance: test_map_state_legacy_config_*).
TEST(MapParallelPassRecorded, LegacyIteratorMayCarryAProcessorConfig) {
  Document doc;
  doc.value = Json::parse(R"({"StartAt": "M", "States": {"M": {"Type": "Map",
    "Iterator": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P",
                 "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}})");
  EXPECT_FALSE(HasErrors(Validate(doc)));
}

}  // namespace
}  // namespace tern::asl
