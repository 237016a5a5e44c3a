#include "storage/sqlite/owner_identity.h"

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <unistd.h>

namespace tern::storage::sqlite {

std::optional<int64_t> ProcessStartTime(int64_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  if (!in) return std::nullopt;
  std::string line;
  std::getline(in, line);
  // Field 2 is the command name in parentheses and may itself hold spaces or ')': count
  // fields from the last ')'. Field 3 follows it, so field 22 is the 20th after it.
  size_t paren = line.rfind(')');
  if (paren == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(paren + 1));
  std::string field;
  for (int i = 3; i <= 22; ++i) {
    if (!(rest >> field)) return std::nullopt;
  }
  try {
    return std::stoll(field);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool ProcessAlive(int64_t pid, int64_t start_time) {
  std::optional<int64_t> actual = ProcessStartTime(pid);
  return actual && *actual == start_time;
}

std::string HostName() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

OwnerIdentity NewOwnerIdentity() {
  OwnerIdentity owner;
  owner.pid = getpid();
  owner.start_time = ProcessStartTime(owner.pid).value_or(0);
  owner.host = HostName();
  std::random_device random;
  char nonce[17];
  std::snprintf(nonce, sizeof nonce, "%08x%08x", random(), random());
  owner.id = std::to_string(owner.pid) + "-" + std::to_string(owner.start_time) + "-" + nonce;
  return owner;
}

}  // namespace tern::storage::sqlite
