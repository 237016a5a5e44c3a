// Statement: one use of a prepared SQLite statement. Connection::Prepare() hands out a
// Statement over a statement it caches; the destructor resets it and clears its bindings so
// the next Prepare() of the same SQL text starts clean. Columns and parameters are 0- and
// 1-based as in SQLite's C API.
//
// Thread safety: a Statement belongs to its connection's owner thread (see connection.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/status.h"

struct sqlite3_stmt;

namespace tern::storage::sqlite {

class Connection;

class Statement {
 public:
  Statement(Connection* connection, sqlite3_stmt* stmt) : connection_(connection), stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  // Advances: true when a row is available, false when done.
  Result<bool, Status> Step(std::string_view operation);
  // Runs a statement that returns no rows (or ignores them) to completion, then resets it so
  // it can be bound and run again.
  Status Run(std::string_view operation);

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;
  std::string Blob(int column) const;

 private:
  Connection* connection_;
  sqlite3_stmt* stmt_;  // owned by the connection's cache; null after a move
};

}  // namespace tern::storage::sqlite
