#include "triggers/file_events.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/digest.h"
#include "common/json.h"
#include "engine/clock.h"
#include "engine/timestamp.h"

namespace tern::triggers {
namespace {

namespace fs = std::filesystem;

// S3 event keys are URL-encoded, with spaces as '+'; '/' stays.
std::string EncodeKey(const std::string& key) {
  std::string out;
  for (unsigned char c : key) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string FileEtag(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return HexDigest("MD5", bytes.str()).value_or("");
}

}  // namespace

std::map<std::string, FileState> ScanDirectory(const std::string& directory) {
  std::map<std::string, FileState> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(directory, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.filename().string().starts_with(".")) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    FileState state;
    state.size = static_cast<int64_t>(it->file_size(ec));
    auto mtime = it->last_write_time(ec);
    state.mtime_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
    out[fs::relative(p, directory, ec).generic_string()] = state;
  }
  return out;
}

std::vector<FileChange> DiffScans(const std::map<std::string, FileState>& before,
                                  const std::map<std::string, FileState>& after) {
  std::vector<FileChange> out;
  for (const auto& [key, state] : after) {
    auto it = before.find(key);
    if (it == before.end() || it->second.size != state.size ||
        it->second.mtime_ns != state.mtime_ns) {
      out.push_back({key, false, state.size});
    }
  }
  for (const auto& [key, state] : before) {
    if (!after.contains(key)) out.push_back({key, true, 0});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const FileChange& a, const FileChange& b) { return a.key < b.key; });
  return out;
}

bool FileEventSelected(const FileEventsConfig& config, const std::string& event_name,
                       const std::string& key) {
  if (!key.starts_with(config.key_prefix) || !key.ends_with(config.key_suffix)) return false;
  const std::string full = "s3:" + event_name;  // s3:ObjectCreated:Put
  for (const std::string& type : config.events) {
    if (type == full || type == "s3:*") return true;
    if (type.ends_with(":*") && full.starts_with(type.substr(0, type.size() - 1))) return true;
  }
  return false;
}

std::string S3Event(const FileEventsConfig& config, const FileChange& change,
                    const std::string& etag, uint64_t sequencer, int64_t now_ms) {
  char seq[32];
  std::snprintf(seq, sizeof seq, "%016llX", static_cast<unsigned long long>(sequencer));
  Json object = {{"key", EncodeKey(change.key)}, {"sequencer", seq}};
  if (!change.removed) {
    object["size"] = change.size;
    object["eTag"] = etag;
  }
  Json record = {{"eventVersion", "2.1"},
                 {"eventSource", "aws:s3"},
                 {"awsRegion", config.region},
                 {"eventTime", engine::FormatTimestamp(now_ms)},
                 {"eventName", change.removed ? "ObjectRemoved:Delete" : "ObjectCreated:Put"},
                 {"userIdentity", {{"principalId", "tern"}}},
                 {"requestParameters", {{"sourceIPAddress", "127.0.0.1"}}},
                 {"responseElements", {{"x-amz-request-id", seq}, {"x-amz-id-2", seq}}},
                 {"s3",
                  {{"s3SchemaVersion", "1.0"},
                   {"configurationId", config.id},
                   {"bucket",
                    {{"name", config.bucket},
                     {"ownerIdentity", {{"principalId", "tern"}}},
                     {"arn", "arn:aws:s3:::" + config.bucket}}},
                   {"object", object}}}};
  return Json{{"Records", Json::array({record})}}.dump();
}

FileEvents::FileEvents(FileEventsConfig config, Target target)
    : config_(std::move(config)), target_(std::move(target)) {}

FileEvents::~FileEvents() { Stop(); }

void FileEvents::Start() {
  if (!config_.enabled || thread_.joinable()) return;
  std::error_code ec;
  fs::create_directories(config_.directory, ec);
  last_ = ScanDirectory(config_.directory);
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      wake_.wait_for(lock, std::chrono::milliseconds(config_.poll_interval_ms));
      if (stopping_) break;
      lock.unlock();
      ScanOnce();
      lock.lock();
    }
  });
}

void FileEvents::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void FileEvents::ScanOnce() {
  auto now = ScanDirectory(config_.directory);
  engine::RealClock clock;
  for (const FileChange& change : DiffScans(last_, now)) {
    const std::string name = change.removed ? "ObjectRemoved:Delete" : "ObjectCreated:Put";
    if (!FileEventSelected(config_, name, change.key)) continue;
    std::string etag = change.removed ? "" : FileEtag(config_.directory + "/" + change.key);
    target_(S3Event(config_, change, etag, ++sequencer_, clock.Now()));
  }
  last_ = std::move(now);
}

}  // namespace tern::triggers
