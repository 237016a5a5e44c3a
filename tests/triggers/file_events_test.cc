// File events: a directory as a bucket; created and removed files as S3 notifications, with
// prefix/suffix and event-type filters.
#include "triggers/file_events.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"

namespace tern::triggers {
namespace {

namespace fs = std::filesystem;

class FileEventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "tern-files-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& key, const std::string& text) {
    fs::create_directories(fs::path(dir_ + "/" + key).parent_path());
    std::ofstream(dir_ + "/" + key) << text;
  }
  FileEventsConfig Config() {
    FileEventsConfig c;
    c.id = "F/Upload";
    c.bucket = "uploads";
    c.directory = dir_;
    c.events = {"s3:ObjectCreated:*", "s3:ObjectRemoved:*"};
    return c;
  }
  std::string dir_;
};

TEST_F(FileEventsTest, CreatedAndRemovedFilesBecomeS3Events) {
  Write("old.txt", "there before");
  std::vector<Json> events;
  FileEvents watcher(Config(), [&](const std::string& e) { events.push_back(Json::parse(e)); });
  watcher.Start();
  watcher.Stop();  // the baseline is taken; scans below are driven by hand
  Write("in/a b.txt", "hello");
  watcher.ScanOnce();
  ASSERT_EQ(events.size(), 1u);
  const Json& r = events[0]["Records"][0];
  EXPECT_EQ(r["eventSource"], "aws:s3");
  EXPECT_EQ(r["eventVersion"], "2.1");
  EXPECT_EQ(r["eventName"], "ObjectCreated:Put");
  EXPECT_EQ(r["s3"]["bucket"]["name"], "uploads");
  EXPECT_EQ(r["s3"]["bucket"]["arn"], "arn:aws:s3:::uploads");
  EXPECT_EQ(r["s3"]["object"]["key"], "in/a+b.txt");
  EXPECT_EQ(r["s3"]["object"]["size"], 5);
  EXPECT_EQ(r["s3"]["object"]["eTag"], "5d41402abc4b2a76b9719d911017c592");  // MD5("hello")
  std::string first_sequencer = r["s3"]["object"]["sequencer"];
  fs::remove(dir_ + "/in/a b.txt");
  watcher.ScanOnce();
  ASSERT_EQ(events.size(), 2u);
  const Json& d = events[1]["Records"][0];
  EXPECT_EQ(d["eventName"], "ObjectRemoved:Delete");
  EXPECT_EQ(d["s3"]["object"]["key"], "in/a+b.txt");
  EXPECT_GT(d["s3"]["object"]["sequencer"].get<std::string>(), first_sequencer);
  watcher.ScanOnce();
  EXPECT_EQ(events.size(), 2u);  // nothing changed
}

TEST_F(FileEventsTest, FiltersByPrefixSuffixAndType) {
  auto config = Config();
  config.events = {"s3:ObjectCreated:Put"};
  config.key_prefix = "images/";
  config.key_suffix = ".png";
  EXPECT_TRUE(FileEventSelected(config, "ObjectCreated:Put", "images/x.png"));
  EXPECT_FALSE(FileEventSelected(config, "ObjectCreated:Put", "images/x.jpg"));
  EXPECT_FALSE(FileEventSelected(config, "ObjectCreated:Put", "docs/x.png"));
  EXPECT_FALSE(FileEventSelected(config, "ObjectRemoved:Delete", "images/x.png"));
  config.events = {"s3:ObjectRemoved:*"};
  EXPECT_TRUE(FileEventSelected(config, "ObjectRemoved:Delete", "images/x.png"));
  EXPECT_FALSE(FileEventSelected(config, "ObjectCreated:Put", "images/x.png"));
}

TEST_F(FileEventsTest, PollingDeliversWithoutHelp) {
  auto config = Config();
  config.poll_interval_ms = 10;
  std::atomic<int> n{0};
  FileEvents watcher(config, [&](const std::string&) { ++n; });
  watcher.Start();
  Write("x.txt", "1");
  for (int i = 0; i < 6000 && n == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  watcher.Stop();
  EXPECT_GE(n.load(), 1);
}

TEST(FileEventsDiff, ChangedFilesAreCreatedAgain) {
  std::map<std::string, FileState> a{{"x", {1, 10}}, {"y", {2, 20}}};
  std::map<std::string, FileState> b{{"x", {1, 10}}, {"y", {3, 30}}, {"z", {0, 1}}};
  auto changes = DiffScans(a, b);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].key, "y");
  EXPECT_FALSE(changes[0].removed);
  EXPECT_EQ(changes[1].key, "z");
}

}  // namespace
}  // namespace tern::triggers
