// TagResource / UntagResource / ListTagsForResource. Tags live in a TagStore, kept in the
// store's API settings (kind "sfn-tags", key: the ARN, a {key: value} object) by tern serve.
#include "server/detail/api.h"
#include "storage/lambda_settings.h"

namespace tern::server {

Status TagStore::Persist(storage::LambdaSettings* settings) {
  std::lock_guard lock(mu_);
  settings_ = settings;
  auto rows = settings->List(storage::kTagsSetting);
  if (!rows) return rows.error();
  for (const auto& [arn, json] : *rows) {
    Json tags = Json::parse(json, nullptr, false);
    if (!tags.is_object()) continue;  // not what tern wrote: left alone, not loaded
    auto& map = tags_[arn];
    for (const auto& [key, value] : tags.items()) {
      if (value.is_string()) map[key] = value.get<std::string>();
    }
  }
  return Status::Ok();
}

Status TagStore::Write(const std::string& arn, const std::map<std::string, std::string>& next) {
  if (!settings_) return Status::Ok();
  if (next.empty()) return settings_->Delete(storage::kTagsSetting, arn);
  Json document = Json::object();
  for (const auto& [key, value] : next) document[key] = value;
  return settings_->Put(storage::kTagsSetting, arn, document.dump(), NowMs());
}

Status TagStore::Put(const std::string& arn,
                     const std::vector<std::pair<std::string, std::string>>& tags) {
  std::lock_guard lock(mu_);
  std::map<std::string, std::string> next = tags_[arn];
  for (const auto& [key, value] : tags) next[key] = value;
  if (Status s = Write(arn, next); !s.ok()) return s;
  tags_[arn] = std::move(next);
  return Status::Ok();
}

Status TagStore::Remove(const std::string& arn, const std::vector<std::string>& keys) {
  std::lock_guard lock(mu_);
  auto it = tags_.find(arn);
  if (it == tags_.end()) return Status::Ok();
  std::map<std::string, std::string> next = it->second;
  for (const auto& key : keys) next.erase(key);
  if (Status s = Write(arn, next); !s.ok()) return s;
  it->second = std::move(next);
  return Status::Ok();
}

Status TagStore::Drop(const std::string& arn) {
  std::lock_guard lock(mu_);
  if (Status s = Write(arn, {}); !s.ok()) return s;
  tags_.erase(arn);
  return Status::Ok();
}

std::vector<std::pair<std::string, std::string>> TagStore::Get(const std::string& arn) const {
  std::lock_guard lock(mu_);
  auto it = tags_.find(arn);
  if (it == tags_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

size_t TagStore::Count(const std::string& arn) const {
  std::lock_guard lock(mu_);
  auto it = tags_.find(arn);
  return it == tags_.end() ? 0 : it->second.size();
}

namespace {

constexpr size_t kMaxTags = 50;

// The resource must exist: state machines are looked up in the store.
MaybeError CheckResource(ApiContext& ctx, const std::string& arn) {
  if (arn.find(":stateMachine:") != std::string::npos) {
    if (auto bad = CheckStateMachineArn(arn)) return bad;
    auto machine = ctx.deps.store->GetStateMachine(arn);
    if (!machine) return SfnError("ResourceNotFound", "Resource not found: '" + arn + "'");
    return std::nullopt;
  }
  if (arn.find(":activity:") != std::string::npos) {
    if (!ctx.activities.Get(arn)) {
      return SfnError("ResourceNotFound", "Resource not found: '" + arn + "'");
    }
    return std::nullopt;
  }
  if (arn.rfind("arn:", 0) != 0 || arn.find(":states:") == std::string::npos) {
    return SfnError("InvalidArn", "Invalid Arn: '" + arn + "'");
  }
  return SfnError("ResourceNotFound", "Resource not found: '" + arn + "'");
}

}  // namespace

ApiResult TagResource(ApiContext& ctx, const Json& body) {
  auto arn = RequiredString(body, "resourceArn");
  if (!arn) return Unexpected(arn.error());
  if (auto bad = CheckResource(ctx, *arn)) return Unexpected(*bad);
  std::vector<std::pair<std::string, std::string>> tags;
  if (body.contains("tags") && body["tags"].is_array()) {
    for (const Json& tag : body["tags"]) {
      if (!tag.is_object() || !tag.contains("key") || !tag["key"].is_string()) continue;
      tags.emplace_back(tag["key"].get<std::string>(),
                        tag.contains("value") && tag["value"].is_string()
                            ? tag["value"].get<std::string>()
                            : std::string());
    }
  }
  if (ctx.tags.Count(*arn) + tags.size() > kMaxTags) {
    return Unexpected(SfnError("TooManyTags", "Too many tags: the limit is 50"));
  }
  if (Status s = ctx.tags.Put(*arn, tags); !s.ok()) return Unexpected(InternalError(s));
  return Json::object();
}

ApiResult UntagResource(ApiContext& ctx, const Json& body) {
  auto arn = RequiredString(body, "resourceArn");
  if (!arn) return Unexpected(arn.error());
  if (auto bad = CheckResource(ctx, *arn)) return Unexpected(*bad);
  std::vector<std::string> keys;
  if (body.contains("tagKeys") && body["tagKeys"].is_array()) {
    for (const Json& key : body["tagKeys"]) {
      if (key.is_string()) keys.push_back(key.get<std::string>());
    }
  }
  if (Status s = ctx.tags.Remove(*arn, keys); !s.ok()) return Unexpected(InternalError(s));
  return Json::object();
}

ApiResult ListTagsForResource(ApiContext& ctx, const Json& body) {
  auto arn = RequiredString(body, "resourceArn");
  if (!arn) return Unexpected(arn.error());
  if (auto bad = CheckResource(ctx, *arn)) return Unexpected(*bad);
  Json tags = Json::array();
  for (const auto& [key, value] : ctx.tags.Get(*arn)) {
    tags.push_back(Json{{"key", key}, {"value", value}});
  }
  Json out = Json::object();
  out["tags"] = std::move(tags);
  return out;
}

}  // namespace tern::server
