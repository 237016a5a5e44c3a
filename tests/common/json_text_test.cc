// DumpCompact must write exactly what nlohmann's dump(-1, ' ', false, replace) writes: history
// text, API bodies and digests of stored documents depend on it. Compared on edge cases, on
// every document of the shared conformance and JSONata data, and on random documents.
#include "common/json_text.h"

#include <bit>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace tern {
namespace {

std::string Reference(const Json& v) { return v.dump(-1, ' ', false, Json::error_handler_t::replace); }

void ExpectSame(const Json& v) { EXPECT_EQ(DumpCompact(v), Reference(v)) << "value type " << v.type_name(); }

TEST(DumpCompact, Scalars) {
  for (const Json& v :
       {Json(), Json(true), Json(false), Json(0), Json(-1), Json(std::numeric_limits<int64_t>::min()),
        Json(std::numeric_limits<int64_t>::max()), Json(std::numeric_limits<uint64_t>::max()),
        Json(0.0), Json(-0.0), Json(0.1), Json(1.0), Json(-2.5), Json(1e21), Json(1e-7),
        Json(123456789012345678.0), Json(5e-324), Json(1.7976931348623157e308),
        Json(std::nan("")), Json(std::numeric_limits<double>::infinity()),
        Json(-std::numeric_limits<double>::infinity()), Json(""), Json("plain")}) {
    ExpectSame(v);
  }
  EXPECT_EQ(DumpCompact(Json(1.0)), "1.0");
  EXPECT_EQ(DumpCompact(Json(std::nan(""))), "null");
}

TEST(DumpCompact, EscapesEveryControlCharacterAndKeepsDelete) {
  std::string all;
  for (int c = 0; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  ExpectSame(Json(all));
  EXPECT_EQ(DumpCompact(Json(std::string("a\"b\\c\n\x01\x7f"))), "\"a\\\"b\\\\c\\n\\u0001\x7f\"");
}

TEST(DumpCompact, ValidUtf8IsWrittenAsIs) {
  const std::string s = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF";
  ExpectSame(Json(s));
  EXPECT_EQ(DumpCompact(Json(s)), "\"" + s + "\"");
}

TEST(DumpCompact, InvalidUtf8IsReplacedAsNlohmannDoes) {
  for (const char* bad : {"\x80", "a\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xED\xA0\x80",
                          "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xC3", "x\xE2\x82", "\xFF\xFE",
                          "ok\xF0\x9F\x98", "\xC3\xA9\x80tail"}) {
    ExpectSame(Json(std::string(bad)));
    ExpectSame(Json{{"k", std::string(bad)}, {std::string(bad), 1}});
  }
}

TEST(DumpCompact, StructuresKeepKeyOrder) {
  Json v = Json::parse(R"({"z":1,"a":[1,2.5,{"y":null,"b":[]}],"m":{},"e":[[]],"s":"x"})");
  ExpectSame(v);
  EXPECT_EQ(DumpCompact(v), R"({"z":1,"a":[1,2.5,{"y":null,"b":[]}],"m":{},"e":[[]],"s":"x"})");
}

TEST(DumpCompact, AppendsAfterExistingText) {
  std::string out = "prefix:";
  AppendCompact(Json{{"a", 1}}, out);
  EXPECT_EQ(out, "prefix:{\"a\":1}");
  AppendCompact(Json(std::string("\xFF")), out);  // the fallback path appends too
  EXPECT_EQ(out, "prefix:{\"a\":1}" + Reference(Json(std::string("\xFF"))));
}

TEST(DumpCompact, BinaryValuesFallBackToNlohmann) {
  Json v{{"bin", Json::binary({1, 2, 3})}};
  ExpectSame(v);
}

// Every line of the conformance cases and every JSONata dataset: real documents.
TEST(DumpCompact, SharedCorpus) {
  size_t documents = 0;
  std::ifstream cases(std::string(TERN_SHARED_DIR) + "/conformance/cases.jsonl");
  ASSERT_TRUE(cases) << "cannot open the conformance cases";
  std::string line;
  while (std::getline(cases, line)) {
    if (line.empty()) continue;
    ExpectSame(Json::parse(line));
    ++documents;
  }
  const std::filesystem::path datasets = std::string(TERN_SHARED_DIR) + "/jsonata-suite/datasets";
  if (std::filesystem::exists(datasets)) {
    for (const auto& entry : std::filesystem::directory_iterator(datasets)) {
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      Json v = Json::parse(text.str(), nullptr, false);
      if (v.is_discarded()) continue;
      ExpectSame(v);
      ++documents;
    }
  }
  EXPECT_GT(documents, 600u);
}

Json RandomValue(std::mt19937_64& rng, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 3 ? 5 : 7);
  switch (kind(rng)) {
    case 0:
      return nullptr;
    case 1:
      return rng() % 2 == 0;
    case 2:
      return static_cast<int64_t>(rng());
    case 3:
      return std::bit_cast<double>(rng());  // any bit pattern: NaN, infinities, subnormals
    case 4:
    case 5: {
      std::string s(rng() % 12, '\0');
      // Mostly ASCII, sometimes any byte, so valid and invalid UTF-8 both occur.
      for (char& c : s) c = static_cast<char>(rng() % 4 == 0 ? rng() % 256 : 0x20 + rng() % 0x60);
      return s;
    }
    case 6: {
      Json a = Json::array();
      for (size_t i = rng() % 5; i > 0; --i) a.push_back(RandomValue(rng, depth + 1));
      return a;
    }
    default: {
      Json o = Json::object();
      for (size_t i = rng() % 5; i > 0; --i) {
        o[RandomValue(rng, 4).dump(-1, ' ', false, Json::error_handler_t::replace)] =
            RandomValue(rng, depth + 1);
      }
      return o;
    }
  }
}

TEST(DumpCompact, RandomDocuments) {
  std::mt19937_64 rng(20261125);
  for (int i = 0; i < 20000; ++i) {
    Json v = RandomValue(rng, 0);
    ASSERT_EQ(DumpCompact(v), Reference(v)) << "document " << i;
  }
}

}  // namespace
}  // namespace tern
