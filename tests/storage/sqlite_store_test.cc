// The write path and the reads: transitions, group commit, refusals, checkpoints, listing.
#include "storage/sqlite/sqlite_store.h"

#include <atomic>
#include <set>
#include <thread>

#include "tests/storage/store_test_util.h"

namespace tern::storage {
namespace {

using namespace testing;  // NOLINT

class StoreTest : public ::testing::TestWithParam<Durability> {
 protected:
  void SetUp() override {
    store_ =
        OpenOrDie(GetParam() == Durability::kMemory ? MemoryOptions()
                                                    : FileOptions(dir_.File("t.db"), GetParam()));
    ASSERT_TRUE(store_);
    ASSERT_TRUE(store_->CreateStateMachine(Machine()).has_value());
  }
  ScratchDir dir_;
  std::unique_ptr<Store> store_;
};

INSTANTIATE_TEST_SUITE_P(Modes, StoreTest,
                         ::testing::Values(Durability::kMemory, Durability::kBatched,
                                           Durability::kStrict),
                         [](const auto& param_info) {
                           return std::string(DurabilityName(param_info.param));
                         });

TEST_P(StoreTest, TransitionsBuildAHistoryWithChainedHashes) {
  ASSERT_OK(SubmitAndWait(*store_, Start("e1", 1700000000000, 1)));
  ASSERT_OK(SubmitAndWait(*store_, Step("e1", 3, 2)));
  ASSERT_OK(SubmitAndWait(*store_, End("e1", 5)));

  auto e = store_->GetExecution(ExecutionArn("e1"));
  ASSERT_TRUE(e.has_value()) << e.error().ToString();
  EXPECT_EQ(e->status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(e->event_count, 5);
  EXPECT_EQ(e->output, R"({"out":2})");
  EXPECT_EQ(e->input, R"({"in":1})");
  EXPECT_EQ(e->stop, 1700000100000);
  EXPECT_EQ(e->state_machine_revision, 1);

  auto history = store_->GetHistory(ExecutionArn("e1"), {});
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 5u);
  for (size_t i = 0; i < history->size(); ++i) {
    EXPECT_EQ((*history)[i].id, static_cast<int64_t>(i + 1));
    EXPECT_EQ((*history)[i].hash.size(), 64u);
  }
  EXPECT_EQ((*history)[0].type, "ExecutionStarted");
  EXPECT_NE((*history)[0].hash, (*history)[1].hash);

  auto report = store_->Verify(ExecutionArn("e1"));
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->events_checked, 5);
}

TEST_P(StoreTest, ReverseAndPagedHistory) {
  ASSERT_OK(SubmitAndWait(*store_, Start("e1", 1700000000000, 9)));
  auto reverse = store_->GetHistory(ExecutionArn("e1"), Query(true, 3, 0));
  ASSERT_TRUE(reverse.has_value());
  ASSERT_EQ(reverse->size(), 3u);
  EXPECT_EQ((*reverse)[0].id, 10);
  EXPECT_EQ((*reverse)[2].id, 8);
  auto next = store_->GetHistory(ExecutionArn("e1"), Query(false, 4, 4));
  ASSERT_TRUE(next.has_value());
  ASSERT_EQ(next->size(), 4u);
  EXPECT_EQ(next->front().id, 5);
  EXPECT_EQ(next->back().id, 8);
  auto back = store_->GetHistory(ExecutionArn("e1"), Query(true, 0, 3));
  ASSERT_TRUE(back.has_value());
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ(back->front().id, 2);
  EXPECT_FALSE(store_->GetHistory(ExecutionArn("nope"), {}).has_value());
}

TEST_P(StoreTest, GroupCommitOfManyTransitionsFromManyThreads) {
  constexpr int kThreads = 4, kExecutions = 50, kSteps = 10;
  std::atomic<int> failures{0}, done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int x = 0; x < kExecutions; ++x) {
        std::string name = "t" + std::to_string(t) + "x" + std::to_string(x);
        auto cb = [&](Status s) {
          if (!s.ok()) ++failures;
          ++done;
        };
        store_->Submit(Start(name), cb);
        // Submitted back to back without waiting: each lands after the previous in the queue.
        for (int s = 0; s < kSteps; ++s) store_->Submit(Step(name, 2 + 2 * s, 2), cb);
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_TRUE(store_->Flush().ok());
  EXPECT_EQ(done.load(), kThreads * kExecutions * (kSteps + 1));
  EXPECT_EQ(failures.load(), 0);
  auto page = store_->ListExecutions(Filter([](ExecutionFilter& f) { f.limit = 1000; }));
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->executions.size(), static_cast<size_t>(kThreads * kExecutions));
  for (const auto& e : page->executions) EXPECT_EQ(e.event_count, 1 + 2 * kSteps) << e.arn;
}

