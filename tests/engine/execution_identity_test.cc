// An execution's identity: its ARN, its state machine's ARN and its role, in the outcome, in
// ExecutionStarted and in the context object ($$). The engine keeps the last machine's ARNs and
// the last role's details per thread (they cost more than a short execution's transitions), so
// executions that differ in any part run here one after another on one thread.
#include <gtest/gtest.h>

#include "engine/history_event.h"
#include "tests/engine/engine_test_util.h"

namespace tern::engine::testing {
namespace {

// $$ as the execution sees it, and the roleArn its ExecutionStarted records.
struct Identity {
  ExecutionOutcome outcome;
  Json context;
  Json started_details;
};

Identity RunAs(const std::string& region, const std::string& account, const std::string& machine,
               const std::string& execution, const std::string& role_arn = "") {
  VirtualClock clock(kStart);
  ScriptedInvoker invoker;
  ExecutionOptions options;
  options.region = region;
  options.account = account;
  options.state_machine_name = machine;
  options.execution_name = execution;
  options.role_arn = role_arn;
  Identity id;
  id.outcome = RunExecution(Compile(R"({"StartAt": "P", "States": {
    "P": {"Type": "Pass", "Parameters": {"ctx.$": "$$"}, "End": true}}})"),
                            Json::object(), options, invoker, clock);
  EXPECT_EQ(id.outcome.status, ExecutionStatus::kSucceeded);
  if (id.outcome.output) id.context = id.outcome.output->at("ctx");
  if (!id.outcome.history.empty()) id.started_details = id.outcome.history[0].details();
  return id;
}

TEST(ExecutionIdentity, EachExecutionGetsItsOwnArnsAndRoleWhateverRanBefore) {
  struct Case {
    std::string region, account, machine, execution, role;
  };
  const std::vector<Case> cases = {
      {"us-east-1", "123456789012", "Orders", "first", ""},
      {"us-east-1", "123456789012", "Orders", "second", ""},  // same machine, other execution
      {"eu-west-1", "123456789012", "Orders", "third", ""},   // another region
      {"eu-west-1", "210987654321", "Orders", "fourth", ""},  // another account
      {"eu-west-1", "210987654321", "Billing", "fifth", ""},  // another machine
      {"eu-west-1", "210987654321", "Billing", "sixth", "arn:aws:iam::210987654321:role/own"},
      {"eu-west-1", "210987654321", "Billing", "seventh", ""},  // back to the default role
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.execution);
    Identity id = RunAs(c.region, c.account, c.machine, c.execution, c.role);
    const std::string machine_arn =
        "arn:aws:states:" + c.region + ":" + c.account + ":stateMachine:" + c.machine;
    const std::string execution_arn = "arn:aws:states:" + c.region + ":" + c.account +
                                      ":execution:" + c.machine + ":" + c.execution;
    const std::string role =
        c.role.empty() ? "arn:aws:iam::" + c.account + ":role/tern-local" : c.role;
    EXPECT_EQ(id.outcome.state_machine_arn, machine_arn);
    EXPECT_EQ(id.outcome.execution_arn, execution_arn);
    EXPECT_EQ(id.context["StateMachine"]["Id"], machine_arn);
    EXPECT_EQ(id.context["StateMachine"]["Name"], c.machine);
    EXPECT_EQ(id.context["Execution"]["Id"], execution_arn);
    EXPECT_EQ(id.context["Execution"]["Name"], c.execution);
    EXPECT_EQ(id.context["Execution"]["RoleArn"], role);
    EXPECT_EQ(id.started_details["roleArn"], role);
  }
}

}  // namespace
}  // namespace tern::engine::testing
