#include "common/digest.h"

#include <string>

#include <gtest/gtest.h>

namespace tern {
namespace {

// FIPS 180 / RFC 1321 test vectors, including multi-block and exact-block-boundary inputs.
TEST(Hash, KnownVectors) {
  EXPECT_EQ(*HexDigest("MD5", "abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(*HexDigest("SHA-1", "abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(*HexDigest("SHA-256", ""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(*HexDigest("SHA-256", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(*HexDigest("SHA-512", ""),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff831"
            "8d2877eec2f63b931bd47417a81a538327af927da3e");
  EXPECT_EQ(*HexDigest("SHA-384", ""),
            "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2"
            "f14898b95b");
  std::string block(64, 'a');
  EXPECT_EQ(*HexDigest("MD5", block), "014842d480b571495a4a0363793f7367");
  EXPECT_EQ(*HexDigest("SHA-1", std::string(55, 'a')), "c1c8bbdc22796e28c0e15163d20899b65621d65a");
}

TEST(Hash, UnknownAlgorithm) {
  EXPECT_FALSE(HexDigest("SHA-3", "x").has_value());
  EXPECT_FALSE(HexDigest("md5", "x").has_value());
}

}  // namespace
}  // namespace tern