TEST_P(StoreTest, ABatchCommitsTogetherAndARefusedTransitionFailsAlone) {
  // A long delay and a large batch: all five land in one SQLite transaction.
  auto store = OpenOrDie([&] {
    StoreOptions o =
        GetParam() == Durability::kMemory ? MemoryOptions() : FileOptions(dir_.File("batch.db"));
    o.max_batch_delay_ms = 200;
    return o;
  }());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->CreateStateMachine(Machine()).has_value());
  std::vector<Status> results(5);
  std::atomic<int> n{0};
  auto cb = [&](int i) {
    return [&, i](Status s) {
      results[i] = s;
      ++n;
    };
  };
  store->Submit(Start("a"), cb(0));
  store->Submit(Start("b"), cb(1));
  store->Submit(Start("a"), cb(2));       // duplicate create: AlreadyExists
  store->Submit(Step("b", 5, 1), cb(3));  // a gap: Internal
  store->Submit(Step("b", 2, 1), cb(4));  // continues b: fine
  ASSERT_TRUE(store->Flush().ok());
  ASSERT_EQ(n.load(), 5);
  EXPECT_TRUE(results[0].ok()) << results[0].ToString();
  EXPECT_TRUE(results[1].ok()) << results[1].ToString();
  EXPECT_EQ(results[2].code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(results[3].code(), StatusCode::kInternal);
  EXPECT_NE(results[3].message().find("a gap"), std::string::npos) << results[3].message();
  EXPECT_TRUE(results[4].ok()) << results[4].ToString();
  EXPECT_EQ(store->GetExecution(ExecutionArn("a"))->event_count, 1);
  EXPECT_EQ(store->GetExecution(ExecutionArn("b"))->event_count, 2);
}

TEST_P(StoreTest, DuplicateEventIdsAreRefusedAndNothingIsWritten) {
  ASSERT_OK(SubmitAndWait(*store_, Start("e1", 1700000000000, 2)));
  Transition dup = Step("e1", 3, 2);
  dup.events[1].id = 3;  // 3, 3
  dup.checkpoint = "must not land";
  Status s = SubmitAndWait(*store_, dup);
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_NE(s.message().find("a duplicate"), std::string::npos) << s.message();
  Status again = SubmitAndWait(*store_, Step("e1", 2, 1));  // an id already committed
  EXPECT_EQ(again.code(), StatusCode::kInternal);
  EXPECT_EQ(store_->GetExecution(ExecutionArn("e1"))->event_count, 3);
  EXPECT_EQ(store_->GetHistory(ExecutionArn("e1"), {})->size(), 3u);
  auto claimed = store_->ClaimUnfinished();  // our own: not returned
  ASSERT_TRUE(claimed.has_value());
  EXPECT_TRUE(claimed->empty());
}

TEST_P(StoreTest, UnknownExecutionsMachinesAndEndedExecutionsAreRefused) {
  EXPECT_EQ(SubmitAndWait(*store_, Step("ghost", 1, 1)).code(), StatusCode::kNotFound);
  Transition other = Start("x");
  other.create->state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Nope";
  EXPECT_EQ(SubmitAndWait(*store_, other).code(), StatusCode::kNotFound);
  Transition bad_name = Start("x");
  bad_name.create->name = "has space";
  bad_name.create->arn = bad_name.execution_arn = ExecutionArn("has space");
  EXPECT_EQ(SubmitAndWait(*store_, bad_name).code(), StatusCode::kInvalidArgument);
  ASSERT_OK(SubmitAndWait(*store_, Start("e1")));
  ASSERT_OK(SubmitAndWait(*store_, End("e1", 2)));
  EXPECT_EQ(SubmitAndWait(*store_, Step("e1", 3, 1)).code(), StatusCode::kFailedPrecondition);
}

