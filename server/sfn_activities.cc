// Activities: CreateActivity, DescribeActivity, DeleteActivity, ListActivities (kept in memory for
// the life of the server) and GetActivityTask, the workers' long poll (up to 60 s) on the trigger
// bus's activity queues. Tokens handed out are answered with SendTask*.
#include <chrono>

#include "server/detail/api.h"
#include "server/invocation_backend.h"
#include "storage/lambda_settings.h"
#include "storage/names.h"

namespace tern::server {

Status ActivityRegistry::Persist(storage::LambdaSettings* settings) {
  std::lock_guard lock(mu_);
  settings_ = settings;
  auto rows = settings->List(storage::kActivitySetting);
  if (!rows) return rows.error();
  for (const auto& [arn, json] : *rows) {
    Json d = Json::parse(json, nullptr, false);
    if (!d.is_object() || !d.contains("name") || !d["name"].is_string()) continue;
    ActivityRecord record;
    record.arn = arn;
    record.name = d["name"].get<std::string>();
    record.created =
        d.value("created", Json(0)).is_number_integer() ? d["created"].get<storage::TimeMs>() : 0;
    by_arn_.emplace(arn, std::move(record));
  }
  return Status::Ok();
}

Result<ActivityRecord, Status> ActivityRegistry::Create(ActivityRecord record) {
  std::lock_guard lock(mu_);
  if (auto it = by_arn_.find(record.arn); it != by_arn_.end()) return it->second;
  if (settings_) {
    Json d{{"name", record.name}, {"created", record.created}};
    if (Status s = settings_->Put(storage::kActivitySetting, record.arn, d.dump(), record.created);
        !s.ok()) {
      return Unexpected(s);
    }
  }
  by_arn_.emplace(record.arn, record);
  return record;
}

std::optional<ActivityRecord> ActivityRegistry::Get(const std::string& arn) const {
  std::lock_guard lock(mu_);
  auto it = by_arn_.find(arn);
  if (it == by_arn_.end()) return std::nullopt;
  return it->second;
}

Status ActivityRegistry::Remove(const std::string& arn) {
  std::lock_guard lock(mu_);
  if (settings_) {
    if (Status s = settings_->Delete(storage::kActivitySetting, arn); !s.ok()) return s;
  }
  by_arn_.erase(arn);
  return Status::Ok();
}

std::vector<ActivityRecord> ActivityRegistry::List() const {
  std::lock_guard lock(mu_);
  std::vector<ActivityRecord> out;
  for (const auto& [arn, record] : by_arn_) out.push_back(record);
  return out;
}

namespace {

// AWS holds a GetActivityTask for up to 60 s; tern answers earlier on shutdown.
constexpr std::chrono::seconds kActivityPoll{60};

MaybeError CheckActivityArn(const std::string& arn) {
  if (arn.rfind("arn:", 0) != 0 || arn.find(":states:") == std::string::npos ||
      arn.find(":activity:") == std::string::npos) {
    return SfnError("InvalidArn", "Invalid Arn: '" + arn + "'");
  }
  return std::nullopt;
}

Result<ActivityRecord, ApiError> LoadActivity(ApiContext& ctx, const std::string& arn) {
  if (auto bad = CheckActivityArn(arn)) return Unexpected(*bad);
  auto record = ctx.activities.Get(arn);
  if (!record) {
    return Unexpected(SfnError("ActivityDoesNotExist", "Activity Does Not Exist: '" + arn + "'"));
  }
  return *record;
}

}  // namespace

ApiResult CreateActivity(ApiContext& ctx, const Json& body) {
  auto name = RequiredString(body, "name");
  if (!name) return Unexpected(name.error());
  if (Status s = storage::ValidateName(*name); !s.ok()) {
    return Unexpected(SfnError("InvalidName", s.message()));
  }
  ActivityRecord record;
  record.name = *name;
  record.arn =
      "arn:aws:states:" + ctx.options.region + ":" + ctx.options.account + ":activity:" + *name;
  record.created = NowMs();
  auto stored = ctx.activities.Create(record);
  if (!stored) return Unexpected(InternalError(stored.error()));
  record = *stored;
  Json out = Json::object();
  out["activityArn"] = record.arn;
  out["creationDate"] = EpochSeconds(record.created);
  return out;
}

ApiResult DescribeActivity(ApiContext& ctx, const Json& body) {
  auto arn = RequiredString(body, "activityArn");
  if (!arn) return Unexpected(arn.error());
  auto record = LoadActivity(ctx, *arn);
  if (!record) return Unexpected(record.error());
  Json out = Json::object();
  out["activityArn"] = record->arn;
  out["name"] = record->name;
  out["creationDate"] = EpochSeconds(record->created);
  return out;
}

ApiResult DeleteActivity(ApiContext& ctx, const Json& body) {
  auto arn = RequiredString(body, "activityArn");
  if (!arn) return Unexpected(arn.error());
  if (auto bad = CheckActivityArn(*arn)) return Unexpected(*bad);
  if (Status s = ctx.activities.Remove(*arn); !s.ok()) return Unexpected(InternalError(s));
  if (Status s = ctx.tags.Drop(*arn); !s.ok()) return Unexpected(InternalError(s));
  return Json::object();
}

ApiResult ListActivities(ApiContext& ctx, const Json& body) {
  auto max = MaxResults(body, 100);
  if (!max) return Unexpected(max.error());
  auto token = OptionalString(body, "nextToken");
  if (!token) return Unexpected(token.error());
  size_t offset = 0;
  if (*token) {
    bool valid = (*token)->rfind("act-", 0) == 0;
    if (valid) {
      try {
        offset = std::stoul((*token)->substr(4));
      } catch (const std::exception&) {
        valid = false;
      }
    }
    if (!valid) return Unexpected(SfnError("InvalidToken", "Invalid Token: '" + **token + "'"));
  }
  auto all = ctx.activities.List();
  Json list = Json::array();
  for (size_t i = offset; i < all.size() && list.size() < *max; ++i) {
    list.push_back(Json{{"activityArn", all[i].arn},
                        {"name", all[i].name},
                        {"creationDate", EpochSeconds(all[i].created)}});
  }
  Json out = Json::object();
  out["activities"] = std::move(list);
  if (offset + *max < all.size()) out["nextToken"] = "act-" + std::to_string(offset + *max);
  return out;
}

ApiResult GetActivityTask(ApiContext& ctx, const Json& body) {
  auto arn = RequiredString(body, "activityArn");
  if (!arn) return Unexpected(arn.error());
  auto record = LoadActivity(ctx, *arn);
  if (!record) return Unexpected(record.error());
  // Each poll holds a handler thread: keep half of them for everything else.
  const int max_pollers = std::max(1, ctx.options.worker_threads / 2);
  if (ctx.activity_pollers.fetch_add(1) >= max_pollers) {
    ctx.activity_pollers.fetch_sub(1);
    return Unexpected(SfnError("ActivityWorkerLimitExceeded",
                               "Too many GetActivityTask polls are waiting (the limit is " +
                                   std::to_string(max_pollers) + ")"));
  }
  std::optional<triggers::ActivityTask> task;
  const auto deadline = std::chrono::steady_clock::now() + kActivityPoll;
  while (!task && !ctx.stopping.load() && std::chrono::steady_clock::now() < deadline) {
    task = ctx.deps.invocations->GetActivityTask(*arn, std::chrono::seconds(1));
  }
  ctx.activity_pollers.fetch_sub(1);
  Json out = Json::object();
  if (task) {
    out["taskToken"] = task->token;
    out["input"] = task->input;
  }
  return out;
}

}  // namespace tern::server
