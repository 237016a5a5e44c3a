// Bad files and a hostile environment: a clear error naming the file, nothing half-written,
// and the store works again once the cause is gone.
#include <fcntl.h>
#include <fstream>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/storage/store_test_util.h"

namespace tern::storage {
namespace {

using namespace testing;  // NOLINT

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(Faults, AFileOfGarbageIsCorruptOrNotATernDatabase) {
  ScratchDir dir;
  std::string path = dir.File("garbage.db");
  std::ofstream(path) << std::string(8192, 'x');
  auto store = OpenStore(FileOptions(path));
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code(), StatusCode::kIoError);
  EXPECT_TRUE(
      Contains(store.error().message(), "database " + path + " is corrupt or not a tern database"))
      << store.error().message();
}

TEST(Faults, ATruncatedDatabaseIsReportedCorrupt) {
  ScratchDir dir;
  std::string path = dir.File("t.db");
  {
    auto store = OpenOrDie(FileOptions(path));
    ASSERT_TRUE(store->CreateStateMachine(Machine()).has_value());
    for (int i = 0; i < 200; ++i) {
      Transition t = Start("e" + std::to_string(i), 1000 + i, 3);
      for (auto& e : t.events) e.details = std::string(500, 'd');
      store->Submit(std::move(t), nullptr);
    }
    ASSERT_TRUE(store->Flush().ok());
  }  // closed: the WAL is checkpointed into the file
  ASSERT_EQ(truncate(path.c_str(), std::filesystem::file_size(path) / 2), 0);
  auto store = OpenStore(FileOptions(path));
  Status error;
  if (!store) {
    error = store.error();
  } else {
    error = (*store)->Export(std::nullopt, [](const auto&, const auto&) { return true; });
  }
  ASSERT_FALSE(error.ok());
  EXPECT_TRUE(Contains(error.message(), "database " + path + " is corrupt")) << error.message();
}

TEST(Faults, AReadOnlyDirectoryIsAnIoErrorNamingThePath) {
  ScratchDir dir;
  std::string ro = dir.File("ro");
  ASSERT_EQ(mkdir(ro.c_str(), 0555), 0);
  chmod(dir.path().c_str(), 0755);
  std::string path = ro + "/tern.db";
  // Root ignores permissions: try as nobody in a child.
  pid_t child = fork();
  if (child == 0) {
    if (geteuid() == 0 && setuid(65534) != 0) _exit(10);
    auto store = OpenStore(FileOptions(path));
    if (store) _exit(11);
    const Status& s = store.error();
    bool named = Contains(s.message(), path);
    _exit(s.code() == StatusCode::kIoError && named ? 0 : 12);
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  // The same error, seen in this process, for the message's wording.
  if (geteuid() != 0) {
    auto store = OpenStore(FileOptions(path));
    ASSERT_FALSE(store.has_value());
    EXPECT_TRUE(Contains(store.error().message(), "cannot open database " + path))
        << store.error().message();
  }
}

// A child process fills the disk (RLIMIT_FSIZE), sees ResourceExhausted, gets room again and
// goes on. The parent then checks that every acknowledged transition is there and the chain
// is intact. Exit codes: 0 fine; others name the step that went wrong.
int FillTheDisk(const std::string& path, const std::string& acked_file) {
  signal(SIGXFSZ, SIG_IGN);  // the write fails with EFBIG instead of killing us
  auto opened = OpenStore(FileOptions(path));
  if (!opened) return 20;
  auto store = std::move(opened).value();
  if (!store->CreateStateMachine(Machine()).has_value()) return 21;
  if (!store->Flush().ok()) return 22;
  struct rlimit limit;
  getrlimit(RLIMIT_FSIZE, &limit);
  rlimit small = limit;
  small.rlim_cur = std::filesystem::file_size(path) + 1024 * 1024;
  setrlimit(RLIMIT_FSIZE, &small);

  std::ofstream acked(acked_file);
  Status full;
  int i = 0;
  for (; i < 10000 && full.ok(); ++i) {
    std::string name = "e" + std::to_string(i);
    Transition t = Start(name, 1000 + i, 3);
    for (auto& e : t.events) e.details = std::string(2000, 'd');
    Status s = SubmitAndWait(*store, std::move(t));
    if (s.ok()) {
      acked << name << "\n" << std::flush;
    } else {
      full = s;
    }
  }
  std::ofstream(acked_file + ".error") << full.ToString();
  if (full.ok()) return 23;
  if (full.code() != StatusCode::kResourceExhausted) return 24;
  if (!Contains(full.message(), "disk full writing " + path)) return 25;
  // Still full: a later submit fails the same way, and nothing half-written stays.
  if (SubmitAndWait(*store, Start("still-full", 5, 40)).code() != StatusCode::kResourceExhausted) {
    return 26;
  }
  setrlimit(RLIMIT_FSIZE, &limit);  // room again
  Transition after = Start("after", 99999, 2);
  if (!SubmitAndWait(*store, std::move(after)).ok()) return 27;
  acked << "after\n" << std::flush;
  return 0;
}

TEST(Faults, ADiskFullCommitFailsWholeAndLaterCommitsSucceed) {
  ScratchDir dir;
  std::string path = dir.File("full.db");
  std::string acked = dir.File("acked");
  pid_t child = fork();
  if (child == 0) _exit(FillTheDisk(path, acked));
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << status;
  ASSERT_EQ(WEXITSTATUS(status), 0) << ReadFile(acked + ".error");

  auto store = OpenOrDie(FileOptions(path));
  std::ifstream in(acked);
  int count = 0;
  for (std::string name; std::getline(in, name); ++count) {
    auto e = store->GetExecution(name);
    ASSERT_TRUE(e.has_value()) << name << " was acknowledged but is missing";
    EXPECT_EQ(e->event_count, name == "after" ? 3 : 4);
    auto report = store->Verify(e->arn);
    ASSERT_TRUE(report.has_value());
    EXPECT_TRUE(report->ok) << report->problem;
  }
  EXPECT_GT(count, 2);
  auto all = store->ListExecutions(Filter([](ExecutionFilter& f) { f.limit = 1000; }));
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(static_cast<int>(all->executions.size()), count);  // nothing unacknowledged
  EXPECT_EQ(store->GetExecution("still-full").error().code(), StatusCode::kNotFound);
}

TEST(Faults, ADatabaseLockedByAnotherProcessFailsAfterTheBusyTimeout) {
  ScratchDir dir;
  std::string path = dir.File("locked.db");
  StoreOptions options = FileOptions(path);
  options.busy_timeout_ms = 200;
  auto store = OpenOrDie(options);
  ASSERT_TRUE(store->CreateStateMachine(Machine()).has_value());

  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto start = std::chrono::steady_clock::now();
  Status s = SubmitAndWait(*store, Start("blocked"));
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_TRUE(
      Contains(s.message(), "database " + path + " is locked by another process (waited 0.2 s)"))
      << s.message();
  EXPECT_GE(waited, std::chrono::milliseconds(150));
  // Reads go on meanwhile (WAL).
  EXPECT_TRUE(store->GetStateMachine(kMachineArn).has_value());
  // Opening a second store needs the write lock too.
  auto second = OpenStore(options);
  ASSERT_FALSE(second.has_value());
  EXPECT_TRUE(Contains(second.error().message(), "is locked by another process"));

  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  ASSERT_OK(SubmitAndWait(*store, Start("blocked")));
  EXPECT_EQ(store->GetExecution("blocked")->event_count, 1);
}

}  // namespace
}  // namespace tern::storage
