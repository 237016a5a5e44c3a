// File events: a directory standing in for an S3 bucket (docs/streams.md, "File events"). A
// poller scans the directory tree every poll interval; a file that appears or changes (size or
// modification time) is an ObjectCreated:Put, one that disappears an ObjectRemoved:Delete, each
// delivered as S3's event notification ({"Records":[{"eventSource":"aws:s3", ...}]}), one record
// per event, filtered by key prefix/suffix and event types ("s3:ObjectCreated:*",
// "s3:ObjectRemoved:Delete", ...). Keys are paths relative to the directory with '/'.
//
// Polling rather than inotify: it works on every file system (bind mounts, network shares, file
// systems inotify does not see into) and catches changes made while tern was down when the
// previous scan is known; the cost is up to one poll interval of latency. Files present when
// the watcher starts produce no events. Names starting with '.' are ignored (editors' and
// tern's own temporary files).
//
// Thread safety: Start/Stop from one thread; the target runs on the watcher's thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tern::triggers {

struct FileEventsConfig {
  std::string id;         // "Function/EventId"
  std::string bucket;     // the bucket name the events carry
  std::string directory;  // absolute
  std::vector<std::string> events = {"s3:ObjectCreated:*"};
  std::string key_prefix;
  std::string key_suffix;
  std::string region = "us-east-1";
  int poll_interval_ms = 500;
  bool enabled = true;
};

struct FileState {
  int64_t size = 0;
  int64_t mtime_ns = 0;
};

struct FileChange {
  std::string key;
  bool removed = false;
  int64_t size = 0;
};

// What changed between two scans, in key order.
std::vector<FileChange> DiffScans(const std::map<std::string, FileState>& before,
                                  const std::map<std::string, FileState>& after);
// Every regular file under `directory` (keys relative, '/'-separated; dot-files skipped).
std::map<std::string, FileState> ScanDirectory(const std::string& directory);
// Whether `event_name` ("ObjectCreated:Put") is selected by the configured types and the key
// passes the prefix/suffix filter.
bool FileEventSelected(const FileEventsConfig& config, const std::string& event_name,
                       const std::string& key);
// S3's notification for one change; `sequencer` orders events of one key.
std::string S3Event(const FileEventsConfig& config, const FileChange& change,
                    const std::string& etag, uint64_t sequencer, int64_t now_ms);

class FileEvents {
 public:
  using Target = std::function<void(const std::string& event_json)>;

  FileEvents(FileEventsConfig config, Target target);
  ~FileEvents();
  FileEvents(const FileEvents&) = delete;
  FileEvents& operator=(const FileEvents&) = delete;

  void Start();  // takes the first scan as the baseline, then polls
  void Stop();
  // One scan now, delivering what changed (tests; Start's thread calls it every interval).
  void ScanOnce();

  const FileEventsConfig& config() const { return config_; }

 private:
  const FileEventsConfig config_;
  const Target target_;
  std::map<std::string, FileState> last_;
  uint64_t sequencer_ = 0;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace tern::triggers
