// A list that is appended to one item at a time and read by index or in order, whose items
// never move: an execution's history (engine/history_event.h, EventList).
//
// Neither a vector nor a deque: a vector moves every item each time it grows (a 40,000-event
// Choice loop spent most of its time copying events and faulting in fresh pages), and
// std::deque allocates a block for every two events. Here blocks are never moved: block k holds
// 16 << k items up to 512 (then every block holds 512; at 152 bytes an event block stays under
// malloc's 128 KiB mmap threshold, so blocks come from the heap instead of fresh mappings):
// few allocations, no copies, and references stay valid while the list grows. Freed blocks are
// kept per thread for the next list (up to 64 full blocks, 4.8 MiB of history events): without
// that, malloc hands a finished execution's memory back to the kernel, and the next long
// execution pays a page fault for every 4 KiB of history again.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <iterator>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace tern::engine {

template <typename T>
class SegmentedList {
 public:
  SegmentedList() = default;
  SegmentedList(SegmentedList&& other) noexcept { Take(other); }
  SegmentedList& operator=(SegmentedList&& other) noexcept {
    if (this != &other) {
      clear();
      Take(other);
    }
    return *this;
  }
  SegmentedList(const SegmentedList& other) {
    try {
      for (const T& item : other) push_back(item);
    } catch (...) {
      clear();  // the destructor does not run for a constructor that throws
      throw;
    }
  }
  SegmentedList& operator=(const SegmentedList& other) {
    if (this != &other) {
      SegmentedList copy(other);
      *this = std::move(copy);
    }
    return *this;
  }
  ~SegmentedList() { clear(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // If T's constructor throws, the list is as it was. The common case (room in the last block)
  // is small enough to inline: an execution appends two events per transition.
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    if (next_ == limit_) [[unlikely]] {
      return EmplaceInNewBlock(std::forward<Args>(args)...);
    }
    T* at = Construct(next_, std::forward<Args>(args)...);
    ++next_;
    ++size_;
    return *at;
  }
  void push_back(T item) { emplace_back(std::move(item)); }

  T& operator[](size_t i) { return At(Locate(i)); }
  const T& operator[](size_t i) const { return At(Locate(i)); }
  T& front() { return (*this)[0]; }
  const T& front() const { return (*this)[0]; }
  T& back() { return next_[-1]; }
  const T& back() const { return next_[-1]; }

  void clear() {
    size_t left = size_;
    for (size_t b = 0; b < blocks_.size(); ++b) {
      const size_t n = std::min(Capacity(b), left);
      for (T* item = blocks_[b]; item != blocks_[b] + n; ++item) item->~T();
      left -= n;
      FreeBlock(b, blocks_[b]);
    }
    blocks_.clear();
    size_ = 0;
    next_ = limit_ = nullptr;
  }

  // Where an item lies: declared before Iterator, which holds one (clang requires it).
  struct Position {
    size_t block = 0;
    size_t offset = 0;
  };

  template <typename List, typename Item>
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = Item*;
    using reference = Item&;

    Iterator() = default;
    Iterator(List* list, size_t index) : list_(list), index_(index), at_(list->Locate(index)) {}
    Item& operator*() const { return list_->At(at_); }
    Item* operator->() const { return &list_->At(at_); }
    Iterator& operator++() {
      ++index_;
      if (++at_.offset == Capacity(at_.block)) {
        ++at_.block;
        at_.offset = 0;
      }
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    bool operator==(const Iterator& other) const { return index_ == other.index_; }

   private:
    List* list_ = nullptr;
    size_t index_ = 0;
    typename SegmentedList::Position at_;
  };
  using iterator = Iterator<SegmentedList, T>;
  using const_iterator = Iterator<const SegmentedList, const T>;

  iterator begin() { return iterator(this, 0); }
  iterator end() { return iterator(this, size_); }
  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(this, size_); }

