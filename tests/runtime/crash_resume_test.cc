// The durability promise end to end, with the real binary and a real SQLite file: 200
// executions of a workflow with Waits, Tasks, a Parallel and a Map are run by `tern resume`
// processes that are killed with SIGKILL at random moments; a last `tern resume` finishes
// them. Every execution must end with the output of an uncrashed run and a history with no
// gap, no duplicate and an intact hash chain.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"
#include "tests/cli/cli_runner.h"

namespace tern::testing {
namespace {

constexpr int kExecutions = 200;
constexpr int kKills = 6;

// Starts `tern ARGS...` with stdout/stderr to files; returns its pid.
pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> argv;
    std::string binary = TERN_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

// Waits up to `ms` for `pid` to exit; returns its wait status, or -1 if it still runs.
int WaitFor(pid_t pid, int ms) {
  for (int waited = 0; waited <= ms; waited += 10) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

TEST(CrashResume, KilledRunnersLoseNothing) {
  TempDir dir;
  const std::string db = dir.path() + "/tern.db";
  const std::string flow = Source("tests/runtime/testdata/crash_flow.asl.json");
  const std::string mocks = Source("tests/runtime/testdata/crash_flow.mocks.json");
  const std::string input = R"({"items":[1,2,3]})";

  // What an uncrashed run produces.
  CommandResult baseline = RunTern("run " + flow + " --fast --json --input '" + input +
                                   "' --mock " + mocks + " --test-case Happy");
  ASSERT_EQ(baseline.exit_code, 0) << baseline.err;
  Json expected = Json::parse(baseline.out);
  std::map<std::string, int> expected_types;
  for (const Json& e : expected["history"]) ++expected_types[e["type"].get<std::string>()];

  CommandResult started = RunTern("start " + flow + " --db " + db + " --count " +
                                  std::to_string(kExecutions) + " --name crash --input '" +
                                  input + "'");
  ASSERT_EQ(started.exit_code, 0) << started.err;

  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_ms(100, 700);
  const std::vector<std::string> resume = {"resume",     "--db",  db,     "--mock",
                                           mocks,        "--test-case", "Happy"};
  const std::string log = dir.path() + "/resume.log";
  int kills = 0;
  for (int round = 0; round < 40 && kills < kKills; ++round) {
    pid_t pid = Spawn(resume, log);
    int status = WaitFor(pid, delay_ms(rng));
    if (status != -1) {
      // It finished everything before we could kill it: nothing left to crash.
      ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadAll(log);
      break;
    }
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    ++kills;
  }
  EXPECT_GE(kills, 5) << "the runners finished too fast to be killed five times";

  // The last runner is left alone.
  pid_t pid = Spawn(resume, log);
  int status = WaitFor(pid, 120'000);
  ASSERT_NE(status, -1) << "tern resume did not finish in 120 s\n" << ReadAll(log);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadAll(log);

  CommandResult verified = RunTern("verify --db " + db);
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;

  CommandResult exported = RunTern("export --db " + db);
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::map<std::string, std::vector<Json>> events;
  std::istringstream lines(exported.out);
  for (std::string line; std::getline(lines, line);) {
    Json e = Json::parse(line);
    events[e["executionArn"].get<std::string>()].push_back(std::move(e));
  }
  ASSERT_EQ(events.size(), static_cast<size_t>(kExecutions));
  for (auto& [arn, history] : events) {
    SCOPED_TRACE(arn);
    std::map<std::string, int> types;
    for (size_t i = 0; i < history.size(); ++i) {
      ASSERT_EQ(history[i]["id"], static_cast<int64_t>(i + 1)) << "gap or duplicate";
      EXPECT_LT(history[i]["previousEventId"].get<int64_t>(), history[i]["id"].get<int64_t>());
      ++types[history[i]["type"].get<std::string>()];
    }
    EXPECT_EQ(types, expected_types);
    ASSERT_EQ(history.back()["type"], "ExecutionSucceeded");
    Json details = Json::parse(history.back()["details"].get<std::string>());
    EXPECT_EQ(Json::parse(details["output"].get<std::string>()), expected["output"]);
  }
}

}  // namespace
}  // namespace tern::testing
