// A test with its own SQLite file: a fresh directory per test (named for the test, removed
// after it), a Store opened on it as often as the test likes (as a restarted process would),
// and the state machine "Flow" created from the test's definition.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "storage/store.h"

namespace tern::runtime::testing {

class StoreFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tern-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string db_path() const { return (dir_ / "tern.db").string(); }

  std::unique_ptr<storage::Store> Open() {
    storage::StoreOptions o;
    o.path = db_path();
    auto store = storage::OpenStore(o);
    EXPECT_TRUE(store) << store.error().ToString();
    return store ? std::move(store).value() : nullptr;
  }

  // Creates the state machine "Flow" with `definition` (ASL JSON text).
  static storage::StateMachineRecord CreateFlow(storage::Store& store,
                                                const std::string& definition) {
    storage::StateMachineRecord m;
    m.name = "Flow";
    m.arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Flow";
    m.definition = definition;
    m.role_arn = "arn:aws:iam::123456789012:role/tern-local";
    auto created = store.CreateStateMachine(m);
    EXPECT_TRUE(created) << created.error().ToString();
    return created ? *created : m;
  }

  std::filesystem::path dir_;
};

}  // namespace tern::runtime::testing
