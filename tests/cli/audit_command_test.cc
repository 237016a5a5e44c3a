// The audit commands end to end: a database filled through the Store API (as `tern run --db`
// would fill it), then `tern executions|describe|history|export|purge|verify` on it.
#include <future>
#include <sstream>

#include <gtest/gtest.h>

#include "common/json.h"
#include "storage/store.h"
#include "tests/cli/cli_runner.h"

namespace tern::testing {
namespace {

using storage::EventRecord;
using storage::ExecutionStatus;

constexpr char kMachine[] = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
constexpr storage::TimeMs kT0 = 1795600800000;  // 2026-11-25T10:00:00Z

std::string Arn(const std::string& name) {
  return "arn:aws:states:us-east-1:123456789012:execution:orders:" + name;
}

EventRecord Event(int64_t id, int64_t prev, const std::string& type, const std::string& field,
                  const std::string& details) {
  EventRecord e;
  e.id = id;
  e.previous_id = prev;
  e.timestamp = kT0 + id;
  e.type = type;
  e.details_field = field;
  e.details = details;
  return e;
}

void Commit(storage::Store& store, storage::Transition t) {
  std::promise<Status> done;
  store.Submit(std::move(t), [&](Status s) { done.set_value(s); });
  Status s = done.get_future().get();
  ASSERT_TRUE(s.ok()) << s.ToString();
}

// o-1 succeeded (4 events), o-2 failed (3 events, an hour later), o-3 still running.
class AuditCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/audit.db";
    storage::StoreOptions options;
    options.path = db_;
    auto store = storage::OpenStore(options);
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    storage::StateMachineRecord m;
    m.arn = kMachine;
    m.name = "orders";
    m.definition = R"({"StartAt":"Start","States":{"Start":{"Type":"Pass","End":true}}})";
    m.role_arn = "arn:aws:iam::123456789012:role/r";
    ASSERT_TRUE((*store)->CreateStateMachine(m).has_value());
    Start(**store, "o-1", kT0);
    Start(**store, "o-2", kT0 + 3600000);
    Start(**store, "o-3", kT0 + 7200000);
    storage::Transition t1;
    t1.execution_arn = Arn("o-1");
    t1.events = {Event(3, 2, "PassStateExited", "stateExitedEventDetails",
                       R"({"name":"Start","output":"{\"ok\":true}"})"),
                 Event(4, 3, "ExecutionSucceeded", "executionSucceededEventDetails",
                       R"({"output":"{\"ok\":true}"})")};
    t1.end = storage::ExecutionEnd{ExecutionStatus::kSucceeded, std::string(R"({"ok":true})"), "",
                                   "", kT0 + 10};
    Commit(**store, t1);
    storage::Transition t2;
    t2.execution_arn = Arn("o-2");
    t2.events = {Event(3, 2, "ExecutionFailed", "executionFailedEventDetails",
                       R"({"error":"Boom","cause":"it broke"})")};
    t2.end = storage::ExecutionEnd{ExecutionStatus::kFailed, std::nullopt, "Boom", "it broke",
                                   kT0 + 3600000 + 10};
    Commit(**store, t2);
  }

  void Start(storage::Store& store, const std::string& name, storage::TimeMs start) {
    storage::Transition t;
    t.execution_arn = Arn(name);
    storage::ExecutionRecord r;
    r.arn = t.execution_arn;
    r.name = name;
    r.state_machine_arn = kMachine;
    r.input = R"({"order":")" + name + R"("})";
    r.start = start;
    t.create = r;
    t.events = {Event(1, 0, "ExecutionStarted", "executionStartedEventDetails",
                      R"({"input":"{}","inputDetails":{"truncated":false}})"),
                Event(2, 0, "PassStateEntered", "stateEnteredEventDetails",
                      R"({"name":"Start","input":"{}"})")};
    t.checkpoint = "cp";
    Commit(store, t);
  }

  CommandResult Tern(const std::string& args) { return RunTern(args + " --db " + db_); }

