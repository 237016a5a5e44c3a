// `tern dlq list|show ID|redrive ID|redrive --all [--db PATH] [--json]`: the dead-letter list of
// asynchronous invocations (docs/async.md). An Event invocation lands here when it failed (or
// was stopped, or grew too old) and its function has no OnFailure destination. `redrive` puts
// the event back in the async queue with a fresh age and attempt count; the next tern process
// on this database that runs the function (tern serve, tern sources run, ...) delivers it.
// Exit 0 on success, 1 when a named dead letter does not exist, 2 for usage or I/O errors.
#include <iostream>

#include "cli/audit_support.h"
#include "cli/commands.h"
#include "common/json.h"

namespace tern::cli {
namespace {

struct DlqArgs {
  std::string action;  // list | show | redrive
  std::string db;
  int64_t id = 0;
  bool all = false;
  bool json = false;
  size_t limit = 0;
};

Json ParsedOrText(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json(text) : j;
}

Json LetterJson(const storage::DeadLetterRecord& d, bool full) {
  Json j{{"id", d.id},
         {"requestId", d.request_id},
         {"functionArn", d.function_arn},
         {"condition", d.condition},
         {"reason", d.reason},
         {"attempts", d.attempts},
         {"accepted", FormatTime(d.accepted)},
         {"failed", FormatTime(d.failed)}};
  if (full) {
    j["traceId"] = d.trace_id;
    j["payload"] = ParsedOrText(d.payload);
    j["record"] = ParsedOrText(d.record);
  }
  return j;
}

int List(storage::Store& store, const DlqArgs& args) {
  auto letters = store.ListDeadLetters(args.limit);
  if (!letters) {
    std::cerr << "tern dlq list: " << letters.error().message() << "\n";
    return kExitUsage;
  }
  if (args.json) {
    Json out = Json::array();
    for (const auto& d : *letters) out.push_back(LetterJson(d, false));
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  if (letters->empty()) {
    std::cout << "no dead letters\n";
    return kExitOk;
  }
  for (const auto& d : *letters) {
    std::cout << d.id << "  " << FormatTime(d.failed) << "  " << d.condition << "  "
              << NameFromArn(d.function_arn) << "  " << d.request_id << "  " << d.reason << "\n";
  }
  return kExitOk;
}

int Show(storage::Store& store, const DlqArgs& args) {
  auto letter = store.GetDeadLetter(args.id);
  if (!letter) {
    std::cerr << "tern dlq show: " << letter.error().message() << "\n";
    return letter.error().code() == StatusCode::kNotFound ? kExitFailed : kExitUsage;
  }
  std::cout << LetterJson(*letter, true).dump(2) << "\n";
  return kExitOk;
}

int Redrive(storage::Store& store, const DlqArgs& args) {
  std::vector<int64_t> ids;
  if (args.all) {
    auto letters = store.ListDeadLetters(0);
    if (!letters) {
      std::cerr << "tern dlq redrive: " << letters.error().message() << "\n";
      return kExitUsage;
    }
    for (const auto& d : *letters) ids.push_back(d.id);
  } else {
    ids.push_back(args.id);
  }
  for (int64_t id : ids) {
    auto event = store.RedriveDeadLetter(id, NowMs());
    if (!event) {
      std::cerr << "tern dlq redrive: " << event.error().message() << "\n";
      return event.error().code() == StatusCode::kNotFound ? kExitFailed : kExitUsage;
    }
    std::cout << "dead letter " << id << " is async event " << *event << " again\n";
  }
  if (args.all)
    std::cout << "redrove " << ids.size() << " dead letter" << (ids.size() == 1 ? "" : "s") << "\n";
  return kExitOk;
}

int RunDlq(const DlqArgs& args) {
  if (args.action == "redrive" && args.all == (args.id != 0)) {
    std::cerr << "tern dlq redrive: give one dead letter's ID, or --all\n";
    return kExitUsage;
  }
  auto store = OpenForAudit("dlq " + args.action, args.db);
  if (!store) return kExitUsage;
  if (args.action == "list") return List(*store, args);
  if (args.action == "show") return Show(*store, args);
  return Redrive(*store, args);
}

}  // namespace

CommandRunner AddDlqCommand(CLI::App& app);
const CommandRegistration kRegistration{70, &AddDlqCommand};

CommandRunner AddDlqCommand(CLI::App& app) {
  auto args = std::make_shared<DlqArgs>();
  CLI::App* cmd =
      app.add_subcommand("dlq", "The dead-letter list of async invocations: list, show, redrive");
  cmd->require_subcommand(1);
  CLI::App* list = cmd->add_subcommand("list", "List dead letters, oldest first");
  list->add_option("--limit", args->limit, "At most this many (default: all)");
  list->add_flag("--json", args->json, "A JSON array instead of lines");
  CLI::App* show = cmd->add_subcommand("show", "Print one dead letter with its payload and record");
  show->add_option("id", args->id, "The dead letter's ID (from tern dlq list)")->required();
  CLI::App* redrive =
      cmd->add_subcommand("redrive", "Put dead letters back in the async queue for delivery");
  redrive->add_option("id", args->id, "The dead letter's ID");
  redrive->add_flag("--all", args->all, "Every dead letter");
  for (CLI::App* sub : {list, show, redrive}) {
    AddDbOption(sub, args->db);
    sub->callback([args, sub] { args->action = sub->get_name(); });
  }
  return [args] { return RunDlq(*args); };
}

}  // namespace tern::cli
