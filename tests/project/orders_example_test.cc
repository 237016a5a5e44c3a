// examples/orders/template.yaml loads, its definition gets its substitutions, and it has no
// recursive loop.
#include <gtest/gtest.h>

#include "project/loops.h"
#include "project/project.h"

namespace tern::project {
namespace {

TEST(OrdersExample, LoadsWithItsFunctionsAndStateMachine) {
  std::string dir = std::string(TERN_SOURCE_DIR) + "/examples/orders";
  auto file = FindProjectFile(dir);
  ASSERT_TRUE(file.has_value()) << file.error().message();
  auto project = LoadProject(*file);
  ASSERT_TRUE(project.has_value()) << project.error().message();
  ASSERT_EQ(project->functions.size(), 2u);
  const FunctionSpec* validate = project->FindFunction("orders-validate-dev");
  ASSERT_NE(validate, nullptr);
  EXPECT_EQ(validate->runtime_family, RuntimeFamily::kPython);
  EXPECT_EQ(validate->code_dir, dir + "/functions/validate");
  EXPECT_EQ(validate->memory_mb, 256);
  EXPECT_EQ(validate->environment.at("STAGE"), "dev");
  const FunctionSpec* charge = project->FindFunction("orders-charge-dev");
  ASSERT_NE(charge, nullptr);
  EXPECT_EQ(charge->runtime_family, RuntimeFamily::kNode);
  EXPECT_EQ(charge->timeout_seconds, 30);
  ASSERT_EQ(project->state_machines.size(), 1u);
  const StateMachineSpec& machine = project->state_machines[0];
  EXPECT_EQ(machine.name, "orders-dev");
  Json definition = Json::parse(machine.definition);
  EXPECT_EQ(definition["States"]["ValidateOrder"]["Parameters"]["FunctionName"], validate->arn);
  EXPECT_EQ(definition["States"]["Charge"]["Resource"], charge->arn);
  EXPECT_TRUE(FindLoops(*project).empty());
}

TEST(OrdersExample, StageOverrideRenamesEverything) {
  LoadOptions options;
  options.parameter_overrides = {{"Stage", "prod"}};
  auto project =
      LoadProject(std::string(TERN_SOURCE_DIR) + "/examples/orders/template.yaml", options);
  ASSERT_TRUE(project.has_value()) << project.error().message();
  EXPECT_NE(project->FindFunction("orders-validate-prod"), nullptr);
  EXPECT_NE(project->FindStateMachine("orders-prod"), nullptr);
}

}  // namespace
}  // namespace tern::project