// A runner resumed after a crash lists the task tokens it restored as new in its next
// transition: the same execution may add a token it already holds; another may not.
TEST_P(StoreTest, ATokenIsAddedAgainOnlyByTheExecutionHoldingIt) {
  ASSERT_OK(SubmitAndWait(*store_, Start("e1")));
  ASSERT_OK(SubmitAndWait(*store_, Start("e2")));
  auto with_token = [](const std::string& name, int64_t first_id) {
    Transition t = Step(name, first_id, 1);
    TaskTokenRecord token;
    token.token = "tok-1";
    token.execution_arn = ExecutionArn(name);
    token.state_name = "Wait";
    token.created = 5;
    t.tokens_added.push_back(token);
    return t;
  };
  ASSERT_OK(SubmitAndWait(*store_, with_token("e1", 2)));
  ASSERT_OK(SubmitAndWait(*store_, with_token("e1", 3)));  // resumed: listed again
  EXPECT_EQ(SubmitAndWait(*store_, with_token("e2", 2)).code(), StatusCode::kAlreadyExists);
  auto t = store_->GetTaskToken("tok-1");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->execution_arn, ExecutionArn("e1"));
}

TEST(StoreCheckpoints, ReplacedOnEveryTransitionAndDroppedAtTheEnd) {
  ScratchDir dir;
  std::string path = dir.File("c.db");
  {
    auto store = OpenOrDie(FileOptions(path));
    ASSERT_TRUE(store->CreateStateMachine(Machine()).has_value());
    Transition start = Start("e1");
    start.create->trace_id = "Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=a87bd80c:1";
    ASSERT_OK(SubmitAndWait(*store, start));
    ASSERT_OK(SubmitAndWait(*store, Step("e1", 2, 2)));
    Transition token = Step("e1", 4, 1);
    TaskTokenRecord waiting;
    waiting.token = "tok-1";
    waiting.execution_arn = ExecutionArn("e1");
    waiting.state_name = "Wait";
    waiting.created = 5;
    token.tokens_added.push_back(waiting);
    ASSERT_OK(SubmitAndWait(*store, token));
    auto t = store->GetTaskToken("tok-1");
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->execution_arn, ExecutionArn("e1"));
    EXPECT_EQ(t->state_name, "Wait");
  }
  // The store is closed: its claim is released, and a new store claims it with the latest
  // checkpoint.
  {
    auto store = OpenOrDie(FileOptions(path));
    auto claimed = store->ClaimUnfinished();
    ASSERT_TRUE(claimed.has_value()) << claimed.error().ToString();
    ASSERT_EQ(claimed->size(), 1u);
    EXPECT_EQ((*claimed)[0].checkpoint, "checkpoint-4");
    EXPECT_EQ((*claimed)[0].machine.definition, Machine().definition);
    EXPECT_EQ((*claimed)[0].execution.event_count, 4);
    EXPECT_EQ((*claimed)[0].execution.trace_id,
              "Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=a87bd80c:1");
    Transition end = End("e1", 5);
    end.checkpoint = "ignored at the end";
    ASSERT_OK(SubmitAndWait(*store, end));
    EXPECT_FALSE(store->GetTaskToken("tok-1").has_value());
  }
  EXPECT_EQ(RawInt(path, "SELECT count(*) FROM checkpoints"), 0);
  EXPECT_EQ(RawInt(path, "SELECT count(*) FROM task_tokens"), 0);
}

TEST(StoreMachines, RevisionsAreKeptAndExecutionsResumeWithTheirs) {
  ScratchDir dir;
  std::string path = dir.File("m.db");
  auto store = OpenOrDie(FileOptions(path));
  auto created = store->CreateStateMachine(Machine("v1"));
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ(created->revision, 1);
  EXPECT_FALSE(created->revision_id.empty());
  // The same again is fine (AWS); a different definition under the name is not.
  EXPECT_TRUE(store->CreateStateMachine(Machine("v1")).has_value());
  EXPECT_EQ(store->CreateStateMachine(Machine("v2")).error().code(), StatusCode::kAlreadyExists);
  ASSERT_OK(SubmitAndWait(*store, Start("old")));
  StateMachineRecord update;
  update.arn = kMachineArn;
  update.definition = "v2";
  auto updated = store->UpdateStateMachine(update);
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(updated->revision, 2);
  EXPECT_EQ(updated->role_arn, Machine().role_arn);
  EXPECT_NE(updated->revision_id, created->revision_id);
  EXPECT_EQ(store->GetStateMachine(kMachineArn)->definition, "v2");
  EXPECT_EQ(store->GetStateMachine(kMachineArn, 1)->definition, "v1");
  EXPECT_FALSE(store->GetStateMachine(kMachineArn, 3).has_value());
  ASSERT_OK(SubmitAndWait(*store, Start("new")));
  EXPECT_EQ(store->GetExecution("old")->state_machine_revision, 1);
  EXPECT_EQ(store->GetExecution("new")->state_machine_revision, 2);
  EXPECT_EQ(store->ListStateMachines()->size(), 1u);
  EXPECT_EQ(store->DeleteStateMachine(kMachineArn).code(), StatusCode::kFailedPrecondition);
  ASSERT_OK(SubmitAndWait(*store, End("old", 2)));
  ASSERT_OK(SubmitAndWait(*store, End("new", 2)));
  EXPECT_TRUE(store->DeleteStateMachine(kMachineArn).ok());
  EXPECT_EQ(store->GetStateMachine(kMachineArn).error().code(), StatusCode::kNotFound);
  StateMachineRecord bad = Machine();
  bad.name = "a/b";
  EXPECT_EQ(store->CreateStateMachine(bad).error().code(), StatusCode::kInvalidArgument);
}

