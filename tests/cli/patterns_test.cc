// The examples that replace synchronous waiting (docs/patterns.md), run as a user would: the
// real binary, real function processes, a real database, each example copied to a scratch
// folder first (functions write files next to their code).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"
#include "tests/cli/cli_runner.h"

namespace tern::testing {
namespace {

namespace fs = std::filesystem;


std::string CopyExample(const TempDir& tmp, const std::string& name) {
  const std::string dir = tmp.path() + "/" + name;
  fs::copy(Source("examples/" + name), dir, fs::copy_options::recursive);
  return dir;
}

// Waits for the function to write its approval request; returns the token in it.
std::string AwaitToken(const std::string& outbox, size_t nth) {
  for (int i = 0; i < 3000; ++i) {
    std::vector<fs::path> files;
    if (fs::exists(outbox)) {
      for (const auto& e : fs::directory_iterator(outbox)) files.push_back(e.path());
    }
    if (files.size() >= nth) {
      std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        return fs::last_write_time(a) < fs::last_write_time(b);
      });
      Json request = Json::parse(ReadAll(files[nth - 1].string()), nullptr, false);
      if (request.is_object()) return request["token"].get<std::string>();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "no approval request appeared in " << outbox;
  return "";
}

Json Describe(const std::string& dir, const std::string& name) {
  CommandResult r = RunTernIn(dir, "describe " + name + " --db tern.db --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return Json::parse(r.out, nullptr, false);
}

TEST(Patterns, ApprovalWithATaskTokenHoldsNoProcess) {
  TempDir tmp;
  const std::string dir = CopyExample(tmp, "approval");
  const std::string outbox = dir + "/functions/request/outbox";

  CommandResult start = RunTernIn(dir, "start approval --db tern.db --name e1 --input "
                                    "'{\"employee\": \"ada\", \"amount\": 120}'");
  ASSERT_EQ(start.exit_code, 0) << start.err;
  // The runner asks for approval and exits: the execution waits in the database.
  CommandResult resume = RunTernIn(dir, "resume --db tern.db");
  ASSERT_EQ(resume.exit_code, 0) << resume.err;
  EXPECT_NE(resume.err.find("1 execution waits for a task token"), std::string::npos) << resume.err;
  EXPECT_EQ(Describe(dir, "e1")["status"], "RUNNING");

  const std::string token = AwaitToken(outbox, 1);
  CommandResult approve =
      RunTernIn(dir, "task success " + token + " --output '{\"by\": \"grace\"}' --db tern.db");
  ASSERT_EQ(approve.exit_code, 0) << approve.err;
  Json e1 = Describe(dir, "e1");
  EXPECT_EQ(e1["status"], "SUCCEEDED") << e1.dump();
  EXPECT_EQ(Json::parse(e1["output"].get<std::string>()),
            (Json{{"paid", 120}, {"approvedBy", "grace"}}));
  // A token is answered once.
  CommandResult again = RunTernIn(dir, "task success " + token + " --db tern.db");
  EXPECT_EQ(again.exit_code, 1) << again.err;

  // Refused: the Catch on the task's error.
  ASSERT_EQ(RunTernIn(dir, "start approval --db tern.db --name e2 --input '{\"amount\": 9}'").exit_code,
            0);
  ASSERT_EQ(RunTernIn(dir, "resume --db tern.db").exit_code, 0);
  const std::string token2 = AwaitToken(outbox, 2);
  CommandResult refuse = RunTernIn(dir, "task failure " + token2 +
                                         " --error Rejected --cause 'over budget' --db tern.db");
  ASSERT_EQ(refuse.exit_code, 0) << refuse.err;
  Json e2 = Describe(dir, "e2");
  EXPECT_EQ(e2["status"], "FAILED");
  EXPECT_EQ(e2["error"], "ExpenseRefused");

  CommandResult verify = RunTernIn(dir, "verify --db tern.db");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST(Patterns, ApprovalReachesARunningProcess) {
  TempDir tmp;
  const std::string dir = CopyExample(tmp, "approval");
  // `tern run --db` waits in the foreground; the answer comes from another process.
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(126);
    int fd = open((dir + "/.run.out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    execl(TERN_BINARY, TERN_BINARY, "run", "approval", "--db", "tern.db", "--name", "live",
          "--input", "{\"amount\": 5}", static_cast<char*>(nullptr));
    _exit(127);
  }
  const std::string token = AwaitToken(dir + "/functions/request/outbox", 1);
  CommandResult approve =
      RunTernIn(dir, "task success " + token + " --output '{\"by\": \"lin\"}' --db tern.db");
  EXPECT_EQ(approve.exit_code, 0) << approve.err;
  EXPECT_NE(approve.err.find("continues it"), std::string::npos) << approve.err;
  int status = 0;
  bool exited = false;
  for (int i = 0; i < 6000 && !exited; ++i) {
    exited = waitpid(pid, &status, WNOHANG) == pid;
    if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!exited) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL() << "tern run did not finish in 60 s\n" << ReadAll(dir + "/.run.out");
  }
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadAll(dir + "/.run.out");
  EXPECT_NE(ReadAll(dir + "/.run.out").find("\"approvedBy\": \"lin\""), std::string::npos)
      << ReadAll(dir + "/.run.out");
}

TEST(Patterns, PollingWithWaitAndChoice) {
  TempDir tmp;
  const std::string dir = CopyExample(tmp, "polling");
  auto start = std::chrono::steady_clock::now();
  CommandResult r =
      RunTernIn(dir, "run report --json --input '{\"takesSeconds\": 2, \"pollSeconds\": 1}'");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  Json out = Json::parse(r.out);
  EXPECT_EQ(out["output"]["result"], (Json{{"rows", 42}}));
  // It really waited (the job takes 2 s) and polled more than once, with Waits in between.
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  int waits = 0, checks = 0;
  for (const Json& e : out["history"]) {
    waits += e["type"] == "WaitStateEntered";
    checks += e["type"] == "TaskStateEntered" &&
              e["stateEnteredEventDetails"]["name"] == "CheckJob";
  }
  EXPECT_GE(waits, 2);
  EXPECT_EQ(waits, checks);
}

TEST(Patterns, ChainAsAWorkflow) {
  TempDir tmp;
  const std::string dir = CopyExample(tmp, "chain");
  CommandResult r =
      RunTernIn(dir, "run thumbnail-pipeline --input '{\"image\": \"cat.png\", \"uploader\": \"ada\"}'");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(Json::parse(r.out), (Json{{"notified", "ada"}, {"thumbnail", "cat-thumb.png"}}));
  Json note = Json::parse(ReadAll(dir + "/functions/images/notifications/ada.json"));
  EXPECT_EQ(note["width"], 128);
}

}  // namespace
}  // namespace tern::testing
