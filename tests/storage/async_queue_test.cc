// The async invocation tables: enqueue (durable once the callback runs, group-committed),
// leases (an expired lease makes an event deliverable again), reschedules, completions with
// their follow-ups in one transaction, dead letters and redrive, the built-in queues.
#include <future>
#include <thread>
#include <vector>

#include "tests/storage/store_test_util.h"

namespace tern::storage {
namespace {

using testing::FileOptions;
using testing::MemoryOptions;
using testing::OpenOrDie;
using testing::ScratchDir;

constexpr char kFn[] = "arn:aws:lambda:us-east-1:123456789012:function:f";
constexpr char kQueue[] = "arn:aws:sqs:us-east-1:123456789012:q";

AsyncEventRecord Event(const std::string& payload, TimeMs now) {
  AsyncEventRecord e;
  e.request_id = "req-" + payload;
  e.function_arn = kFn;
  e.payload = payload;
  e.trace_id = "Root=1-00000000-000000000000000000000000";
  e.accepted = now;
  e.next_attempt = now;
  return e;
}

int64_t EnqueueAndWait(Store& store, AsyncEventRecord e) {
  std::promise<Result<int64_t, Status>> p;
  store.EnqueueAsyncEvent(std::move(e), [&p](Result<int64_t, Status> r) { p.set_value(r); });
  auto r = p.get_future().get();
  EXPECT_TRUE(r) << (r ? "" : r.error().ToString());
  return r ? *r : 0;
}

TEST(AsyncQueueTest, EnqueuedEventsAreLeasedOnceUntilTheLeaseExpires) {
  auto store = OpenOrDie(MemoryOptions());
  ASSERT_TRUE(store);
  int64_t a = EnqueueAndWait(*store, Event("1", 1000));
  int64_t b = EnqueueAndWait(*store, Event("2", 1000));
  EXPECT_LT(a, b);
  EXPECT_EQ(*store->CountAsyncEvents(), 2);

  auto leased = store->LeaseDueAsyncEvents(1000, 10, 5000);
  ASSERT_TRUE(leased);
  ASSERT_EQ(leased->size(), 2u);
  EXPECT_EQ((*leased)[0].payload, "1");
  EXPECT_EQ((*leased)[0].request_id, "req-1");
  EXPECT_EQ((*leased)[0].trace_id, "Root=1-00000000-000000000000000000000000");
  EXPECT_TRUE(store->LeaseDueAsyncEvents(2000, 10, 6000)->empty()) << "leased: not handed out";
  ASSERT_OK(store->RenewAsyncEventLeases({a}, 9000));
  // b's lease expired (5000): deliverable again, a's was renewed.
  auto again = store->LeaseDueAsyncEvents(5000, 10, 7000);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].id, b);
  EXPECT_EQ(**store->NextAsyncEventDue(), 7000);
}

TEST(AsyncQueueTest, LeaseRespectsTheLimitAndTheDueTime) {
  auto store = OpenOrDie(MemoryOptions());
  for (int i = 0; i < 5; ++i) EnqueueAndWait(*store, Event(std::to_string(i), 100));
  AsyncEventRecord later = Event("later", 100);
  later.next_attempt = 10000;
  EnqueueAndWait(*store, later);
  EXPECT_EQ(store->LeaseDueAsyncEvents(200, 3, 100000)->size(), 3u);
  EXPECT_EQ(store->LeaseDueAsyncEvents(200, 10, 100000)->size(), 2u);
  EXPECT_TRUE(store->LeaseDueAsyncEvents(200, 10, 100000)->empty());
  EXPECT_EQ(store->LeaseDueAsyncEvents(10000, 10, 20000)->size(), 1u);
}