  TempDir dir_;
  std::string db_;
};

TEST_F(AuditCommandTest, ExecutionsListsNewestFirstWithFilters) {
  auto r = Tern("executions");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header, first, second, third;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  std::getline(lines, third);
  EXPECT_EQ(header.rfind("NAME", 0), 0u) << r.out;
  EXPECT_EQ(first.rfind("o-3", 0), 0u) << r.out;
  EXPECT_NE(first.find("RUNNING"), std::string::npos);
  EXPECT_NE(second.find("FAILED"), std::string::npos);
  EXPECT_NE(third.find("2026-11-25T10:00:00.000Z"), std::string::npos) << third;

  auto json = Tern("executions --status SUCCEEDED --json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  Json j = Json::parse(json.out);
  ASSERT_EQ(j["executions"].size(), 1u);
  EXPECT_EQ(j["executions"][0]["executionArn"], Arn("o-1"));
  EXPECT_EQ(j["executions"][0]["stopDate"], "2026-11-25T10:00:00.010Z");

  EXPECT_EQ(
      Json::parse(Tern("executions --json --since 2026-11-25T10:30:00Z").out)["executions"].size(),
      2u);
  EXPECT_EQ(Json::parse(Tern("executions --json --machine orders").out)["executions"].size(), 3u);
  EXPECT_EQ(Tern("executions --machine nope").exit_code, 2);
  EXPECT_EQ(Tern("executions --status BOGUS").exit_code, 2);
  EXPECT_EQ(Tern("executions --since yesterday").exit_code, 2);
  // An age: everything was started in 2026-11, long before "1s" ago only if the clock says so.
  EXPECT_EQ(Tern("executions --since 1s --json").exit_code, 0);
}

TEST_F(AuditCommandTest, DescribeByNameOrArnInDescribeExecutionsShape) {
  auto r = Tern("describe o-1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::parse(r.out);
  EXPECT_EQ(j["executionArn"], Arn("o-1"));
  EXPECT_EQ(j["status"], "SUCCEEDED");
  EXPECT_EQ(j["output"], R"({"ok":true})");
  EXPECT_EQ(j["input"], R"({"order":"o-1"})");
  EXPECT_EQ(j["startDate"], "2026-11-25T10:00:00.000Z");
  Json failed = Json::parse(Tern("describe " + Arn("o-2") + " --json").out);
  EXPECT_EQ(failed["error"], "Boom");
  EXPECT_EQ(failed["cause"], "it broke");
  EXPECT_FALSE(failed.contains("output"));
  Json running = Json::parse(Tern("describe o-3 --json").out);
  EXPECT_FALSE(running.contains("stopDate"));
  auto text = Tern("describe o-2");
  EXPECT_NE(text.out.find("status:     FAILED"), std::string::npos) << text.out;
  auto missing = Tern("describe o-9");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("Execution Does Not Exist: 'o-9'"), std::string::npos) << missing.err;
}

TEST_F(AuditCommandTest, HistoryInGetExecutionHistorysShape) {
  auto r = Tern("history o-1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json events = Json::parse(r.out)["events"];
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0]["type"], "ExecutionStarted");
  EXPECT_EQ(events[0]["id"], 1);
  EXPECT_EQ(events[0]["previousEventId"], 0);
  EXPECT_EQ(events[0]["executionStartedEventDetails"]["input"], "{}");
  EXPECT_EQ(events[3]["executionSucceededEventDetails"]["output"], R"({"ok":true})");
  Json reversed = Json::parse(Tern("history o-1 --json --reverse").out)["events"];
  EXPECT_EQ(reversed[0]["id"], 4);
  auto text = Tern("history o-1");
  EXPECT_NE(text.out.find("PassStateEntered"), std::string::npos);
  EXPECT_NE(text.out.find("Start"), std::string::npos);
}

TEST_F(AuditCommandTest, ExportWritesOneEventPerLineWithItsHash) {
  auto r = Tern("export");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::vector<Json> events;
  for (std::string line; std::getline(lines, line);) events.push_back(Json::parse(line));
  ASSERT_EQ(events.size(), 4u + 3u + 2u);
  EXPECT_EQ(events[0]["v"], 1);
  EXPECT_EQ(events[0]["executionArn"], Arn("o-1"));
  EXPECT_EQ(events[0]["stateMachineArn"], kMachine);
  EXPECT_EQ(events[0]["hash"].get<std::string>().size(), 64u);
  EXPECT_EQ(events[0]["timestampMillis"], kT0 + 1);
  EXPECT_EQ(events[4]["executionArn"], Arn("o-2"));
  EXPECT_EQ(Json::parse(events[1]["details"].get<std::string>())["name"], "Start");
  auto since = Tern("export --since 2026-11-25T11:30:00Z");
  EXPECT_EQ(std::count(since.out.begin(), since.out.end(), '\n'), 2);
}

TEST_F(AuditCommandTest, VerifyFindsAnEditMadeWithTheSqlite3Shell) {
  auto clean = Tern("verify");
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_NE(clean.out.find("verified 3 executions (9 events): all intact"), std::string::npos)
      << clean.out;
  std::string edit = "sqlite3 " + db_ +
                     " \"UPDATE events SET details = replace(details, 'it broke', 'fine') "
                     "WHERE type = 'ExecutionFailed'\"";
  ASSERT_EQ(std::system(edit.c_str()), 0);
  auto r = Tern("verify");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("FAILED " + Arn("o-2") + ": event 3 (ExecutionFailed) was altered"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1 with problems"), std::string::npos);
  EXPECT_EQ(Tern("verify o-1 o-3").exit_code, 0);
  EXPECT_EQ(Tern("verify o-2").exit_code, 1);
  EXPECT_EQ(Tern("verify o-404").exit_code, 2);
}

TEST_F(AuditCommandTest, PurgeRemovesEndedExecutionsBeforeTheTime) {
  auto r = Tern("purge --before 2026-11-25T10:30:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("purged 1 execution "), std::string::npos) << r.out;
  EXPECT_EQ(Tern("describe o-1").exit_code, 2);
  auto all = Tern("purge --before 0s");  // now: o-2 too, never the running o-3
  EXPECT_NE(all.out.find("purged 1 execution "), std::string::npos) << all.out;
  EXPECT_EQ(Tern("describe o-3").exit_code, 0);
  EXPECT_EQ(Tern("purge").exit_code, 2);  // --before is required
}

TEST(AuditCommands, AMissingOrForeignDatabaseIsAClearError) {
  TempDir dir;
  auto missing = RunTern("executions --db " + dir.path() + "/none.db");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no database at " + dir.path() + "/none.db"), std::string::npos)
      << missing.err;
  std::string garbage = dir.Write("garbage.db", std::string(4096, 'g'));
  auto corrupt = RunTern("history x --db " + garbage);
  EXPECT_EQ(corrupt.exit_code, 2);
  EXPECT_NE(corrupt.err.find("is corrupt or not a tern database"), std::string::npos)
      << corrupt.err;
}

}  // namespace
}  // namespace tern::testing
