#include "workers/detail/log_lines.h"

#include <gtest/gtest.h>

#include "workers/detail/text_util.h"

namespace tern::workers::detail {
namespace {

TEST(LogLines, StartEndReportAsLambdaWritesThem) {
  EXPECT_EQ(StartLine("id-1", "$LATEST"), "START RequestId: id-1 Version: $LATEST\n");
  EXPECT_EQ(EndLine("id-1"), "END RequestId: id-1\n");
  ReportFields f;
  f.request_id = "id-1";
  f.duration_ms = 1.234;
  f.billed_ms = BilledMs(1.234);
  f.memory_size_mb = 128;
  f.max_memory_used_mb = 20;
  EXPECT_EQ(ReportLine(f),
            "REPORT RequestId: id-1\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 "
            "MB\tMax Memory Used: 20 MB\t\n");
  f.init_duration_ms = 45.678;
  EXPECT_EQ(ReportLine(f),
            "REPORT RequestId: id-1\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 "
            "MB\tMax Memory Used: 20 MB\tInit Duration: 45.68 ms\t\n");
}

TEST(LogLines, BilledDurationRoundsUpToWholeMilliseconds) {
  EXPECT_EQ(BilledMs(0.01), 1);
  EXPECT_EQ(BilledMs(2.0), 2);
  EXPECT_EQ(BilledMs(2.001), 3);
}

TEST(LogLines, TimeoutLine) {
  EXPECT_EQ(TimeoutLine(1764091800123, "id-2", 3),
            "2025-11-25T17:30:00.123Z id-2 Task timed out after 3.00 seconds\n");
}

TEST(TextUtil, Base64) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(TextUtil, Ids) {
  std::string id = NewRequestId();
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(NewRequestId(), id);
  EXPECT_TRUE(NewTraceId().starts_with("Root=1-"));
}

}  // namespace
}  // namespace tern::workers::detail
