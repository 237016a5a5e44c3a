// API settings `tern serve` keeps across restarts (docs/serve.md): the functions CreateFunction
// made, the Lambda API's event invoke configs, recursion configs and event source mappings, and
// Step Functions' tags and activities.
// Each is one JSON document under (kind, key), in the lambda_settings table (schema 7) of the
// store's database, through its own connection like the StreamStore.
//
// Thread safety: every member may be called from any thread (one connection, serialised).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "storage/store.h"

namespace tern::storage {

// The kinds tern serve writes.
inline constexpr const char* kEventInvokeConfigSetting = "event-invoke-config";    // key: function
inline constexpr const char* kRecursionConfigSetting = "recursion-config";         // key: function
inline constexpr const char* kEventSourceMappingSetting = "event-source-mapping";  // key: UUID
// A function CreateFunction made (not a project's): its definition and code folder.
inline constexpr const char* kFunctionSetting = "function";  // key: function name
// Step Functions resources the API creates beside the store's own (same table, same rules).
inline constexpr const char* kTagsSetting = "sfn-tags";          // key: ARN; {key: value}
inline constexpr const char* kActivitySetting = "sfn-activity";  // key: ARN; {name, created}

class LambdaSettings {
 public:
  virtual ~LambdaSettings() = default;

  // Creates or replaces the document of (kind, key).
  virtual Status Put(const std::string& kind, const std::string& key, const std::string& json,
                     TimeMs now) = 0;
  // Removes it; Ok when there was none.
  virtual Status Delete(const std::string& kind, const std::string& key) = 0;
  // Every (key, JSON) of `kind`, by key.
  virtual Result<std::vector<std::pair<std::string, std::string>>, Status> List(
      const std::string& kind) = 0;
};

// Opens the settings of the database `options` names (migrates as OpenStore does). kMemory: a
// private in-memory database (nothing survives the process).
Result<std::unique_ptr<LambdaSettings>, Status> OpenLambdaSettings(const StoreOptions& options);

}  // namespace tern::storage
