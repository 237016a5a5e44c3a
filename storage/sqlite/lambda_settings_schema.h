// The lambda_settings table (storage/lambda_settings.h): one migration in schema.cc runs this.
#pragma once

#include <string_view>

namespace tern::storage::sqlite {

inline constexpr std::string_view kLambdaSettingsSchemaSql = R"sql(
CREATE TABLE lambda_settings (
  kind TEXT NOT NULL,                -- event-invoke-config | recursion-config | event-source-mapping
  key TEXT NOT NULL,                 -- a function name, or a mapping's UUID
  value TEXT NOT NULL,               -- JSON
  updated INTEGER NOT NULL,          -- ms since the epoch
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;
)sql";

}  // namespace tern::storage::sqlite
