// What the audit commands (cli/audit_*_command.cc: executions, describe, history, export,
// purge, verify) share: the --db option, opening the store, reading time arguments, and the
// Step Functions JSON shapes of executions and events. docs/audit.md documents all of it.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "common/json.h"
#include "common/result.h"
#include "storage/store.h"

namespace tern::cli {

// Adds `--db PATH` (default: storage::DefaultDatabasePath()) to `cmd`.
void AddDbOption(CLI::App* cmd, std::string& db);

// Opens the database for an audit command, or prints "tern <command>: <why>" and returns null.
// A database that does not exist is an error (auditing never creates one).
std::unique_ptr<storage::Store> OpenForAudit(const std::string& command, const std::string& db);

// RFC 3339 ("2026-11-25T10:00:00Z", "...+02:00", fractions), a date ("2026-11-25", midnight
// UTC), or an age before `now`: a number with s, m, h, d or w ("90m", "2h", "7d").
Result<storage::TimeMs, std::string> ParseTimeArgument(const std::string& text,
                                                       storage::TimeMs now);
storage::TimeMs NowMs();
std::string FormatTime(storage::TimeMs t);  // "2026-11-25T10:00:00.000Z"

// ListExecutions' item and DescribeExecution's response (../shared/spec/API.md A.2), with
// timestamps as RFC 3339 strings the way `tern run --json` writes them.
Json ExecutionListItemJson(const storage::ExecutionRecord& e);
Json DescribeExecutionJson(const storage::ExecutionRecord& e);
// A HistoryEvent of GetExecutionHistory: timestamp, type, id, previousEventId, details.
Json HistoryEventJson(const storage::EventRecord& e);

// "arn:...:stateMachine:Orders" -> "Orders"
std::string NameFromArn(const std::string& arn);

}  // namespace tern::cli
