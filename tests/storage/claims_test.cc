// Claims: who may resume an unfinished execution. Two Stores never both hold one.
#include "storage/sqlite/claims.h"

#include <fstream>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

#include "storage/sqlite/owner_identity.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/storage/store_test_util.h"

namespace tern::storage {
namespace {

using namespace testing;  // NOLINT

std::string OwnerOf(const std::string& path, const std::string& name) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT coalesce(owner, '') FROM executions WHERE name = ?1", -1, &stmt,
                     nullptr);
  sqlite3_bind_text(stmt, 1, name.c_str(), -1, SQLITE_TRANSIENT);
  std::string owner = "<none>";
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    owner = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return owner;
}

const std::string& IdOf(const Store& store) {
  return static_cast<const sqlite::SqliteStore&>(store).owner().id;
}

TEST(OwnerIdentity, ReadsThisProcessStartTimeAndSeesDeadPids) {
  auto self = sqlite::NewOwnerIdentity();
  EXPECT_EQ(self.pid, getpid());
  ASSERT_TRUE(sqlite::ProcessStartTime(getpid()).has_value());
  EXPECT_TRUE(sqlite::ProcessAlive(self.pid, self.start_time));
  EXPECT_FALSE(sqlite::ProcessAlive(self.pid, self.start_time + 1));  // a reused pid
  EXPECT_NE(sqlite::NewOwnerIdentity().id, self.id);                  // a new nonce
  pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  EXPECT_FALSE(sqlite::ProcessStartTime(child).has_value());
}

TEST(Claims, ALiveOwnersExecutionsAreNotClaimedByAnotherStore) {
  ScratchDir dir;
  std::string path = dir.File("c.db");
  auto a = OpenOrDie(FileOptions(path));
  auto b = OpenOrDie(FileOptions(path));
  ASSERT_TRUE(a->CreateStateMachine(Machine()).has_value());
  ASSERT_OK(SubmitAndWait(*a, Start("mine")));
  EXPECT_EQ(OwnerOf(path, "mine"), IdOf(*a));
  auto claimed = b->ClaimUnfinished();
  ASSERT_TRUE(claimed.has_value());
  EXPECT_TRUE(claimed->empty());
  // And b may not write to it: the claim fences other writers.
  Status s = SubmitAndWait(*b, Step("mine", 2, 1));
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  // a closes: its claims are released, and b takes them.
  a.reset();
  EXPECT_EQ(OwnerOf(path, "mine"), "");
  claimed = b->ClaimUnfinished();
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ(OwnerOf(path, "mine"), IdOf(*b));
  ASSERT_OK(SubmitAndWait(*b, Step("mine", 2, 1)));
  ASSERT_OK(SubmitAndWait(*b, End("mine", 3)));
  EXPECT_EQ(OwnerOf(path, "mine"), "");  // ended executions hold no claim
}

TEST(Claims, ADeadProcessOrAnExpiredLeaseLosesItsClaims) {
  ScratchDir dir;
  std::string path = dir.File("c.db");
  auto store = OpenOrDie(FileOptions(path));
  ASSERT_TRUE(store->CreateStateMachine(Machine()).has_value());
  for (const char* name : {"dead", "expired", "alive-elsewhere", "reused-pid"}) {
    ASSERT_OK(SubmitAndWait(*store, Start(name)));
  }
  pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  auto self = sqlite::NewOwnerIdentity();
  const int64_t far = sqlite::NowMs() + 3600000;
  std::string host = sqlite::HostName();
  std::string sql =
      "INSERT INTO owners VALUES ('dead', " + std::to_string(child) + ", 1, '" + host + "', " +
      std::to_string(far) + ");" + "INSERT INTO owners VALUES ('expired', 1, 1, 'elsewhere', 5);" +
      "INSERT INTO owners VALUES ('alive-elsewhere', 1, 1, 'elsewhere', " + std::to_string(far) +
      ");" + "INSERT INTO owners VALUES ('reused-pid', " + std::to_string(self.pid) + ", " +
      std::to_string(self.start_time + 1) + ", '" + host + "', " + std::to_string(far) + ");" +
      "UPDATE executions SET owner = name;";
  ASSERT_EQ(RawSql(path, sql), "");
  auto other = OpenOrDie(FileOptions(path));
  auto claimed = other->ClaimUnfinished();
  ASSERT_TRUE(claimed.has_value()) << claimed.error().ToString();
  std::set<std::string> names;
  for (const auto& c : *claimed) names.insert(c.execution.name);
  EXPECT_EQ(names, (std::set<std::string>{"dead", "expired", "reused-pid"}));
  EXPECT_EQ(OwnerOf(path, "alive-elsewhere"), "alive-elsewhere");
  EXPECT_EQ(OwnerOf(path, "dead"), IdOf(*other));
}

TEST(Claims, TwoProcessesClaimingAtOnceNeverShareAnExecution) {
  ScratchDir dir;
  std::string path = dir.File("c.db");
  constexpr int kExecutions = 200;
  {
    auto store = OpenOrDie(FileOptions(path));
    ASSERT_TRUE(store->CreateStateMachine(Machine()).has_value());
    for (int i = 0; i < kExecutions; ++i) {
      store->Submit(Start("e" + std::to_string(i)), nullptr);
    }
    ASSERT_TRUE(store->Flush().ok());
  }  // closed: all unowned
  constexpr int kProcesses = 4;
  std::vector<std::string> outputs;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    std::string out = dir.File("claimed-" + std::to_string(p));
    outputs.push_back(out);
    pid_t child = fork();
    if (child == 0) {
      auto store = OpenStore(FileOptions(path));
      if (!store) _exit(2);
      auto claimed = (*store)->ClaimUnfinished();
      if (!claimed) _exit(3);
      FILE* f = fopen(out.c_str(), "w");
      for (const auto& c : *claimed) fprintf(f, "%s\n", c.execution.name.c_str());
      fclose(f);
      // Hold the claims while the others try (a live owner keeps them).
      usleep(300 * 1000);
      _exit(0);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  std::multiset<std::string> all;
  for (const auto& out : outputs) {
    std::ifstream in(out);
    for (std::string line; std::getline(in, line);) all.insert(line);
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kExecutions));
  std::set<std::string> unique(all.begin(), all.end());
  EXPECT_EQ(unique.size(), all.size()) << "an execution was claimed twice";
}

}  // namespace
}  // namespace tern::storage