TEST(StoreListing, FiltersAndPagesNewestFirst) {
  auto store = OpenOrDie(MemoryOptions());
  ASSERT_TRUE(store->CreateStateMachine(Machine()).has_value());
  for (int i = 0; i < 25; ++i) {
    std::string name = "e" + std::to_string(i);
    ASSERT_OK(SubmitAndWait(*store, Start(name, 1000 * (i / 2))));  // ties on start
    if (i % 3 == 0) {
      ASSERT_OK(SubmitAndWait(*store, End(name, 2)));
    }
  }
  std::vector<std::string> seen;
  ExecutionFilter filter;
  filter.limit = 7;
  for (int pages = 0;; ++pages) {
    ASSERT_LT(pages, 10);
    auto page = store->ListExecutions(filter);
    ASSERT_TRUE(page.has_value()) << page.error().ToString();
    for (const auto& e : page->executions) seen.push_back(e.name);
    if (page->next_page_token.empty()) break;
    filter.page_token = page->next_page_token;
  }
  ASSERT_EQ(seen.size(), 25u);
  EXPECT_EQ(seen.front(), "e24");
  EXPECT_EQ(seen.back(), "e0");
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), 25u);

  auto succeeded = store->ListExecutions(Filter([](ExecutionFilter& f) {
    f.status = ExecutionStatus::kSucceeded;
    f.limit = 100;
  }));
  EXPECT_EQ(succeeded->executions.size(), 9u);
  auto since = store->ListExecutions(Filter([](ExecutionFilter& f) {
    f.since = 10000;
    f.limit = 100;
  }));
  EXPECT_EQ(since->executions.size(), 5u);  // e20..e24
  auto machine = store->ListExecutions(Filter([](ExecutionFilter& f) {
    f.state_machine_arn = "arn:other";
    f.limit = 100;
  }));
  EXPECT_TRUE(machine->executions.empty());
  EXPECT_FALSE(
      store->ListExecutions(Filter([](ExecutionFilter& f) { f.limit = 1001; })).has_value());
  EXPECT_FALSE(store->ListExecutions(Filter([](ExecutionFilter& f) { f.page_token = "garbage"; }))
                   .has_value());
  EXPECT_EQ(store->GetExecution("e3")->arn, ExecutionArn("e3"));
  EXPECT_EQ(store->GetExecution("nope").error().code(), StatusCode::kNotFound);
}

TEST(StoreOptionsAndNames, DurabilityNamesAndDefaultPath) {
  EXPECT_EQ(*ParseDurability("strict"), Durability::kStrict);
  EXPECT_FALSE(ParseDurability("fast").has_value());
  EXPECT_EQ(ParseExecutionStatus("TIMED_OUT"), ExecutionStatus::kTimedOut);
  EXPECT_EQ(ParseExecutionStatus("nope"), std::nullopt);
  setenv("TERN_DB", "/tmp/x.db", 1);
  EXPECT_EQ(DefaultDatabasePath(), "/tmp/x.db");
  unsetenv("TERN_DB");
  EXPECT_EQ(DefaultDatabasePath(), "./.tern/tern.db");
}

TEST(StoreOpen, CreatesTheParentDirectory) {
  ScratchDir dir;
  std::string path = dir.File("a/b/tern.db");
  auto store = OpenOrDie(FileOptions(path));
  ASSERT_TRUE(store);
  EXPECT_TRUE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace tern::storage
