// Runs every state machine recorded against real AWS Step Functions (../shared/conformance/,
// see its README) and compares status, output, error and cause. Prints `N passed, N failed`
// overall, per feature and per query language. Cases that cannot pass yet are listed, with the
// reason, in KNOWN_FAILURES.txt next to this file; any other failure fails the test. Cases whose
// values the recorder replaced with a placeholder, or whose definition it kept before the test
// changed it, run with what AWS ran, restored from RESTORED_INPUTS.jsonl; the figure as recorded
// is printed as well.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "asl/model/state_machine.h"
#include "asl/parse/json_reader.h"
#include "asl/validate/validator.h"
#include "common/json_text.h"
#include "engine/execution.h"
#include "engine/mock_invoker.h"
#include "tests/conformance/json_compare.h"
#include "tests/conformance/restorations.h"

namespace tern {
namespace {

struct Tally {
  int passed = 0;
  int failed = 0;
};

std::set<std::string> LoadKnownFailures() {
  std::set<std::string> known;
  std::ifstream in(std::string(TERN_SOURCE_DIR) + "/tests/conformance/KNOWN_FAILURES.txt");
  std::string line;
  while (std::getline(in, line)) {
    auto hash = line.find(" #");
    std::string id = line.substr(0, hash);
    while (!id.empty() && id.back() == ' ') id.pop_back();
    if (!id.empty() && id[0] != '#') known.insert(id);
  }
  return known;
}

// Returns "" when the case passes, else what differed. `events_differ` is set when the recorded
// history event types differ from ours (reported, see the test's summary).
std::string RunCase(const Json& c, bool& events_differ) {
  auto machine = asl::BuildStateMachine(c["definition"]);
  if (!machine) return "definition does not compile: " + machine.error();
  engine::UnavailableInvoker invoker;
  engine::RealClock real;
  engine::VirtualClock clock(real.Now());
  engine::ExecutionOptions options;
  options.state_machine_name = "ConformanceMachine";
  options.execution_name = "conformance-execution";
  auto outcome =
      engine::RunExecution(std::move(machine).value(), c["input"], options, invoker, clock);
  const Json& expected = c["expected"];
  // The durable runner stores DetailsText(); it must be the details object's text exactly.
  for (const auto& e : outcome.history) {
    if (e.DetailsText() != DumpCompact(e.details())) {
      return "event " + std::to_string(e.id) + " details text " + e.DetailsText() +
             " != " + DumpCompact(e.details());
    }
  }
  // Texts are passed on and put together rather than written again (SharedText, ResultText): the
  // execution's output text must still be exactly its output written.
  if (outcome.status == engine::ExecutionStatus::kSucceeded && !outcome.history.empty() &&
      outcome.history.back().type == "ExecutionSucceeded" &&
      outcome.history.back().output.view() != DumpCompact(*outcome.output)) {
    return "ExecutionSucceeded output " + outcome.history.back().output.str() +
           " != the output written: " + DumpCompact(*outcome.output);
  }
  events_differ = false;
  if (c.contains("event_types") && !c.value("parallel_events_normalized", false)) {
    Json types = Json::array();
    for (const auto& e : outcome.history) types.push_back(std::string(e.type));
    events_differ = types != c["event_types"];
    if (events_differ && std::getenv("TERN_CONFORMANCE_VERBOSE")) {
      std::cout << "EVENTS " << c["id"].get<std::string>() << "\n  ours: " << types.dump()
                << "\n  aws:  " << c["event_types"].dump() << "\n";
    }
  }
  const bool loose = c.value("redacted", false) || c.value("nondeterministic_or_context", false);
  std::string status(engine::ExecutionStatusName(outcome.status));
  std::ostringstream diff;
  if (status != expected.value("status", std::string())) {
    diff << "status " << status << " != " << expected.value("status", std::string());
    if (!outcome.error.empty()) diff << " (error " << outcome.error << ": " << outcome.cause << ")";
    return diff.str();
  }
  if (status == "SUCCEEDED") {
    if (!loose && !testing::JsonEquivalent(*outcome.output, expected["output"])) {
      diff << "output " << outcome.output->dump() << " != " << expected["output"].dump();
    }
    return diff.str();
  }
  std::string want_error = expected.value("error", std::string());
  if (outcome.error != want_error) {
    diff << "error '" << outcome.error << "' != '" << want_error << "' (cause: " << outcome.cause
         << ")";
    return diff.str();
  }
  std::string want_cause = expected.value("cause", std::string());
  if (!loose && outcome.cause != want_cause) {
    diff << "cause '" << outcome.cause << "' != '" << want_cause << "'";
  }
  return diff.str();
}

TEST(Conformance, RecordedAwsOutcomes) {
  std::ifstream in(std::string(TERN_SHARED_DIR) + "/conformance/cases.jsonl");
  ASSERT_TRUE(in) << "cannot open " << TERN_SHARED_DIR << "/conformance/cases.jsonl";
  const std::set<std::string> known = LoadKnownFailures();
  int unreadable = 0;
  const auto restorations = testing::LoadRestorations(
      std::string(TERN_SOURCE_DIR) + "/tests/conformance/RESTORED_INPUTS.jsonl", unreadable);
  EXPECT_EQ(unreadable, 0) << "lines of RESTORED_INPUTS.jsonl that restore nothing or are not "
                              "{id, input | literal | definition_set, ...}";
  int restored = 0, restored_passed = 0, as_recorded_passed = 0;
  std::map<std::string, Tally> by_feature, by_language;
  Tally total;
  Tally events;      // history event type sequences, where AWS recorded them
  int rejected = 0;  // definitions AWS accepted that tern validate rejects
  std::vector<std::string> unexpected, fixed;
  std::string line;
  asl::JsonReadOptions options;
  options.track_locations = false;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto parsed = asl::ReadJson(line, options);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
    const std::string id = parsed->value["id"].get<std::string>();
    bool events_differ = false;
    std::optional<Json> restored_case;
    if (auto r = restorations.find(id); r != restorations.end()) {
      restored_case = testing::RestoreCase(parsed->value, r->second);
      EXPECT_TRUE(restored_case) << id << ": the recording does not match its restoration";
      if (restored_case) {
        ++restored;
        if (RunCase(parsed->value, events_differ).empty()) ++as_recorded_passed;
      }
    }
    const Json& c = restored_case ? *restored_case : parsed->value;
    const std::string language = c["definition"].value("QueryLanguage", std::string("JSONPath"));
    // AWS accepted every recorded definition: our validator must too.
    asl::Document doc;
    doc.value = c["definition"];
    auto diagnostics = asl::Validate(doc);
    if (asl::HasErrors(diagnostics)) {
      ++rejected;
      if (std::getenv("TERN_CONFORMANCE_VERBOSE")) {
        for (const auto& d : diagnostics) {
          std::cout << "REJECTED " << id << ": " << d.code << " " << d.pointer << " " << d.message
                    << "\n";
        }
      }
    }
    std::string diff = RunCase(c, events_differ);
    (events_differ ? events.failed : events.passed)++;
    bool ok = diff.empty();
    Tally& f = by_feature[c.value("feature", std::string("?"))];
    Tally& l = by_language[language];
    (ok ? f.passed : f.failed)++;
    (ok ? l.passed : l.failed)++;
    (ok ? total.passed : total.failed)++;
    if (ok) (restored_case ? restored_passed : as_recorded_passed)++;
    if (!ok && !known.count(id)) unexpected.push_back(id + ": " + diff);
    if (ok && known.count(id)) fixed.push_back(id);
  }
  for (const auto& [name, t] : by_feature) {
    std::cout << "feature " << name << ": " << t.passed << " passed, " << t.failed << " failed\n";
  }
  for (const auto& [name, t] : by_language) {
    std::cout << "language " << name << ": " << t.passed << " passed, " << t.failed << " failed\n";
  }
  for (const auto& id : fixed)
    std::cout << "now passes (remove from KNOWN_FAILURES.txt): " << id << "\n";
  for (const auto& u : unexpected) std::cout << "UNEXPECTED FAILURE " << u << "\n";
  std::cout << "event type sequences: " << events.passed << " match, " << events.failed
            << " differ\n";
  std::cout << "definitions rejected by tern validate: " << rejected << "\n";
  std::cout << "restored inputs: " << restored << " cases, " << restored_passed
            << " of them pass\n";
  std::cout << "conformance as recorded (placeholders left in): " << as_recorded_passed
            << " passed, " << total.passed + total.failed - as_recorded_passed << " failed\n";
  std::cout << "conformance: " << total.passed << " passed, " << total.failed << " failed\n";
  EXPECT_EQ(restored, static_cast<int>(restorations.size()))
      << "entries of RESTORED_INPUTS.jsonl that match no recorded case";
  EXPECT_TRUE(unexpected.empty()) << unexpected.size() << " failures not in KNOWN_FAILURES.txt";
}

}  // namespace
}  // namespace tern
