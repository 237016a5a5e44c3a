// Step Functions' extra JSONata functions (spec/ASL.md §4) and their digests.
#include <gtest/gtest.h>

#include "common/digest.h"
#include "tests/asl/jsonata/test_util.h"

namespace tern::asl::jsonata {
namespace {

using test_util::Eval;
using test_util::EvalSfn;

TEST(StepFunctionsFunctionsTest, OnlyAvailableWhenEnabled) {
  EXPECT_EQ(Eval("$uuid()"), "error T1006");
  EXPECT_EQ(Eval("$partition([1], 1)"), "error T1006");
}

TEST(StepFunctionsFunctionsTest, Partition) {
  EXPECT_EQ(EvalSfn("$partition([1,2,3,4,5], 2)"), "[[1,2],[3,4],[5]]");
  EXPECT_EQ(EvalSfn("$partition([], 2)"), "[]");
  EXPECT_EQ(EvalSfn("$partition([1], 0)"), "error D3150");
}

TEST(StepFunctionsFunctionsTest, Range) {
  EXPECT_EQ(EvalSfn("$range(0, 10, 1)"), "[0,1,2,3,4,5,6,7,8,9,10]");
  EXPECT_EQ(EvalSfn("$range(1, 9, 3)"), "[1,4,7]");
  EXPECT_EQ(EvalSfn("$range(1, 9, 0)"), "[]");
  EXPECT_EQ(EvalSfn("$range(5, 1, -2)"), "[5,3,1]");
}

TEST(StepFunctionsFunctionsTest, Hash) {
  EXPECT_EQ(EvalSfn("$hash('input data', 'MD5')"), "\"812f45842bc6d66ee14572ce20db8e86\"");
  EXPECT_EQ(EvalSfn("$hash('input data', 'SHA-1')"),
            "\"aaff4a450a104cd177d28d18d74485e8cae074b7\"");
  EXPECT_EQ(EvalSfn("$hash('input data', 'SHA-256')"),
            "\"b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3\"");
  EXPECT_EQ(EvalSfn("$hash('x', 'SHA-3')"), "error D3150");
}

TEST(StepFunctionsFunctionsTest, DigestVectors) {
  EXPECT_EQ(*HexDigest("MD5", ""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(
      *HexDigest("SHA-384", "abc"),
      "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca"
      "134c825a7");
  EXPECT_EQ(*HexDigest("SHA-512", "abc"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c"
            "23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  // Two blocks: the length no longer fits in the first one.
  EXPECT_EQ(*HexDigest("SHA-256", std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  EXPECT_FALSE(HexDigest("CRC32", "x"));
}

TEST(StepFunctionsFunctionsTest, RandomUuidParse) {
  EXPECT_EQ(EvalSfn("$random(42) = $random(42)"), "true");
  EXPECT_EQ(EvalSfn("$random() < 1 and $random() >= 0"), "true");
  EXPECT_EQ(EvalSfn("$contains($uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab]/)"), "true");
  EXPECT_EQ(EvalSfn("$parse('{\"a\":[1,2]}').a[1]"), "2");
  EXPECT_EQ(EvalSfn("$parse('{oops')"), "error D3150");
  // Nested deeper than 1,000 levels: refused before parsing (100,000 levels overflowed the
  // stack of whatever wrote the value out).
  EXPECT_EQ(EvalSfn("$parse('" + std::string(100000, '[') + std::string(100000, ']') + "')"),
            "error D3150");
  EXPECT_EQ(EvalSfn("$count($parse('" + std::string(100, '[') + std::string(100, ']') + "'))"),
            "1");
}

}  // namespace
}  // namespace tern::asl::jsonata
