#include "common/shared_text.h"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>
#include <vector>

namespace tern {
namespace {

const std::string kLong(9000, 'x');  // over the inline size: shared, not copied

TEST(SharedText, HoldsShortAndLongText) {
  EXPECT_TRUE(SharedText().empty());
  EXPECT_EQ(SharedText().view(), "");
  for (const std::string& s : {std::string("{}"), std::string(16, 'a'), std::string(17, 'b'), kLong}) {
    SharedText t(s);
    EXPECT_EQ(t.view(), s);
    EXPECT_EQ(t.size(), s.size());
    EXPECT_EQ(t.str(), s);
    EXPECT_FALSE(t.empty());
  }
  EXPECT_EQ(SharedText(std::string("a\0b", 3)).size(), 3u) << "bytes, not a C string";
}

TEST(SharedText, CopiesShareLongTextAndCopyShortText) {
  SharedText a(kLong);
  SharedText b = a;
  EXPECT_EQ(a.view().data(), b.view().data()) << "a copy shares the bytes";
  SharedText c("{}");
  SharedText d = c;
  EXPECT_NE(c.view().data(), d.view().data()) << "short text lives in each copy";
  EXPECT_EQ(c, d);
}

TEST(SharedText, OutlivesTheOriginal) {
  SharedText copy;
  {
    SharedText original(kLong);
    copy = original;
  }
  EXPECT_EQ(copy.view(), kLong);
}

TEST(SharedText, MoveLeavesTheSourceEmpty) {
  SharedText a(kLong);
  const char* bytes = a.view().data();
  SharedText b = std::move(a);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is documented empty
  EXPECT_EQ(b.view().data(), bytes);
  SharedText c;
  c = std::move(b);
  EXPECT_EQ(c.view(), kLong);
}

TEST(SharedText, AssignmentReplacesAndReleases) {
  SharedText a(kLong);
  SharedText b("short");
  b = a;
  EXPECT_EQ(b.view(), kLong);
  a = SharedText("other");
  EXPECT_EQ(a.view(), "other");
  EXPECT_EQ(b.view(), kLong);
  SharedText& self = b;
  b = self;
  EXPECT_EQ(b.view(), kLong);
}

TEST(SharedText, ComparesAndPrintsItsText) {
  EXPECT_EQ(SharedText(kLong), SharedText(kLong));
  EXPECT_FALSE(SharedText("a") == SharedText("b"));
  EXPECT_TRUE(SharedText("[1]") == std::string_view("[1]"));
  std::ostringstream out;
  out << SharedText("[1,2]");
  EXPECT_EQ(out.str(), "[1,2]");
}

// Copies made and dropped on several threads at once: the count must stay exact (run under
// scripts/sanitize.sh, ASan reports a double free or a leak if it does not).
TEST(SharedText, CopiesLiveAndDieOnManyThreads) {
  SharedText shared(kLong);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([shared] {
      for (int i = 0; i < 20000; ++i) {
        SharedText copy = shared;
        ASSERT_EQ(copy.size(), kLong.size());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(shared.view(), kLong);
}

}  // namespace
}  // namespace tern
