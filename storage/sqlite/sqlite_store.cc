// Opening, closing and the write path of SqliteStore. The other members live in files named
// for what they do: state_machines.cc, execution_reads.cc, claims.cc, audit.cc.
#include "storage/sqlite/sqlite_store.h"

#include <filesystem>

#include "storage/sqlite/claims.h"
#include "storage/sqlite/schema.h"

namespace tern::storage::sqlite {
namespace {

ConnectionOptions OptionsFor(const StoreOptions& options, const std::string& display_path) {
  ConnectionOptions c;
  c.display_path = display_path;
  c.busy_timeout_ms = options.busy_timeout_ms;
  switch (options.durability) {
    case Durability::kMemory:
      c.path = ":memory:";
      c.wal = false;
      c.synchronous = "OFF";
      break;
    case Durability::kStrict:
      c.path = options.path;
      c.synchronous = "FULL";  // fsync the WAL on every commit
      break;
    case Durability::kBatched:
      c.path = options.path;
      c.synchronous = "NORMAL";  // the WAL is synced at checkpoints (see MaintenanceLoop)
      break;
  }
  return c;
}

Status CreateParentDirectory(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return Status::Ok();
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) {
    return Status::IoError("cannot create directory " + parent.string() + " for database " + path +
                           ": " + ec.message());
  }
  return Status::Ok();
}

}  // namespace

SqliteStore::SqliteStore(const StoreOptions& options, std::string display_path)
    : options_(options), display_path_(std::move(display_path)), owner_(NewOwnerIdentity()) {}

Result<std::unique_ptr<Store>, Status> SqliteStore::Open(const StoreOptions& options) {
  bool memory = options.durability == Durability::kMemory;
  if (!memory && options.path.empty()) {
    return Unexpected(Status::InvalidArgument("no database path given"));
  }
  std::string display = memory ? std::string(":memory:") : options.path;
  if (!memory) {
    if (Status s = CreateParentDirectory(options.path); !s.ok()) return Unexpected(s);
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(options, display));
  ConnectionOptions write_options = OptionsFor(options, display);
  auto writer = Connection::Open(write_options);
  if (!writer) return Unexpected(writer.error());
  store->writer_ = std::move(writer).value();
  if (Status s = Migrate(*store->writer_); !s.ok()) return Unexpected(s);
  if (Status s = RegisterOwner(*store->writer_, store->owner_, NowMs()); !s.ok()) {
    return Unexpected(s);
  }
  if (memory) {
    store->readers_ = std::make_unique<ReaderPool>(store->writer_.get());
  } else {
    ConnectionOptions read_options = write_options;
    read_options.create = false;
    read_options.query_only = true;
    store->readers_ = std::make_unique<ReaderPool>(read_options, kMaxReaders);
    auto maintenance = Connection::Open(write_options);
    if (!maintenance) return Unexpected(maintenance.error());
    store->maintenance_ = std::move(maintenance).value();
  }
  store->group_commit_ = std::make_unique<GroupCommitWriter>(
      *store->writer_, store->owner_.id, options.max_batch, options.max_batch_delay_ms,
      options.telemetry);
  if (store->maintenance_) {
    store->maintenance_thread_ = std::thread([s = store.get()] { s->MaintenanceLoop(); });
  }
  return std::unique_ptr<Store>(std::move(store));
}

SqliteStore::~SqliteStore() {
  group_commit_.reset();  // commits what is queued
  {
    std::lock_guard lock(maintenance_mu_);
    stopping_ = true;
  }
  maintenance_wake_.notify_all();
  if (maintenance_thread_.joinable()) maintenance_thread_.join();
  if (writer_) {
    std::lock_guard lock(writer_->mutex());
    // Best effort: if this fails (disk full, locked), our claims lapse with the lease or as
    // soon as another process sees that this one is gone.
    (void)ReleaseOwner(*writer_, owner_.id);
  }
}

void SqliteStore::MaintenanceLoop() {
  using std::chrono::milliseconds;
  const bool sync_wal = options_.durability == Durability::kBatched;
  const milliseconds tick(sync_wal ? kWalSyncIntervalMs : kLeaseRenewMs);
  TimeMs last_renew = NowMs();
  std::unique_lock lock(maintenance_mu_);
  while (!maintenance_wake_.wait_for(lock, tick, [&] { return stopping_; })) {
    lock.unlock();
    TimeMs now = NowMs();
    if (now - last_renew >= kLeaseRenewMs) {
      // A failed renewal (lock held elsewhere) is retried on the next tick; the lease is six
      // renewals long.
      if (RenewLease(*maintenance_, owner_.id, now).ok()) last_renew = now;
    }
    if (sync_wal) {
      // A PASSIVE checkpoint fsyncs the WAL before copying frames into the database, which
      // makes every commit acknowledged so far survive a power loss. It never waits for the
      // writer or readers.
      (void)maintenance_->Exec("PRAGMA wal_checkpoint(PASSIVE)", "checkpoint the WAL");
    }
    lock.lock();
  }
}

void SqliteStore::Submit(Transition t, std::function<void(Status)> done) {
  group_commit_->Submit(std::move(t), std::move(done));
}

Status SqliteStore::Flush() {
  group_commit_->Flush();
  return Status::Ok();
}

Result<std::vector<ClaimedExecution>, Status> SqliteStore::ClaimUnfinished() {
  std::lock_guard lock(writer_->mutex());
  return sqlite::ClaimUnfinished(*writer_, owner_, NowMs());
}

}  // namespace tern::storage::sqlite
