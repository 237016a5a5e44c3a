// HistoryEvent::DetailsText() is what the durable runner stores: the same text as the details
// object it writes directly (the conformance test compares the two on every recorded case).
#include "engine/history_event.h"

#include <gtest/gtest.h>

#include "common/json_text.h"

namespace tern::engine {
namespace {

// An execution may hold 25,000 events in memory and writes two per transition: their size is a
// cost every transition pays (256 bytes once; 152 with the shared name and JSON text).
static_assert(sizeof(HistoryEvent) <= 152, "HistoryEvent grew: see engine/history_event.h");

TEST(HistoryEventDetails, TextIsTheDetailsObjectWritten) {
  HistoryEvent e;
  e.name = SharedText("Say \"hi\"\n");
  e.index = 3;
  e.input = SharedText(R"({"a":"é"})");
  e.output = SharedText("[1]");
  e.extra = std::make_shared<const Json>(Json{{"error", "E"}, {"cause", "bad\x01 byte"}});
  EXPECT_EQ(e.DetailsText(), DumpCompact(e.details()));
  EXPECT_EQ(HistoryEvent().DetailsText(), "{}");
}

TEST(HistoryEventDetails, InvalidUtf8IsReplacedAsInTheDetailsObject) {
  HistoryEvent e;
  e.output = SharedText(std::string("\"\xff\""));
  EXPECT_EQ(e.DetailsText(), DumpCompact(e.details()));
}

TEST(HistoryEventDetails, ExtraFieldsThatRepeatAFieldAreMergedAsDetailsDoes) {
  HistoryEvent e;
  e.output = SharedText("1");
  e.extra = std::make_shared<const Json>(Json{{"output", "2"}, {"resource", "r"}});
  EXPECT_EQ(e.DetailsText(), DumpCompact(e.details()));
  EXPECT_EQ(e.DetailsText(), R"({"output":"2","outputDetails":{"truncated":false},"resource":"r"})");
}

}  // namespace
}  // namespace tern::engine