TEST(AsyncQueueTest, LeasesAndDueTimesCanBeLimitedToSomeFunctions) {
  auto store = OpenOrDie(MemoryOptions());
  const std::string g = "arn:aws:lambda:us-east-1:123456789012:function:g";
  EnqueueAndWait(*store, Event("f1", 100));
  AsyncEventRecord other = Event("g1", 50);
  other.function_arn = g;
  EnqueueAndWait(*store, other);
  EXPECT_EQ(**store->NextAsyncEventDue({kFn}), 100);
  EXPECT_EQ(**store->NextAsyncEventDue({}), 50);
  auto leased = store->LeaseDueAsyncEvents(200, 10, 1000, {kFn});
  ASSERT_EQ(leased->size(), 1u);
  EXPECT_EQ((*leased)[0].payload, "f1");
  EXPECT_FALSE(*store->NextAsyncEventDue({"arn:aws:lambda:us-east-1:123456789012:function:h"}));
  leased = store->LeaseDueAsyncEvents(200, 10, 1000, {g, "arn:with\"quote"});
  ASSERT_EQ(leased->size(), 1u);
  EXPECT_EQ((*leased)[0].payload, "g1");
}

TEST(AsyncQueueTest, RescheduleRecordsTheAttemptAndReleasesTheLease) {
  auto store = OpenOrDie(MemoryOptions());
  EnqueueAndWait(*store, Event("x", 100));
  auto leased = store->LeaseDueAsyncEvents(100, 1, 100000);
  ASSERT_EQ(leased->size(), 1u);
  AsyncEventRecord e = (*leased)[0];
  e.attempts = 1;
  e.throttles = 2;
  e.next_attempt = 500;
  e.last_response = R"({"statusCode":200})";
  ASSERT_OK(store->RescheduleAsyncEvent(e));
  EXPECT_TRUE(store->LeaseDueAsyncEvents(499, 1, 100000)->empty());
  auto again = store->LeaseDueAsyncEvents(500, 1, 100000);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].attempts, 1);
  EXPECT_EQ((*again)[0].throttles, 2);
  EXPECT_EQ((*again)[0].last_response, R"({"statusCode":200})");
}

TEST(AsyncQueueTest, CompletionDeletesTheEventAndWritesItsFollowUpsOnce) {
  auto store = OpenOrDie(MemoryOptions());
  int64_t id = EnqueueAndWait(*store, Event("x", 100));
  AsyncCompletion c;
  c.event_id = id;
  AsyncEventRecord next = Event("destination", 200);
  next.stop_condition = "RecursiveInvocationDetected";
  c.enqueue.push_back(next);
  c.messages.push_back({0, kQueue, R"({"m":1})", "Root=1-x", 200});
  DeadLetterRecord letter;
  letter.request_id = "req-x";
  letter.function_arn = kFn;
  letter.payload = "x";
  letter.condition = "RetriesExhausted";
  letter.reason = "ValueError: bad";
  letter.record = "{}";
  letter.attempts = 3;
  letter.accepted = 100;
  letter.failed = 200;
  c.dead_letter = letter;
  ASSERT_OK(store->CompleteAsyncEvent(c));
  // A second completion of the same event (another dispatcher after a lease expired) writes
  // nothing.
  EXPECT_EQ(store->CompleteAsyncEvent(c).code(), StatusCode::kNotFound);

  EXPECT_EQ(*store->CountAsyncEvents(), 1);
  auto left = store->LeaseDueAsyncEvents(200, 10, 300);
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].payload, "destination");
  EXPECT_EQ((*left)[0].stop_condition, "RecursiveInvocationDetected");
  EXPECT_EQ(*store->CountQueueMessages(kQueue), 1);
  auto letters = store->ListDeadLetters(0);
  ASSERT_EQ(letters->size(), 1u);
  EXPECT_EQ((*letters)[0].condition, "RetriesExhausted");
  EXPECT_EQ((*letters)[0].attempts, 3);
}

