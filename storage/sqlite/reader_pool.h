// A few read connections, opened on demand, so reads run in parallel with the writer and with
// each other (WAL gives each read its own snapshot). In memory mode there is no file to open a
// second connection on: the pool hands out the writer's one connection, serialised by its
// mutex, so readers still see everything committed.
//
// Thread safety: Acquire() may be called from any thread; a Lease is used by one thread.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "storage/sqlite/connection.h"

namespace tern::storage::sqlite {

class ReaderPool {
 public:
  // Opens up to `max_readers` connections with `options` as readers ask for them.
  ReaderPool(ConnectionOptions options, size_t max_readers);
  // Shares `shared` (memory mode).
  explicit ReaderPool(Connection* shared);

  class Lease {
   public:
    Lease(ReaderPool* pool, Connection* connection);
    Lease(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_; }

   private:
    ReaderPool* pool_;
    Connection* connection_;
    std::unique_lock<std::mutex> lock_;  // the connection's own mutex
  };

  Result<Lease, Status> Acquire();

 private:
  void Release(Connection* connection);

  ConnectionOptions options_;
  size_t max_readers_ = 0;
  Connection* shared_ = nullptr;

  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> all_;  // guarded by mu_
  std::vector<Connection*> idle_;                 // guarded by mu_
  size_t opening_ = 0;                            // guarded by mu_
};

}  // namespace tern::storage::sqlite
