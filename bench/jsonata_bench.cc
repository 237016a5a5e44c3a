// JSONata evaluation speed: microseconds per Evaluate (mean, p50, p99) of the cases in
// bench/jsonata/cases.json, each expression compiled once and evaluated repeatedly on the same
// parsed input. Prints one JSON object per case, with the result value so that
// bench/run_jsonata_bench.sh can check it against the npm package jsonata (bench/peer/jsonata.mjs),
// which it runs on the same cases in the same run.
//
// Usage: tern_jsonata_bench [--seconds S] [--warmup-seconds S] [--cases FILE] [CASE_NAME ...]
//   --seconds S          timed phase per case lasts at least S seconds (default 1)
//   --warmup-seconds S   untimed evaluations before that (default 0.5)
//   --cases FILE         the cases (default: $TERN_SOURCE_DIR/bench/jsonata/cases.json)
//   CASE_NAME ...        run only these cases (default: all)
// A case's input is `data` (inline), `data_file` (a file next to cases.json) or `dataset` (NAME
// of $TERN_SHARED_DIR/jsonata-suite/datasets/NAME.json; TERN_SHARED_DIR defaults to the
// checkout's ../shared). Exit status: 0 ok, 1 a case failed to compile or evaluate, 2 bad usage
// or unreadable files.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "asl/jsonata/jsonata.h"
#include "common/json.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
namespace jsonata = tern::asl::jsonata;

// Nearest-rank percentile (the peer script uses the same definition).
double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
  size_t i = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return sorted[std::min(i, sorted.size() - 1)];
}

double Round(double x, int digits) {
  double f = std::pow(10.0, digits);
  return std::round(x * f) / f;
}

std::optional<tern::Json> ReadJsonFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "tern_jsonata_bench: cannot open " << path.string() << "\n";
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    return tern::Json::parse(text.str());
  } catch (const std::exception& e) {
    std::cerr << "tern_jsonata_bench: " << path.string() << ": " << e.what() << "\n";
    return std::nullopt;
  }
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 1.0;
  double warmup_seconds = 0.5;
  fs::path cases_file = fs::path(TERN_SOURCE_DIR) / "bench" / "jsonata" / "cases.json";
  std::vector<std::string> only;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (std::strcmp(argv[i], "--warmup-seconds") == 0 && i + 1 < argc) {
      warmup_seconds = std::atof(argv[++i]);
    } else if (std::strcmp(argv[i], "--cases") == 0 && i + 1 < argc) {
      cases_file = argv[++i];
    } else if (argv[i][0] == '-') {
      std::cerr << "usage: tern_jsonata_bench [--seconds S] [--warmup-seconds S] [--cases FILE] "
                   "[CASE_NAME ...]\n";
      return 2;
    } else {
      only.push_back(argv[i]);
    }
  }
  const char* shared_env = std::getenv("TERN_SHARED_DIR");
  const fs::path shared_dir = shared_env != nullptr && *shared_env != '\0'
                                  ? fs::path(shared_env)
                                  : fs::path(TERN_SOURCE_DIR) / ".." / "shared";
  const fs::path datasets_dir = shared_dir / "jsonata-suite" / "datasets";

  auto cases = ReadJsonFile(cases_file);
  if (!cases) return 2;
  if (!cases->is_array()) {
    std::cerr << "tern_jsonata_bench: " << cases_file.string() << ": expected an array of cases\n";
    return 2;
  }

  for (const std::string& name : only) {
    bool found = std::any_of(cases->begin(), cases->end(),
                             [&](const tern::Json& c) { return c.value("name", "") == name; });
    if (!found) {
      std::cerr << "tern_jsonata_bench: no case named " << name << " in " << cases_file.string()
                << "\n";
      return 2;
    }
  }

  int status = 0;
  for (const tern::Json& c : *cases) {
    const std::string name = c.value("name", std::string());
    if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
    const std::string text = c.value("expr", std::string());

    // The input: nullopt = undefined (no input at all).
    std::optional<tern::Json> input;
    if (c.contains("data")) {
      input = c["data"];
    } else if (c.contains("data_file")) {
      input = ReadJsonFile(cases_file.parent_path() / c["data_file"].get<std::string>());
      if (!input) return 2;
    } else if (c.contains("dataset") && c["dataset"].is_string()) {
      input = ReadJsonFile(datasets_dir / (c["dataset"].get<std::string>() + ".json"));
      if (!input) {
        std::cerr << "(set TERN_SHARED_DIR to the directory holding jsonata-suite/)\n";
        return 2;
      }
    }
    const tern::Json* input_ptr = input ? &*input : nullptr;

    tern::Json line{{"engine", "tern"}, {"case", name}};
    auto expr = jsonata::Expression::Compile(text);
    if (!expr) {
      line["error"] = "compile: " + expr.error().ToString();
      std::cout << line.dump() << std::endl;
      status = 1;
      continue;
    }

    // First evaluation: the result, and whether it works at all.
    auto first = expr->Evaluate(input_ptr);
    if (!first) {
      line["error"] = "evaluate: " + first.error().ToString();
      std::cout << line.dump() << std::endl;
      status = 1;
      continue;
    }

    // Warm-up (untimed), then the timed phase: one clock read per evaluation.
    auto warm = Clock::now();
    size_t failures = 0;
    do {
      auto r = expr->Evaluate(input_ptr);
      failures += !r.has_value();
    } while (Seconds(warm) < warmup_seconds);

    std::vector<double> latencies_us;
    latencies_us.reserve(1 << 20);
    const auto start = Clock::now();
    auto t0 = start;
    for (;;) {
      auto r = expr->Evaluate(input_ptr);
      failures += !r.has_value();
      auto t1 = Clock::now();
      latencies_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
      t0 = t1;
      if (latencies_us.size() >= 5 && std::chrono::duration<double>(t1 - start).count() >= seconds)
        break;
    }
    const double total_s = Seconds(start);
    std::sort(latencies_us.begin(), latencies_us.end());

    line["evals"] = latencies_us.size();
    line["us_per_eval"] = Round(total_s * 1e6 / static_cast<double>(latencies_us.size()), 4);
    line["p50_us"] = Round(Percentile(latencies_us, 50), 4);
    line["p99_us"] = Round(Percentile(latencies_us, 99), 4);
    line["wall_s"] = Round(total_s, 3);
    if (failures > 0) {  // an evaluation that worked once failed later: report, do not hide
      line["failed_evals"] = failures;
      status = 1;
    }
    if (first->has_value()) {
      line["result"] = **first;
    } else {
      line["undefined"] = true;
    }
    std::cout << line.dump() << std::endl;
  }
  return status;
}
