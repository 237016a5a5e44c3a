// The hash chain's values are stored in every database: the function that computes them must
// keep giving the same bytes (docs/audit.md gives the formula; the expected values were
// computed independently with Python's hashlib).
#include "storage/sqlite/hash_chain.h"

#include <gtest/gtest.h>

namespace tern::storage::sqlite {
namespace {

TEST(HashChain, FollowsTheDocumentedFormula) {
  EventRecord first;
  first.id = 1;
  first.previous_id = 0;
  first.timestamp = 1700000000123;
  first.type = "ExecutionStarted";
  first.details_field = "executionStartedEventDetails";
  first.details = R"({"input":"{}"})";
  const std::string seed = "arn:aws:states:us-east-1:123456789012:execution:Flow:x";
  const std::string h1 = ChainHash(seed, first);
  EXPECT_EQ(h1, "05c450a686d430d995698565c6a4603a5cc9a6a5a1a02b1d3018d586ad7592d3");

  EventRecord second;  // negative numbers and empty fields are hashed as written
  second.id = 2;
  second.previous_id = 1;
  second.timestamp = -5;
  second.type = "PassStateEntered";
  EXPECT_EQ(ChainHash(h1, second),
            "213c00b530a272d0676cb1de07a0e81c72bef4593c6a844a748559c0e1f6a239");

  const ChainDigest raw = ChainHashBytes(seed, first);
  EXPECT_EQ(BytesToHex(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size())),
            h1);
}

TEST(HashChain, BytesAreWrittenAsLowercaseHex) {
  EXPECT_EQ(BytesToHex(std::string("\x00\x7f\x80\xff", 4)), "007f80ff");
}

}  // namespace
}  // namespace tern::storage::sqlite
