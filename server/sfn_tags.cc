// TagResource / UntagResource / ListTagsForResource. Tags live in memory for the life of the
// server (TagStore): they are not persisted in the database.
#include "server/detail/api.h"

namespace tern::server {

void TagStore::Put(const std::string& arn,
                   const std::vector<std::pair<std::string, std::string>>& tags) {
  std::lock_guard lock(mu_);
  auto& map = tags_[arn];
  for (const auto& [key, value] : tags) map[key] = value;
}

void TagStore::Remove(const std::string& arn, const std::vector<std::string>& keys) {
  std::lock_guard lock(mu_);
  auto it = tags_.find(arn);
  if (it == tags_.end()) return;
  for (const auto& key : keys) it->second.erase(key);
}

void TagStore::Drop(const std::string& arn) {
  std::lock_guard lock(mu_);
  tags_.erase(arn);
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
  ctx.tags.Put(*arn, tags);
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
  ctx.tags.Remove(*arn, keys);
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