 private:
  static constexpr size_t kFirstBlock = 16;
  static constexpr size_t kGrowingBlocks = 6;  // 16, 32, ..., 512 items
  static constexpr size_t kLargestBlock = kFirstBlock << (kGrowingBlocks - 1);
  // Items in the growing blocks: block k < kGrowingBlocks starts at kFirstBlock * (2^k - 1).
  static constexpr size_t kGrowingItems = kFirstBlock * ((size_t{1} << kGrowingBlocks) - 1);
  static size_t Capacity(size_t block) {
    return block < kGrowingBlocks ? kFirstBlock << block : kLargestBlock;
  }
  static Position Locate(size_t index) {
    if (index >= kGrowingItems) {
      const size_t rest = index - kGrowingItems;
      return {kGrowingBlocks + rest / kLargestBlock, rest % kLargestBlock};
    }
    const size_t block = std::bit_width(index / kFirstBlock + 1) - 1;
    return {block, index - kFirstBlock * ((size_t{1} << block) - 1)};
  }
  // Freed blocks by size class (the growing sizes, then the full size), kept for reuse.
  static constexpr size_t kClasses = kGrowingBlocks + 1;
  static size_t ClassOf(size_t block) { return block < kGrowingBlocks ? block : kGrowingBlocks; }
  static size_t PoolLimit(size_t size_class) { return size_class == kGrowingBlocks ? 64 : 4; }
  // A list destroyed after its thread's pool (a static one, at exit) frees its blocks itself:
  // `pool_gone` is trivially destructible, so it can still be read then.
  static inline thread_local bool pool_gone = false;
  struct BlockPool {
    std::vector<T*> free[kClasses];
    ~BlockPool() {
      pool_gone = true;
      for (auto& blocks : free) {
        for (T* block : blocks) Release(block);
      }
    }
  };
  static BlockPool& Pool() {
    thread_local BlockPool pool;
    return pool;
  }
  static void Release(T* memory) { ::operator delete(memory, std::align_val_t{alignof(T)}); }
  static T* AllocateBlock(size_t block) {
    if (!pool_gone) {
      std::vector<T*>& free = Pool().free[ClassOf(block)];
      if (!free.empty()) {
        T* reused = free.back();
        free.pop_back();
        return reused;
      }
    }
    return static_cast<T*>(
        ::operator new(sizeof(T) * Capacity(block), std::align_val_t{alignof(T)}));
  }
  // Never throws (it runs in destructors and moves): a pool that cannot grow is skipped.
  static void FreeBlock(size_t block, T* memory) noexcept {
    if (!pool_gone) {
      std::vector<T*>& free = Pool().free[ClassOf(block)];
      if (free.size() < PoolLimit(ClassOf(block))) {
        try {
          free.push_back(memory);
          return;
        } catch (...) {
        }
      }
    }
    Release(memory);
  }

  template <typename... Args>
  static T* Construct(T* at, Args&&... args) {
    if constexpr (sizeof...(Args) == 0) {
      // Default-initialised, not value-initialised: T's constructor sets its members, and
      // value-initialisation would first zero the whole item.
      return ::new (at) T;
    } else {
      return ::new (at) T(std::forward<Args>(args)...);
    }
  }
  // emplace_back when the last block is full (or there is none yet).
  template <typename... Args>
  [[gnu::noinline]] T& EmplaceInNewBlock(Args&&... args) {
    const size_t block = blocks_.size();
    blocks_.reserve(block + 1);  // the only step that may throw before the block is taken
    T* at = AllocateBlock(block);
    blocks_.push_back(at);
    try {
      Construct(at, std::forward<Args>(args)...);
    } catch (...) {
      FreeBlock(block, at);
      blocks_.pop_back();
      throw;
    }
    next_ = at + 1;
    limit_ = at + Capacity(block);
    ++size_;
    return *at;
  }

  T& At(Position p) { return blocks_[p.block][p.offset]; }
  const T& At(Position p) const { return blocks_[p.block][p.offset]; }

  void Take(SegmentedList& other) {
    blocks_ = std::move(other.blocks_);
    other.blocks_.clear();
    size_ = std::exchange(other.size_, 0);
    next_ = std::exchange(other.next_, nullptr);
    limit_ = std::exchange(other.limit_, nullptr);
  }

  std::vector<T*> blocks_;
  size_t size_ = 0;
  T* next_ = nullptr;   // where the next item goes, in the last block
  T* limit_ = nullptr;  // the end of the last block
};

}  // namespace tern::engine
