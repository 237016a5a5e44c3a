// Opening databases: fresh, migrated from schema 1, written by a newer tern, not tern's.
#include "storage/sqlite/schema.h"

#include "tests/storage/store_test_util.h"

namespace tern::storage {
namespace {

using namespace testing;  // NOLINT

TEST(Schema, AFreshDatabaseGetsTheCurrentVersionAndTernsApplicationId) {
  ScratchDir dir;
  std::string path = dir.File("fresh.db");
  ASSERT_TRUE(OpenOrDie(FileOptions(path)));
  EXPECT_EQ(RawInt(path, "PRAGMA user_version"), sqlite::CurrentSchemaVersion());
  EXPECT_EQ(RawInt(path, "PRAGMA application_id"), sqlite::kApplicationId);
  EXPECT_EQ(RawInt(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'owners'"), 1);
  // WAL mode persists in the file.
  EXPECT_EQ(RawInt(path, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
  // Opening again changes nothing.
  ASSERT_TRUE(OpenOrDie(FileOptions(path)));
  EXPECT_EQ(RawInt(path, "PRAGMA user_version"), sqlite::CurrentSchemaVersion());
}

TEST(Schema, ASchemaOneDatabaseIsMigratedAndItsExecutionsCanBeClaimed) {
  ScratchDir dir;
  std::string path = dir.File("v1.db");
  // What tern wrote before claims existed: schema 1 and one running execution.
  std::string v1(sqlite::Migrations()[0].sql);
  ASSERT_EQ(RawSql(path, v1 + R"sql(
    PRAGMA user_version = 1;
    INSERT INTO state_machines VALUES (1, 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
                                       'M', 'STANDARD', 1, 5);
    INSERT INTO state_machine_revisions VALUES (1, 1, 'r1', '{"StartAt":"A"}', 'role', 5);
    INSERT INTO executions (id, arn, name, state_machine_arn, state_machine_revision, status,
                            start, event_count)
      VALUES (7, 'arn:aws:states:us-east-1:123456789012:execution:M:old',
              'old', 'arn:aws:states:us-east-1:123456789012:stateMachine:M', 1, 'RUNNING', 9, 0);
    INSERT INTO execution_payloads VALUES (7, '{}', NULL);
  )sql"),
            "");
  auto store = OpenOrDie(FileOptions(path));
  ASSERT_TRUE(store);
  EXPECT_EQ(RawInt(path, "PRAGMA user_version"), sqlite::CurrentSchemaVersion());
  auto claimed = store->ClaimUnfinished();
  ASSERT_TRUE(claimed.has_value()) << claimed.error().ToString();
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].execution.name, "old");
  EXPECT_EQ((*claimed)[0].machine.definition, R"({"StartAt":"A"})");
  EXPECT_FALSE((*claimed)[0].checkpoint.has_value());
  EXPECT_EQ((*claimed)[0].execution.trace_id, "");  // schema 3's column, defaulted
  // It goes on from there with a chained history.
  Transition t = Step("old", 1, 2);
  t.events[0].type = "ExecutionStarted";
  ASSERT_OK(SubmitAndWait(*store, t));
  EXPECT_TRUE(store->Verify(ExecutionArn("old"))->ok);
}

TEST(Schema, ADatabaseFromANewerTernIsRefusedUntouched) {
  ScratchDir dir;
  std::string path = dir.File("new.db");
  ASSERT_EQ(RawSql(path, "CREATE TABLE future (x); PRAGMA user_version = 99;"), "");
  auto store = OpenStore(FileOptions(path));
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store.error().message(), "database " + path +
                                         " was written by a newer tern (schema 99; this tern "
                                         "knows up to " +
                                         std::to_string(sqlite::CurrentSchemaVersion()) + ")");
  EXPECT_EQ(RawInt(path, "PRAGMA user_version"), 99);
  EXPECT_EQ(RawInt(path, "SELECT count(*) FROM sqlite_schema"), 1);
}

TEST(Schema, AnotherApplicationsDatabaseIsNotTakenOver) {
  ScratchDir dir;
  std::string path = dir.File("other.db");
  ASSERT_EQ(RawSql(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY);"), "");
  auto store = OpenStore(FileOptions(path));
  ASSERT_FALSE(store.has_value());
  EXPECT_NE(store.error().message().find("is corrupt or not a tern database"), std::string::npos)
      << store.error().message();
  EXPECT_EQ(RawInt(path, "SELECT count(*) FROM sqlite_schema"), 1);
}

}  // namespace
}  // namespace tern::storage