TEST(AsyncQueueTest, RedriveMovesADeadLetterBackToTheQueueWithAFreshAge) {
  auto store = OpenOrDie(MemoryOptions());
  int64_t id = EnqueueAndWait(*store, Event("x", 100));
  AsyncCompletion c;
  c.event_id = id;
  DeadLetterRecord letter;
  letter.request_id = "req-x";
  letter.function_arn = kFn;
  letter.payload = R"({"n":1})";
  letter.trace_id = "Root=1-abc";
  letter.condition = "EventAgeExceeded";
  letter.attempts = 2;
  c.dead_letter = letter;
  ASSERT_OK(store->CompleteAsyncEvent(c));
  auto letters = store->ListDeadLetters(10);
  ASSERT_EQ(letters->size(), 1u);
  const int64_t letter_id = (*letters)[0].id;
  auto got = store->GetDeadLetter(letter_id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->payload, R"({"n":1})");
  EXPECT_EQ(store->GetDeadLetter(letter_id + 1).error().code(), StatusCode::kNotFound);

  auto redriven = store->RedriveDeadLetter(letter_id, 5000);
  ASSERT_TRUE(redriven);
  EXPECT_TRUE(store->ListDeadLetters(0)->empty());
  EXPECT_EQ(store->RedriveDeadLetter(letter_id, 5000).error().code(), StatusCode::kNotFound);
  auto leased = store->LeaseDueAsyncEvents(5000, 10, 6000);
  ASSERT_EQ(leased->size(), 1u);
  EXPECT_EQ((*leased)[0].id, *redriven);
  EXPECT_EQ((*leased)[0].request_id, "req-x");
  EXPECT_EQ((*leased)[0].trace_id, "Root=1-abc");
  EXPECT_EQ((*leased)[0].accepted, 5000);
  EXPECT_EQ((*leased)[0].attempts, 0);
}

TEST(AsyncQueueTest, QueuesKeepMessagesInOrderPerQueue) {
  auto store = OpenOrDie(MemoryOptions());
  const std::string other = "arn:aws:sqs:us-east-1:123456789012:other";
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store->AppendQueueMessage({0, kQueue, std::to_string(i), "", 10}));
  }
  ASSERT_TRUE(store->AppendQueueMessage({0, other, "o", "", 10}));
  auto messages = store->ListQueueMessages(kQueue, 0);
  ASSERT_EQ(messages->size(), 3u);
  EXPECT_EQ((*messages)[0].body, "0");
  EXPECT_EQ((*messages)[2].body, "2");
  EXPECT_EQ(store->ListQueueMessages(kQueue, 2)->size(), 2u);
  EXPECT_EQ(*store->CountQueueMessages(other), 1);
  EXPECT_EQ(*store->CountQueueMessages("arn:aws:sqs:us-east-1:123456789012:none"), 0);
}

TEST(AsyncQueueTest, AcceptedEventsSurviveReopeningAndManyEnqueuersShareCommits) {
  ScratchDir dir;
  StoreOptions options = FileOptions(dir.File("tern.db"));
  options.max_batch_delay_ms = 2;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 250;
  {
    auto store = OpenOrDie(options);
    ASSERT_TRUE(store);
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        std::vector<std::future<void>> waits;
        for (int i = 0; i < kPerThread; ++i) {
          auto p = std::make_shared<std::promise<void>>();
          waits.push_back(p->get_future());
          store->EnqueueAsyncEvent(Event(std::to_string(t * kPerThread + i), 100),
                                   [p, &ok](Result<int64_t, Status> r) {
                                     if (r) ++ok;
                                     p->set_value();
                                   });
        }
        for (auto& w : waits) w.wait();
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok, kThreads * kPerThread);
    // Leased by a process that then goes away without finishing.
    EXPECT_EQ(store->LeaseDueAsyncEvents(100, 10, 1000)->size(), 10u);
  }
  auto reopened = OpenOrDie(options);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(*reopened->CountAsyncEvents(), kThreads * kPerThread);
  EXPECT_EQ(reopened->LeaseDueAsyncEvents(500, 10000, 5000)->size(),
            static_cast<size_t>(kThreads * kPerThread - 10));
  EXPECT_EQ(reopened->LeaseDueAsyncEvents(1000, 10000, 2000)->size(), 10u)
      << "the dead owner's leases expired";
}

}  // namespace
}  // namespace tern::storage
