// Transitions: the builder resolves every Next to a state once, a transition reads the clock
// once (the next state is entered when the previous one exits), and the text a state passes on
// is shared by the events that show it, never copied per transition.
#include <gtest/gtest.h>

#include "engine/mock_invoker.h"
#include "tests/engine/engine_test_util.h"

namespace tern::engine::testing {
namespace {

TEST(Transitions, EveryTargetIsResolvedToItsState) {
  auto machine = Compile(R"({"StartAt": "C", "States": {
    "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "T"}],
          "Default": "P"},
    "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "Next": "P",
          "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}]},
    "P": {"Type": "Pass", "End": true},
    "F": {"Type": "Fail"}}})");
  ASSERT_TRUE(machine);
  const asl::State& c = *machine->Find("C");
  const asl::State& t = *machine->Find("T");
  EXPECT_EQ(machine->at(c.choices[0].next_index).name, "T");
  EXPECT_EQ(machine->at(c.default_index).name, "P");
  EXPECT_EQ(machine->at(t.next_index).name, "P");
  EXPECT_EQ(machine->at(t.catchers[0].next_index).name, "F");
  EXPECT_EQ(machine->Find("P")->next_index, asl::kNoState);
}

TEST(Transitions, ATargetThatIsNoStateIsRefusedWhereItIsWritten) {
  auto next = asl::BuildStateMachine(Json::parse(R"({"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Next": "Nowhere"}}})"));
  ASSERT_FALSE(next.has_value());
  EXPECT_EQ(next.error(), "/States/A/Next: no state named Nowhere");
  auto catcher = asl::BuildStateMachine(Json::parse(R"({"StartAt": "A", "States": {
    "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true,
          "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Gone"}]}}})"));
  ASSERT_FALSE(catcher.has_value());
  EXPECT_EQ(catcher.error(), "/States/A/Catch/0/Next: no state named Gone");
}

TEST(Transitions, AResourceThatIsNotAStringIsRefusedWhereItIsWritten) {
  auto ref = asl::BuildStateMachine(Json::parse(R"({"StartAt": "A", "States": {
    "A": {"Type": "Task", "Resource": {"Ref": "MyFunction"}, "End": true}}})"));
  ASSERT_FALSE(ref.has_value());
  EXPECT_EQ(ref.error().rfind("/States/A/Resource: the CloudFormation intrinsic Ref cannot", 0), 0u)
      << ref.error();
  auto number = asl::BuildStateMachine(Json::parse(R"({"StartAt": "A", "States": {
    "A": {"Type": "Task", "Resource": 7, "End": true}}})"));
  ASSERT_FALSE(number.has_value());
  EXPECT_EQ(number.error(), "/States/A/Resource: must be an ARN string");
}

TEST(Transitions, AStateWithoutNextOrEndFailsTheExecutionInsteadOfCrashing) {
  // The validator refuses this; the engine must still not follow a missing transition.
  RunResult run = RunMachine(R"({"StartAt": "A", "States": {"A": {"Type": "Pass"}}})");
  EXPECT_EQ(run.outcome.status, ExecutionStatus::kFailed);
  EXPECT_EQ(run.outcome.error, "States.Runtime");
  EXPECT_EQ(run.outcome.cause, "The state 'A' has no next state.");
}

// A clock that moves one millisecond every time it is read.
class TickingClock final : public Clock {
 public:
  TimeMs Now() const override { return ++now_; }

 private:
  mutable TimeMs now_ = kStart;
};

TEST(Transitions, TheNextStateIsEnteredWhenThePreviousOneExits) {
  TickingClock clock;
  UnavailableInvoker invoker;
  ExecutionOptions options;
  options.execution_name = "exec";
  auto outcome = RunExecution(Compile(R"({"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "C"},
    "C": {"Type": "Pass", "End": true}}})"),
                              Json::object(), options, invoker, clock);
  ASSERT_EQ(outcome.status, ExecutionStatus::kSucceeded);
  const EventList& h = outcome.history;
  ASSERT_EQ(h.size(), 8u);  // started, 3 x (entered, exited), succeeded
  EXPECT_EQ(h[3].type, "PassStateEntered");
  EXPECT_EQ(h[3].timestamp, h[2].timestamp);  // B entered when A exited
  EXPECT_EQ(h[5].timestamp, h[4].timestamp);  // C entered when B exited
  EXPECT_LT(h[2].timestamp, h[4].timestamp);  // but each exit is a new reading
  // Each entered input is the previous exited output, text for text.
  EXPECT_EQ(h[3].input, h[2].output);
  EXPECT_EQ(h[5].input, h[4].output);
}

TEST(Transitions, TheTextPassedOnIsSharedNotCopied) {
  UnavailableInvoker invoker;
  RealClock clock;
  ExecutionOptions options;
  Json input = Json::object();
  input["payload"] = std::string(9000, 'x');
  auto outcome = RunExecution(Compile(R"({"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}})"),
                              input, options, invoker, clock);
  ASSERT_EQ(outcome.status, ExecutionStatus::kSucceeded);
  const EventList& h = outcome.history;
  ASSERT_EQ(h.size(), 6u);  // started, 2 x (entered, exited), succeeded
  const char* bytes = h[0].input.view().data();
  for (size_t i : {1u, 3u}) EXPECT_EQ(h[i].input.view().data(), bytes) << "event " << i;
  for (size_t i : {2u, 4u, 5u}) EXPECT_EQ(h[i].output.view().data(), bytes) << "event " << i;
  EXPECT_EQ(Json::parse(h[5].output.str()), input);
}

}  // namespace
}  // namespace tern::engine::testing
