#include "cli/audit_support.h"

#include <chrono>
#include <filesystem>
#include <iostream>

#include "engine/timestamp.h"

namespace tern::cli {

void AddDbOption(CLI::App* cmd, std::string& db) {
  db = storage::DefaultDatabasePath();
  cmd->add_option("--db", db, "Database file (default: $TERN_DB, else ./.tern/tern.db)")
      ->capture_default_str();
}

std::unique_ptr<storage::Store> OpenForAudit(const std::string& command, const std::string& db) {
  std::error_code ec;
  if (!std::filesystem::exists(db, ec)) {
    std::cerr << "tern " << command << ": no database at " << db
              << " (give --db PATH or set TERN_DB)\n";
    return nullptr;
  }
  storage::StoreOptions options;
  options.path = db;
  auto store = storage::OpenStore(options);
  if (!store) {
    std::cerr << "tern " << command << ": " << store.error().message() << "\n";
    return nullptr;
  }
  return std::move(store).value();
}

storage::TimeMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatTime(storage::TimeMs t) { return engine::FormatTimestamp(t); }

Result<storage::TimeMs, std::string> ParseTimeArgument(const std::string& text,
                                                       storage::TimeMs now) {
  if (auto t = engine::ParseTimestamp(text)) return *t;
  if (text.size() == 10) {
    if (auto t = engine::ParseTimestamp(text + "T00:00:00Z")) return *t;
  }
  // An age: digits and one unit.
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits > 0 && digits <= 9 && digits + 1 == text.size()) {
    int64_t n = std::stoll(text.substr(0, digits));
    int64_t unit = 0;
    switch (text.back()) {
      case 's':
        unit = 1000;
        break;
      case 'm':
        unit = 60 * 1000;
        break;
      case 'h':
        unit = 3600 * 1000;
        break;
      case 'd':
        unit = 86400 * 1000;
        break;
      case 'w':
        unit = 7 * 86400 * 1000LL;
        break;
      default:
        break;
    }
    if (unit != 0) return now - n * unit;
  }
  return Unexpected("'" + text +
                    "' is not a time: give RFC 3339 (2026-11-25T10:00:00Z), a date "
                    "(2026-11-25) or an age (90m, 2h, 7d)");
}

std::string NameFromArn(const std::string& arn) {
  size_t colon = arn.rfind(':');
  return colon == std::string::npos ? arn : arn.substr(colon + 1);
}

Json ExecutionListItemJson(const storage::ExecutionRecord& e) {
  Json j = Json::object();
  j["executionArn"] = e.arn;
  j["stateMachineArn"] = e.state_machine_arn;
  j["name"] = e.name;
  j["status"] = std::string(storage::ExecutionStatusName(e.status));
  j["startDate"] = FormatTime(e.start);
  if (e.stop) j["stopDate"] = FormatTime(*e.stop);
  return j;
}

Json DescribeExecutionJson(const storage::ExecutionRecord& e) {
  Json j = Json::object();
  j["executionArn"] = e.arn;
  j["stateMachineArn"] = e.state_machine_arn;
  j["name"] = e.name;
  j["status"] = std::string(storage::ExecutionStatusName(e.status));
  j["startDate"] = FormatTime(e.start);
  if (e.stop) j["stopDate"] = FormatTime(*e.stop);
  j["input"] = e.input;
  j["inputDetails"] = Json{{"included", true}};
  if (e.status == storage::ExecutionStatus::kSucceeded && e.output) {
    j["output"] = *e.output;
    j["outputDetails"] = Json{{"included", true}};
  }
  if (!e.error.empty()) j["error"] = e.error;
  if (!e.cause.empty()) j["cause"] = e.cause;
  return j;
}

Json HistoryEventJson(const storage::EventRecord& e) {
  Json j = Json::object();
  j["timestamp"] = FormatTime(e.timestamp);
  j["type"] = e.type;
  j["id"] = e.id;
  j["previousEventId"] = e.previous_id;
  if (!e.details_field.empty() && !e.details.empty()) {
    Json details = Json::parse(e.details, nullptr, /*allow_exceptions=*/false);
    // A details text that is not JSON can only come from editing the database: show it as is.
    j[e.details_field] = details.is_discarded() ? Json(e.details) : std::move(details);
  }
  return j;
}

}  // namespace tern::cli
