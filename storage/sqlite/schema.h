// The database schema and its migrations (docs/storage.md, "Schema"). PRAGMA user_version holds
// the schema version and PRAGMA application_id marks the file as tern's. Opening a database
// applies every migration it lacks in ONE transaction; a database from a newer tern is refused
// before anything is written to it.
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"

namespace tern::storage::sqlite {

class Connection;

// "tern" in ASCII: the file's PRAGMA application_id.
inline constexpr int kApplicationId = 0x7465726e;

struct Migration {
  int version;            // the schema version after this step
  std::string_view what;  // why the step exists
  std::string_view sql;
};

// In order; the last one's version is the schema this tern writes.
const std::vector<Migration>& Migrations();
int CurrentSchemaVersion();

// Creates or migrates the database on `connection` to CurrentSchemaVersion().
Status Migrate(Connection& connection);

}  // namespace tern::storage::sqlite
