// The list every cli/*_command.cc adds itself to (see CommandRegistration in commands.h).
#include <algorithm>

#include "cli/commands.h"

namespace tern::cli {
namespace {

// A function-local static: registrations run during static initialisation of other
// translation units, in an order the language leaves open.
std::vector<RegisteredCommand>& Registry() {
  static std::vector<RegisteredCommand> commands;
  return commands;
}

}  // namespace

CommandRegistration::CommandRegistration(int order, CommandFactory factory) {
  Registry().push_back({order, factory});
}

std::vector<RegisteredCommand> RegisteredCommands() {
  std::vector<RegisteredCommand> sorted = Registry();
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const RegisteredCommand& a, const RegisteredCommand& b) {
                     return a.order < b.order;
                   });
  return sorted;
}

}  // namespace tern::cli
