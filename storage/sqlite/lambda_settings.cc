// LambdaSettings on SQLite: its own connection to the database file (or a private in-memory
// database); every call is one statement, so one commit.
#include "storage/lambda_settings.h"

#include <filesystem>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/schema.h"

namespace tern::storage {
namespace sqlite {
namespace {

class SqliteLambdaSettings final : public LambdaSettings {
 public:
  explicit SqliteLambdaSettings(std::unique_ptr<Connection> c) : c_(std::move(c)) {}

  Status Put(const std::string& kind, const std::string& key, const std::string& json,
             TimeMs now) override {
    std::lock_guard lock(c_->mutex());
    auto stmt = c_->Prepare(
        "INSERT INTO lambda_settings (kind, key, value, updated) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, updated = excluded.updated",
        "write a Lambda setting");
    if (!stmt) return stmt.error();
    stmt->Bind(1, kind).Bind(2, key).Bind(3, json).Bind(4, now);
    return stmt->Run("write the " + kind + " of " + key);
  }

  Status Delete(const std::string& kind, const std::string& key) override {
    std::lock_guard lock(c_->mutex());
    auto stmt = c_->Prepare("DELETE FROM lambda_settings WHERE kind = ? AND key = ?",
                            "delete a Lambda setting");
    if (!stmt) return stmt.error();
    stmt->Bind(1, kind).Bind(2, key);
    return stmt->Run("delete the " + kind + " of " + key);
  }

  Result<std::vector<std::pair<std::string, std::string>>, Status> List(
      const std::string& kind) override {
    std::lock_guard lock(c_->mutex());
    auto stmt = c_->Prepare("SELECT key, value FROM lambda_settings WHERE kind = ? ORDER BY key",
                            "list Lambda settings");
    if (!stmt) return Unexpected(stmt.error());
    stmt->Bind(1, kind);
    std::vector<std::pair<std::string, std::string>> out;
    for (;;) {
      auto row = stmt->Step("list the " + kind + " settings");
      if (!row) return Unexpected(row.error());
      if (!*row) break;
      out.emplace_back(stmt->Text(0), stmt->Text(1));
    }
    return out;
  }

 private:
  std::unique_ptr<Connection> c_;
};

}  // namespace
}  // namespace sqlite

Result<std::unique_ptr<LambdaSettings>, Status> OpenLambdaSettings(const StoreOptions& options) {
  sqlite::ConnectionOptions c;
  c.busy_timeout_ms = options.busy_timeout_ms;
  if (options.durability == Durability::kMemory) {
    c.path = ":memory:";
    c.display_path = ":memory:";
    c.wal = false;
    c.synchronous = "OFF";
  } else {
    if (options.path.empty()) {
      return Unexpected(Status::InvalidArgument("no database path for the Lambda settings"));
    }
    c.path = options.path;
    c.display_path = options.path;
    c.synchronous = options.durability == Durability::kStrict ? "FULL" : "NORMAL";
    std::error_code ec;
    auto parent = std::filesystem::path(options.path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  auto connection = sqlite::Connection::Open(c);
  if (!connection) return Unexpected(connection.error());
  if (Status s = sqlite::Migrate(**connection); !s.ok()) return Unexpected(s);
  return std::unique_ptr<LambdaSettings>(
      std::make_unique<sqlite::SqliteLambdaSettings>(std::move(*connection)));
}

}  // namespace tern::storage
