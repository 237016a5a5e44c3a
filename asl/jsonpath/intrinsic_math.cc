// The math intrinsics: States.MathAdd and States.MathRandom.

#include <cmath>
#include <cstdint>
#include <optional>
#include <random>

#include "asl/jsonpath/detail/intrinsic_ast.h"

namespace tern::asl::jsonpath::detail {
namespace {

constexpr int64_t kIntMin = -2147483648LL;
constexpr int64_t kIntMax = 2147483647LL;

// Java's Math.round: half rounds up (towards positive infinity), e.g. -2.5 -> -2.
std::optional<int64_t> JavaRound(const Json& v) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      return std::nullopt;
    }
    return v.get<int64_t>();
  }
  if (!v.is_number_float()) return std::nullopt;
  double d = v.get<double>();
  if (!std::isfinite(d) || std::fabs(d) > 9.0e18) return std::nullopt;
  return static_cast<int64_t>(std::floor(d + 0.5));
}

std::optional<int64_t> Truncate(const Json& v) {
  if (v.is_number_integer()) return JavaRound(v);
  if (!v.is_number_float()) return std::nullopt;
  double d = v.get<double>();
  if (!std::isfinite(d) || std::fabs(d) > 9.0e18) return std::nullopt;
  return static_cast<int64_t>(std::trunc(d));
}

// java.util.Random, so that a seeded MathRandom yields what a JVM would.
class JavaRandom {
 public:
  explicit JavaRandom(int64_t seed) : seed_((static_cast<uint64_t>(seed) ^ kMultiplier) & kMask) {}

  int32_t NextInt(int32_t bound) {
    int32_t r = Next(31);
    int32_t m = bound - 1;
    if ((bound & m) == 0) {
      return static_cast<int32_t>((static_cast<int64_t>(bound) * r) >> 31);
    }
    for (int32_t u = r; u - (r = u % bound) + m < 0; u = Next(31)) {
    }
    return r;
  }

 private:
  static constexpr uint64_t kMultiplier = 0x5DEECE66DULL;
  static constexpr uint64_t kMask = (1ULL << 48) - 1;

  int32_t Next(int bits) {
    seed_ = (seed_ * kMultiplier + 0xBULL) & kMask;
    return static_cast<int32_t>(seed_ >> (48 - bits));
  }

  uint64_t seed_;
};

}  // namespace

Result<Json, Failure> StatesMathAdd(const std::vector<Json>& args, const IntrinsicNode& node) {
  std::optional<int64_t> a = JavaRound(args[0]);
  std::optional<int64_t> b = JavaRound(args[1]);
  // Operands and the sum are Java ints: 2147483647 + 1 fails rather than overflowing.
  if (!a || !b || *a < kIntMin || *a > kIntMax || *b < kIntMin || *b > kIntMax ||
      *a + *b < kIntMin || *a + *b > kIntMax) {
    return Unexpected(InvalidArguments(node));
  }
  return Json(*a + *b);
}

// Bounds are truncated to ints; the result lies in [start, end).
Result<Json, Failure> StatesMathRandom(const std::vector<Json>& args, const IntrinsicNode& node) {
  std::optional<int64_t> start = Truncate(args[0]);
  std::optional<int64_t> end = Truncate(args[1]);
  if (!start || !end || *start < kIntMin || *end > kIntMax || *start >= *end) {
    return Unexpected(InvalidArguments(node));
  }
  int64_t span = *end - *start;
  if (span > kIntMax) return Unexpected(InvalidArguments(node));
  if (args.size() == 3) {
    std::optional<int64_t> seed = Truncate(args[2]);
    if (!seed) return Unexpected(InvalidArguments(node));
    JavaRandom random(*seed);
    return Json(*start + random.NextInt(static_cast<int32_t>(span)));
  }
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_int_distribution<int64_t> dist(0, span - 1);
  return Json(*start + dist(engine));
}

}  // namespace tern::asl::jsonpath::detail
