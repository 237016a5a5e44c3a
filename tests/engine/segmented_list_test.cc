#include "engine/segmented_list.h"

#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace tern::engine {
namespace {

// Counts live instances, so the test sees every item destroyed exactly once.
struct Counted {
  static inline int live = 0;
  explicit Counted(int v) : value(v) { ++live; }
  Counted(const Counted& o) : value(o.value) { ++live; }
  Counted(Counted&& o) noexcept : value(o.value) { ++live; }
  ~Counted() { --live; }
  int value;
};

TEST(SegmentedList, IndexIterationAndBackAgreeAcrossBlocks) {
  SegmentedList<std::string> list;
  EXPECT_TRUE(list.empty());
  for (int i = 0; i < 5000; ++i) {
    list.emplace_back(std::to_string(i));
    ASSERT_EQ(list.back(), std::to_string(i));
  }
  ASSERT_EQ(list.size(), 5000u);
  EXPECT_EQ(list.front(), "0");
  int expected = 0;
  for (const std::string& s : list) EXPECT_EQ(s, std::to_string(expected++));
  EXPECT_EQ(expected, 5000);
  for (size_t i : {0u, 15u, 16u, 47u, 48u, 49u, 111u, 112u, 1007u, 1008u, 1519u, 1520u, 4999u}) {
    EXPECT_EQ(list[i], std::to_string(i));
  }
}

TEST(SegmentedList, ItemsNeverMoveWhileTheListGrows) {
  SegmentedList<int> list;
  list.push_back(7);
  const int* first = &list.front();
  for (int i = 0; i < 10000; ++i) list.push_back(i);
  EXPECT_EQ(first, &list.front());
  EXPECT_EQ(*first, 7);
}

TEST(SegmentedList, MoveCopyAndClearDestroyEveryItemOnce) {
  {
    SegmentedList<Counted> list;
    for (int i = 0; i < 100; ++i) list.emplace_back(i);
    EXPECT_EQ(Counted::live, 100);
    SegmentedList<Counted> copy(list);
    EXPECT_EQ(Counted::live, 200);
    EXPECT_EQ(copy[99].value, 99);
    SegmentedList<Counted> moved(std::move(list));
    EXPECT_EQ(Counted::live, 200);
    EXPECT_TRUE(list.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
    EXPECT_EQ(moved.size(), 100u);
    copy.clear();
    EXPECT_EQ(Counted::live, 100);
    copy = moved;
    EXPECT_EQ(Counted::live, 200);
    moved = std::move(copy);
    EXPECT_EQ(Counted::live, 100);
    for (Counted& c : moved) c.value *= 2;
    EXPECT_EQ(moved[50].value, 100);
  }
  EXPECT_EQ(Counted::live, 0);
}

// Throws when constructed from a negative number.
struct Picky {
  explicit Picky(int v) : value(v) {
    if (v < 0) throw std::invalid_argument("negative");
  }
  int value;
};

TEST(SegmentedList, AConstructorThatThrowsLeavesTheListAsItWas) {
  SegmentedList<Picky> list;
  for (int i = 0; i < 16; ++i) list.emplace_back(i);  // the first block, full
  EXPECT_THROW(list.emplace_back(-1), std::invalid_argument);  // would open the second block
  EXPECT_EQ(list.size(), 16u);
  EXPECT_EQ(list.back().value, 15);
  list.emplace_back(16);
  EXPECT_EQ(list.back().value, 16);
  EXPECT_THROW(list.emplace_back(-2), std::invalid_argument);  // inside a block
  EXPECT_EQ(list.size(), 17u);
  EXPECT_EQ(list[16].value, 16);
}

// A thread_local list made before its thread's block pool is destroyed after it, at thread
// exit: its blocks must be freed without the pool (the sanitizer build checks the memory).
TEST(SegmentedList, AListThatOutlivesItsThreadsBlockPoolStillFreesEverything) {
  std::thread([] {
    thread_local SegmentedList<Counted> outlives_pool;
    for (int i = 0; i < 2000; ++i) outlives_pool.emplace_back(i);
    EXPECT_EQ(Counted::live, 2000);
  }).join();
  EXPECT_EQ(Counted::live, 0);
}

}  // namespace
}  // namespace tern::engine
