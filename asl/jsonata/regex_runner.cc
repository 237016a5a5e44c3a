#include "asl/jsonata/regex_runner.h"

#include <exception>
#include <pthread.h>

#include "asl/jsonata/errors.h"

namespace tern::asl::jsonata {
namespace {

// Subjects up to this many bytes are searched in place (well under 256 KB of stack).
constexpr size_t kInlineSubjectBytes = 256;
// Stack per subject byte on the helper thread: measured need is 200-400 bytes for simple
// patterns; groups and alternations take more.
// AddressSanitizer makes every frame several times larger.
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kStackPerByte = 8192;
constexpr size_t kMaxStack = size_t{1} << 33;
#else
constexpr size_t kStackPerByte = 1024;
constexpr size_t kMaxStack = size_t{1} << 30;  // longer subjects fail with U1001
#endif
constexpr size_t kMinStack = 1u << 20;

struct Job {
  const std::function<void()>* work = nullptr;
  std::exception_ptr error;
};

void* RunJob(void* arg) {
  auto* job = static_cast<Job*>(arg);
  try {
    (*job->work)();
  } catch (...) {
    job->error = std::current_exception();
  }
  return nullptr;
}

}  // namespace

void RunRegexWork(size_t subject_bytes, const std::function<void()>& work) {
  if (subject_bytes <= kInlineSubjectBytes) {
    work();
    return;
  }
  size_t stack = subject_bytes * kStackPerByte + kMinStack;
  if (stack > kMaxStack) ThrowError("U1001");
  Job job;
  job.work = &work;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stack);
  pthread_t thread;
  int rc = pthread_create(&thread, &attr, RunJob, &job);
  pthread_attr_destroy(&attr);
  if (rc != 0) ThrowError("U1001");
  pthread_join(thread, nullptr);
  if (job.error) std::rethrow_exception(job.error);
}

bool RegexSearch(std::string::const_iterator begin, std::string::const_iterator end,
                 std::smatch& match, const std::regex& re,
                 std::regex_constants::match_flag_type flags) {
  bool found = false;
  RunRegexWork(static_cast<size_t>(end - begin),
               [&] { found = std::regex_search(begin, end, match, re, flags); });
  return found;
}

bool RegexMatch(const std::string& subject, std::smatch& match, const std::regex& re) {
  bool found = false;
  RunRegexWork(subject.size(), [&] { found = std::regex_match(subject, match, re); });
  return found;
}

}  // namespace tern::asl::jsonata
