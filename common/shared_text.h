// Immutable text that several owners hold without copying it: the JSON a state passes on is in
// its ...StateExited event, in the next state's ...StateEntered event and in the outcome between
// them. With std::string each of those was a copy (two per transition: 18 KiB of copying for a
// 9 KiB payload); with SharedText a copy is a reference count, or for short text (which fits
// inline and needs no count) 24 bytes.
//
// Thread safety: the count is atomic, so copies of one text may live and die on different
// threads (a durable runner's writer thread holds events the engine's thread also refers to).
// The text itself never changes.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace tern {

class SharedText {
 public:
  SharedText() noexcept = default;
  explicit SharedText(std::string text) : size_(text.size()) {
    if (is_shared()) {
      block_ = new Block(std::move(text));
    } else {
      std::memcpy(small_, text.data(), size_);
    }
  }
  explicit SharedText(std::string_view text) : SharedText(std::string(text)) {}
  explicit SharedText(const char* text) : SharedText(std::string(text)) {}

  SharedText(const SharedText& other) noexcept : size_(other.size_) {
    if (is_shared()) {
      block_ = other.block_;
      block_->refs.fetch_add(1, std::memory_order_relaxed);
    } else {
      std::memcpy(small_, other.small_, kInline);
    }
  }
  SharedText(SharedText&& other) noexcept : size_(other.size_) {
    std::memcpy(small_, other.small_, kInline);  // the inline text or the block pointer
    other.size_ = 0;
  }
  // Written out rather than copy-and-swap: events assign texts on every transition.
  SharedText& operator=(const SharedText& other) noexcept {
    if (other.is_shared()) other.block_->refs.fetch_add(1, std::memory_order_relaxed);
    if (is_shared()) Release(block_);  // after taking `other`'s: safe when it is this text
    size_ = other.size_;
    std::memcpy(small_, other.small_, kInline);
    return *this;
  }
  SharedText& operator=(SharedText&& other) noexcept {
    if (this != &other) {
      if (is_shared()) Release(block_);
      size_ = other.size_;
      std::memcpy(small_, other.small_, kInline);
      other.size_ = 0;
    }
    return *this;
  }
  // Inline text (most transitions' {"...": ...}) costs a comparison; only a shared block pays
  // for the call that counts down.
  ~SharedText() {
    if (is_shared()) Release(block_);
  }

  std::string_view view() const noexcept {
    return is_shared() ? std::string_view(block_->text) : std::string_view(small_, size_);
  }
  std::string str() const { return std::string(view()); }
  size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

  friend bool operator==(const SharedText& a, const SharedText& b) noexcept {
    return a.view() == b.view();
  }
  friend bool operator==(const SharedText& a, std::string_view b) noexcept { return a.view() == b; }
  friend std::ostream& operator<<(std::ostream& out, const SharedText& t) { return out << t.view(); }

 private:
  // Text up to this size is kept inline; the block pointer shares its bytes.
  static constexpr size_t kInline = 16;
  struct Block {
    explicit Block(std::string t) : text(std::move(t)) {}
    std::atomic<uint32_t> refs{1};
    std::string text;
  };
  bool is_shared() const noexcept { return size_ > kInline; }
  [[gnu::noinline]] static void Release(Block* block) noexcept {
    if (block->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete block;
  }

  size_t size_ = 0;
  union {
    char small_[kInline] = {};
    Block* block_;
  };
};

}  // namespace tern
