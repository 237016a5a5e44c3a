#include "storage/sqlite/reader_pool.h"

namespace tern::storage::sqlite {

ReaderPool::ReaderPool(ConnectionOptions options, size_t max_readers)
    : options_(std::move(options)), max_readers_(max_readers == 0 ? 1 : max_readers) {}

ReaderPool::ReaderPool(Connection* shared) : shared_(shared) {}

ReaderPool::Lease::Lease(ReaderPool* pool, Connection* connection)
    : pool_(pool), connection_(connection), lock_(connection->mutex()) {}

ReaderPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(other.connection_), lock_(std::move(other.lock_)) {
  other.connection_ = nullptr;
}

ReaderPool::Lease::~Lease() {
  if (connection_ == nullptr) return;
  lock_.unlock();
  pool_->Release(connection_);
}

Result<ReaderPool::Lease, Status> ReaderPool::Acquire() {
  if (shared_ != nullptr) return Lease(this, shared_);
  std::unique_lock lock(mu_);
  for (;;) {
    if (!idle_.empty()) {
      Connection* c = idle_.back();
      idle_.pop_back();
      lock.unlock();
      return Lease(this, c);
    }
    if (all_.size() + opening_ < max_readers_) break;
    available_.wait(lock);
  }
  // Open outside the lock (it reads the file); the slot is reserved by opening_.
  ++opening_;
  lock.unlock();
  auto opened = Connection::Open(options_);
  lock.lock();
  --opening_;
  if (!opened) {
    available_.notify_one();
    return Unexpected(opened.error());
  }
  all_.push_back(std::move(opened).value());
  Connection* c = all_.back().get();
  lock.unlock();
  return Lease(this, c);
}

void ReaderPool::Release(Connection* connection) {
  if (shared_ != nullptr) return;
  {
    std::lock_guard lock(mu_);
    idle_.push_back(connection);
  }
  available_.notify_one();
}

}  // namespace tern::storage::sqlite
