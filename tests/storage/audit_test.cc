// Verify, export and purge, with the database edited behind the store's back.
#include <cstdlib>

#include "storage/sqlite/hash_chain.h"
#include "tests/storage/store_test_util.h"

namespace tern::storage {
namespace {

using namespace testing;  // NOLINT

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("a.db");
    store_ = OpenOrDie(FileOptions(path_));
    ASSERT_TRUE(store_->CreateStateMachine(Machine()).has_value());
    ASSERT_OK(SubmitAndWait(*store_, Start("e1", 1000, 4)));
    ASSERT_OK(SubmitAndWait(*store_, End("e1", 6, 5000)));
    ASSERT_OK(SubmitAndWait(*store_, Start("e2", 2000, 1)));
    ASSERT_OK(SubmitAndWait(*store_, End("e2", 3, 9000)));
    ASSERT_OK(SubmitAndWait(*store_, Start("running", 3000, 2)));
  }
  VerifyReport VerifyOrDie(const std::string& name) {
    auto report = store_->Verify(ExecutionArn(name));
    EXPECT_TRUE(report.has_value()) << report.error().ToString();
    return report ? *report : VerifyReport{};
  }
  // The sqlite3 command-line shell, as a user tampering with the file would use it.
  void Sqlite3Cli(const std::string& sql) {
    std::string cmd = "sqlite3 '" + path_ + "' \"" + sql + "\"";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }

  ScratchDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(AuditTest, AnIntactHistoryVerifies) {
  for (const char* name : {"e1", "e2", "running"}) {
    VerifyReport r = VerifyOrDie(name);
    EXPECT_TRUE(r.ok) << name << ": " << r.problem;
  }
  EXPECT_EQ(VerifyOrDie("e1").events_checked, 6);
  EXPECT_FALSE(store_->Verify(ExecutionArn("nope")).has_value());
}

TEST_F(AuditTest, AlteredDetailsAreTheFirstBadEvent) {
  Sqlite3Cli(
      "UPDATE events SET details = replace(details, 'A', 'B') WHERE id = 3 AND "
      "execution_id = (SELECT id FROM executions WHERE name = 'e1')");
  VerifyReport r = VerifyOrDie("e1");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_event, 3);
  EXPECT_NE(r.problem.find("event 3 (PassStateEntered) was altered"), std::string::npos)
      << r.problem;
  EXPECT_TRUE(VerifyOrDie("e2").ok);
}

TEST_F(AuditTest, ARecomputedHashDoesNotHideAnEditBecauseTheNextEventChainsToIt) {
  // Change event 2's timestamp and store a hash that matches its new content: event 3, which
  // chains to the old hash, is now the one that does not match.
  auto history = store_->GetHistory(ExecutionArn("e1"), {});
  ASSERT_TRUE(history.has_value());
  EventRecord e2 = (*history)[1];
  std::string seed = (*history)[0].hash;
  e2.timestamp += 1;
  std::string forged = sqlite::ChainHash(seed, e2);
  Sqlite3Cli("UPDATE events SET timestamp = timestamp + 1, hash = X'" + forged +
             "' WHERE id = 2 AND execution_id = (SELECT id FROM executions WHERE name = 'e1')");
  VerifyReport r = VerifyOrDie("e1");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_event, 3) << r.problem;
}

TEST_F(AuditTest, ADeletedEventIsReportedMissing) {
  Sqlite3Cli(
      "DELETE FROM events WHERE id = 4 AND execution_id = "
      "(SELECT id FROM executions WHERE name = 'e1')");
  VerifyReport r = VerifyOrDie("e1");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_event, 4);
  EXPECT_EQ(r.problem, "event 4 is missing");
}

TEST_F(AuditTest, ADeletedLastEventIsACountMismatch) {
  Sqlite3Cli(
      "DELETE FROM events WHERE id = 6 AND execution_id = "
      "(SELECT id FROM executions WHERE name = 'e1')");
  VerifyReport r = VerifyOrDie("e1");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_event, 6);
  EXPECT_NE(r.problem.find("records 6 events but the history holds 5"), std::string::npos)
      << r.problem;
}

TEST_F(AuditTest, ExportsEveryEventOldestExecutionFirst) {
  std::vector<std::pair<std::string, int64_t>> seen;
  ASSERT_TRUE(store_
                  ->Export(std::nullopt,
                           [&](const ExecutionRecord& x, const EventRecord& e) {
                             seen.emplace_back(x.name, e.id);
                             EXPECT_EQ(e.hash.size(), 64u);
                             return true;
                           })
                  .ok());
  ASSERT_EQ(seen.size(), 6u + 3u + 3u);
  EXPECT_EQ(seen.front(), std::make_pair(std::string("e1"), int64_t{1}));
  EXPECT_EQ(seen[6], std::make_pair(std::string("e2"), int64_t{1}));
  EXPECT_EQ(seen.back(), std::make_pair(std::string("running"), int64_t{3}));

  int count = 0;
  ASSERT_TRUE(store_
                  ->Export(2000,
                           [&](const ExecutionRecord& x, const EventRecord&) {
                             EXPECT_NE(x.name, "e1");
                             return ++count < 4;  // stop early
                           })
                  .ok());
  EXPECT_EQ(count, 4);
}

TEST_F(AuditTest, PurgeDeletesOnlyEndedExecutionsStoppedBefore) {
  auto purged = store_->Purge(6000);  // e1 stopped at 5000, e2 at 9000, one still running
  ASSERT_TRUE(purged.has_value()) << purged.error().ToString();
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(store_->GetExecution("e1").error().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetExecution("e2").has_value());
  EXPECT_EQ(RawInt(path_, "SELECT count(*) FROM events"), 3 + 3);
  EXPECT_EQ(RawInt(path_, "SELECT count(*) FROM execution_payloads"), 2);
  EXPECT_EQ(*store_->Purge(1LL << 60), 1);  // e2; never the running one
  EXPECT_TRUE(store_->GetExecution("running").has_value());
}

}  // namespace
}  // namespace tern::storage
