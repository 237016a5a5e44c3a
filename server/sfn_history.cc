// GetExecutionHistory (reverseOrder, maxResults, nextToken, includeExecutionData). The page
// token is "h-<last id returned>": the next page continues after (or, reversed, before) it.
#include "runtime/event_records.h"
#include "server/detail/api.h"

namespace tern::server {
namespace {

// Detail members that carry execution data (AWS drops them with includeExecutionData=false).
void DropExecutionData(Json& details) {
  for (const char* key : {"input", "output", "parameters"}) details.erase(key);
}

}  // namespace

ApiResult GetExecutionHistory(ApiContext& ctx, const Json& body) {
  auto arn = RequiredString(body, "executionArn");
  if (!arn) return Unexpected(arn.error());
  auto max = MaxResults(body, 100);
  if (!max) return Unexpected(max.error());
  auto reverse = OptionalBool(body, "reverseOrder", false);
  if (!reverse) return Unexpected(reverse.error());
  auto include_data = OptionalBool(body, "includeExecutionData", true);
  if (!include_data) return Unexpected(include_data.error());
  auto token = OptionalString(body, "nextToken");
  if (!token) return Unexpected(token.error());
  int64_t after_id = 0;
  if (*token) {
    bool valid = (*token)->rfind("h-", 0) == 0;
    if (valid) {
      try {
        after_id = std::stoll((*token)->substr(2));
      } catch (const std::exception&) {
        valid = false;
      }
    }
    if (!valid || after_id <= 0) {
      return Unexpected(SfnError("InvalidToken", "Invalid Token: '" + **token + "'"));
    }
  }
  auto execution = LoadExecution(ctx, *arn);
  if (!execution) return Unexpected(execution.error());

  storage::HistoryQuery query;
  query.reverse = *reverse;
  query.limit = *max + 1;  // one more tells whether there is a next page
  query.after_id = after_id;
  auto events = ctx.deps.store->GetHistory(*arn, query);
  if (!events) return Unexpected(InternalError(events.error()));
  const bool more = events->size() > *max;
  if (more) events->resize(*max);

  Json list = Json::array();
  for (const storage::EventRecord& record : *events) {
    Json event = runtime::EventRecordToJson(record);
    // The API carries timestamps as epoch seconds (the CLI renders them).
    event["timestamp"] = EpochSeconds(record.timestamp);
    if (!*include_data && !record.details_field.empty() && event.contains(record.details_field)) {
      DropExecutionData(event[record.details_field]);
    }
    list.push_back(std::move(event));
  }
  Json out = Json::object();
  out["events"] = std::move(list);
  if (more && !events->empty()) out["nextToken"] = "h-" + std::to_string(events->back().id);
  return out;
}

}  // namespace tern::server
